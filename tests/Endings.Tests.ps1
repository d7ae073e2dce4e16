# Kernel tests of how associations end, judged from the peer's side (issues 11 and 16). The peer is
# tests/peers/sctp_peer.c, not SctpPS: it prints every SCTP_ASSOC_CHANGE it sees (SHUTDOWN_COMP,
# COMM_LOST with its cause) and counts the numbered messages it received, checking their order.
# The matrix below also goes to out/test-results/endings-matrix.md, one row per cell, and what the
# close-after-send cells counted to out/test-results/close-after-send.md; each row is written whether
# its cell passed or failed (with PASS or FAIL), and both tables are printed at the end for the CI log.
BeforeDiscovery {
    $kinds = 'OneToMany', 'OneToOneConnected', 'OneToOneAccepted', 'PeeledOff'
    # Endings SctpPS starts, and what the peer must record for each.
    $ours = @(
        @{ Ending = 'Close-SctpSocket'; PeerSees = 'SHUTDOWN_COMP' }
        @{ Ending = 'Close-SctpSocket -Abort'; PeerSees = 'COMM_LOST' }
        @{ Ending = 'Disconnect-SctpAssociation'; PeerSees = 'SHUTDOWN_COMP' }
        @{ Ending = 'Disconnect-SctpAssociation -Abort'; PeerSees = 'COMM_LOST' }
        @{ Ending = 'Send-SctpMessage -EndOfFile'; PeerSees = 'SHUTDOWN_COMP' }
        @{ Ending = 'Send-SctpMessage -Abort'; PeerSees = 'COMM_LOST' }
        # Issue 11's first finding: whether a runtime Socket had been made changed how the socket closed.
        @{ Ending = 'GetRuntimeSocket(), then Close-SctpSocket'; PeerSees = 'SHUTDOWN_COMP' }
    )
    # Endings the peer starts, and what SctpPS must report for each.
    $theirs = @(
        @{ Ending = 'the peer shuts down (SCTP_EOF)'; Command = 'eof'; Graceful = $true }
        @{ Ending = 'the peer closes (close(2))'; Command = 'close'; Graceful = $true }
        @{ Ending = 'the peer aborts (SCTP_ABORT)'; Command = 'abort'; Graceful = $false }
        @{ Ending = 'the peer is killed (SIGKILL)'; Command = 'kill'; Graceful = $true }
    )
    $ourCells = foreach ($k in $kinds) { foreach ($e in $ours) { @{ Kind = $k } + $e } }
    $theirCells = foreach ($k in $kinds) { foreach ($e in $theirs) { @{ Kind = $k } + $e } }
    $lossCells = foreach ($k in $kinds) {
        foreach ($sender in 'managed API', 'cmdlets') {
            @{ Kind = $k; Sender = $sender; Count = 10000; Size = 1024 }
            @{ Kind = $k; Sender = $sender; Count = 2000; Size = 65536 }
        }
    }
    # The managed API sends faster than sctp_peer reads, so its abort finds data still queued (the
    # table says how much); the cmdlets are slower, and the peer often has everything by then.
    $abortCells = foreach ($k in $kinds) {
        @{ Kind = $k; Sender = 'managed API'; Count = 10000; Size = 1024 }
        @{ Kind = $k; Sender = 'managed API'; Count = 2000; Size = 65536 }
        @{ Kind = $k; Sender = 'cmdlets'; Count = 10000; Size = 1024 }
    }
    $kindCells = foreach ($k in $kinds) { @{ Kind = $k } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 31000
    function New-Port { $script:nextPort++; $script:nextPort }

    # What the cells record, for the closing notes and the CI output (printed by AfterAll).
    $results = Join-Path (Split-Path $PSScriptRoot -Parent) 'out/test-results'
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    $script:matrix = Join-Path $results 'endings-matrix.md'
    Set-Content $script:matrix "| socket kind | ending | the peer (sctp_peer.c) recorded | SctpPS reported | result |`n| --- | --- | --- | --- | --- |"
    $script:loss = Join-Path $results 'close-after-send.md'
    Set-Content $script:loss ("| socket kind | sender | close | messages sent | received by the peer | dropped | in sequence | queued at close (TX_QUEUE) | the peer recorded | result |`n" +
        '| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |')
    function Format-Cell([string] $Text) { $Text -replace '\|', '\|' -replace '\r?\n', ' ' }
    function Add-MatrixRow([string] $Kind, [string] $Ending, [string] $Peer, [string] $Ours, [bool] $Passed) {
        $cells = $Kind, $Ending, $Peer, $Ours, $(if ($Passed) { 'PASS' } else { 'FAIL' }) | ForEach-Object { Format-Cell $_ }
        Add-Content $script:matrix "| $($cells -join ' | ') |"
    }
    # One close-after-send row from the peer's RECEIVED line (sctp_peer.c) and what was queued at close.
    function Add-LossRow([string] $Kind, [string] $Sender, [string] $Close, [int] $Count, [int] $Size, [string] $Received, [string] $Seen, $Queued, [bool] $Passed) {
        $got = if ($Received -match 'messages=(\d+)') { [int]$Matches[1] } else { $null }
        $inSequence = if ($Received -match 'in_sequence=(\w+)') { $Matches[1] } else { '?' }
        $queuedText = if ($null -eq $Queued -or $Queued -lt 0) { 'not read' } elseif ($Queued -gt 0) { "yes, $Queued bytes" } else { 'no' }
        $peer = if ($Seen) { $Seen -replace '^ASSOC_CHANGE ', '' -replace ' assoc=\d+', '' -replace ' error=(\d+)', ', cause $1' } else { 'nothing within the wait' }
        $cells = $Kind, $Sender, $Close, "$Count x $Size", "$(if ($null -ne $got) { $got } else { '?' })", "$(if ($null -ne $got) { $Count - $got } else { '?' })",
                 $inSequence, $queuedText, $peer, $(if ($Passed) { 'PASS' } else { 'FAIL' }) | ForEach-Object { Format-Cell $_ }
        Add-Content $script:loss "| $($cells -join ' | ') |"
    }

    # net.core.wmem_max or rmem_max: one write(2), as sysctl(8) does (the sandbox runs as root).
    function Set-NetCoreMax([string] $Name, $Value) {
        $stream = [System.IO.FileStream]::new("/proc/sys/net/core/$Name", 'Open', 'Write')
        try { $b = [System.Text.Encoding]::ASCII.GetBytes("$Value`n"); $stream.Write($b, 0, $b.Length) } finally { $stream.Dispose() }
    }

    # A message that carries its number (uint32, network order) first, as sctp_peer checks.
    function New-Numbered([int] $Number, [int] $Size = 16) {
        $bytes = [byte[]]::new($Size)
        [System.Buffers.Binary.BinaryPrimitives]::WriteUInt32BigEndian($bytes, [uint32]$Number)
        , $bytes
    }

    # One association of the given kind between SctpPS and a new sctp_peer.
    function New-Association([string] $Kind, [int] $BufferSize = 0) {
        $port = New-Port
        $events = 'AssociationChange', 'Shutdown'
        $listener = $null
        switch ($Kind) {
            'OneToMany' {
                $peer = Start-SctpTestPeer -Listen $port
                $socket = New-SctpSocket -NoDelay -Subscribe $events
                if ($BufferSize) { Set-SctpSocketOption -Socket $socket -SendBufferSize $BufferSize }
                $association = Connect-SctpAssociation -Socket $socket -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
            }
            'OneToOneConnected' {
                $peer = Start-SctpTestPeer -Listen $port
                $socket = New-SctpSocket -Style OneToOne -NoDelay -Subscribe $events
                if ($BufferSize) { Set-SctpSocketOption -Socket $socket -SendBufferSize $BufferSize }
                $association = Connect-SctpAssociation -Socket $socket -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
            }
            'OneToOneAccepted' {
                $listener = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -LocalPort $port -Listen -NoDelay -Subscribe $events
                if ($BufferSize) { Set-SctpSocketOption -Socket $listener -SendBufferSize $BufferSize }
                $peer = Start-SctpTestPeer -Connect $port
                $association = Wait-SctpAssociation -Socket $listener -TimeoutSeconds 10
                $socket = $association.Socket
            }
            'PeeledOff' {
                $listener = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -NoDelay -Subscribe $events
                if ($BufferSize) { Set-SctpSocketOption -Socket $listener -SendBufferSize $BufferSize }
                $peer = Start-SctpTestPeer -Connect $port
                $socket = Wait-SctpAssociation -Socket $listener -TimeoutSeconds 10 | Invoke-SctpPeelOff
                $association = Get-SctpAssociation -Socket $socket
            }
        }
        $socket | Should -Not -BeNullOrEmpty
        $association.State | Should -Be Established
        Wait-SctpTestPeer $peer '^COMM_UP' | Should -Not -BeNullOrEmpty
        [pscustomobject]@{ Kind = $Kind; Socket = $socket; Association = $association; Listener = $listener; Peer = $peer }
    }

    function Remove-Association($setup) {
        if (-not $setup) { return }
        foreach ($s in $setup.Socket, $setup.Listener) { if ($s) { $s | Close-SctpSocket } }
        Stop-SctpTestPeer $setup.Peer -Kill
    }

    # Everything SctpPS receives until the association has ended: messages, notifications, and the
    # error that ends a one-to-one socket's receives (none on a one-to-many socket, which lives on).
    function Receive-UntilEnd($setup) {
        $items = [System.Collections.Generic.List[object]]::new()
        $errors = [System.Collections.Generic.List[object]]::new()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        while ($clock.Elapsed.TotalSeconds -lt 10) {
            $got = Receive-SctpMessage -Socket $setup.Socket -TimeoutSeconds 2 -AsText -ErrorVariable failed -ErrorAction SilentlyContinue
            if ($failed) { $errors.AddRange(@($failed)); break }
            $items.Add($got)
            if ($got -is [SctpPS.SctpAssociationChangeNotification] -and $got.State -in 'ShutdownComplete', 'CommLost' -and
                $setup.Socket.Style -eq 'OneToMany' -and -not $setup.Socket.PeeledOffFrom) { break }
        }
        [pscustomobject]@{ Items = $items; Errors = $errors }
    }

    # A managed-API sender (plain C#, no cmdlets): numbered messages, then the end asked for right after
    # the last Send; numbered messages for the cmdlets, made as the pipeline takes them (a PowerShell
    # function call per message cost 7 s per 10,000 under UML, and 2,000 arrays of 64 KiB made up
    # front 20 s more); what the kernel still holds for an association; SIGSTOP and SIGCONT.
    # (The module is built for net8.0, pwsh runs net10.0: the compiler's note about that is not a problem.)
    Add-Type -ReferencedAssemblies (Join-Path (Get-SctpPSModulePath) 'SctpPS.dll') -IgnoreWarnings -WarningAction SilentlyContinue -TypeDefinition @'
public static class EndingsSender
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public const int SIGCONT = 18, SIGSTOP = 19;

    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
            throw new System.InvalidOperationException($"kill({pid}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    /// <summary>SIGCONT after a delay, in case the test is stuck in a call that waits for the stopped process.</summary>
    public static System.Threading.Timer ContinueLater(int pid, int milliseconds) =>
        new System.Threading.Timer(_ => kill(pid, SIGCONT), null, milliseconds, System.Threading.Timeout.Infinite);

    private static void Number(byte[] message, int i)
    {
        message[0] = (byte)(i >> 24); message[1] = (byte)(i >> 16); message[2] = (byte)(i >> 8); message[3] = (byte)i;
    }

    /// <summary>Messages numbered from 0 (uint32, network order, as sctp_peer checks), each made when the pipeline asks for it.</summary>
    public static System.Collections.Generic.IEnumerable<byte[]> Numbered(int count, int size)
    {
        for (int i = 0; i < count; i++)
        {
            var message = new byte[size];
            Number(message, i);
            yield return message;
        }
    }

    /// <summary>
    /// One association's row of /proc/net/sctp/assocs, found by its ports: TX_QUEUE (the send buffer
    /// the association uses: its data not sent yet or not acknowledged yet, counted with the kernel's
    /// overhead per chunk, so it is more than the payload), RX_QUEUE, and the
    /// socket's sndbuf and rcvbuf. Null when the kernel has no such association.
    /// </summary>
    public static long[] Row(int localPort, int remotePort)
    {
        foreach (var line in System.IO.File.ReadAllLines("/proc/net/sctp/assocs"))
        {
            var f = line.Split((char[])null, System.StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 15 || f[0] == "ASSOC") continue;
            if (f[11] == localPort.ToString() && f[12] == remotePort.ToString())
                return new[] { long.Parse(f[7]), long.Parse(f[8]), long.Parse(f[f.Length - 2]), long.Parse(f[f.Length - 1]) };
        }
        return null;
    }

    /// <summary>TX_QUEUE of the association (-1: not found): what a close at this moment leaves for the kernel to deliver.</summary>
    public static long QueuedBytes(SctpPS.SctpAssociation association) =>
        Row(association.LocalPort, association.RemotePort) is { } row ? row[0] : -1;

    /// <summary>Numbered messages, then, right after the last Send, Close(), Dispose() or Close(abort: true). Returns TX_QUEUE just before.</summary>
    public static long SendThenClose(SctpPS.SctpSocket socket, SctpPS.SctpAssociation association, int count, int size, string end)
    {
        var message = new byte[size];
        var info = new SctpPS.SctpSendInfo { AssociationId = association.Id };
        for (int i = 0; i < count; i++)
        {
            Number(message, i);
            socket.Send(message, info, System.TimeSpan.FromSeconds(30));
        }
        long queued = QueuedBytes(association);
        switch (end)
        {
            case "close": socket.Close(); break;
            case "dispose": socket.Dispose(); break;
            case "abort": socket.Close(abort: true); break;
            default: throw new System.ArgumentException($"'{end}': close, dispose or abort", nameof(end));
        }
        return queued;
    }

    /// <summary>Numbered messages until the send buffer has stayed full for waitMs (the peer's window is closed); returns how many went.</summary>
    public static int SendUntilFull(SctpPS.SctpSocket socket, int associationId, int size, int max, int waitMs)
    {
        var message = new byte[size];
        var info = new SctpPS.SctpSendInfo { AssociationId = associationId };
        for (int i = 0; i < max; i++)
        {
            Number(message, i);
            try { socket.Send(message, info, System.TimeSpan.FromMilliseconds(waitMs)); }
            catch (SctpPS.Native.SctpTimeoutException) { return i; } // sendmsg takes a message whole or not at all
        }
        return max;
    }
}
'@
}

AfterAll {
    Get-SctpSocket | Close-SctpSocket
    # Both tables into the test output, so that a CI log carries them.
    foreach ($table in $script:matrix, $script:loss) {
        if ($table -and (Test-Path $table)) { Write-Host "`n$table`n$((Get-Content $table) -join "`n")" }
    }
}

Describe 'Endings SctpPS starts, as the peer records them' -Tag Kernel {
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    It '<Kind>: <Ending> -> the peer records <PeerSees>' -TestCases $ourCells {
        param($Kind, $Ending, $PeerSees)
        $peerSaw = 'nothing'; $reported = 'nothing'; $passed = $false
        try {
            $fds = Get-OpenFdCount
            $script:setup = $setup = New-Association $Kind
            $socket = $setup.Socket; $association = $setup.Association
            0..1 | ForEach-Object { Send-SctpMessage -Association $association -Data (New-Numbered $_) }
            # What the ending command itself says: no error, and a warning only where it has something to say.
            $endErrors = @(); $warnings = @()
            $say = @{ ErrorVariable = 'endErrors'; WarningVariable = 'warnings'; WarningAction = 'SilentlyContinue' }
            switch ($Ending) {
                'Close-SctpSocket' { Send-SctpMessage -Association $association -Data (New-Numbered 2); $socket | Close-SctpSocket @say }
                'Close-SctpSocket -Abort' { $socket | Close-SctpSocket -Abort @say }
                'Disconnect-SctpAssociation' {
                    Send-SctpMessage -Association $association -Data (New-Numbered 2)
                    $association | Disconnect-SctpAssociation -Wait -TimeoutSeconds 5 @say
                    $socket.IsClosed | Should -BeFalse -Because 'a graceful disconnect leaves the socket open'
                    @(Get-SctpAssociation -Socket $socket).Count | Should -Be 0 -Because '-Wait returns once SHUTDOWN COMPLETE came'
                }
                'Disconnect-SctpAssociation -Abort' {
                    $association | Disconnect-SctpAssociation -Abort @say
                    # Linux aborts a TCP-style one-to-one association only by closing the socket.
                    $socket.IsClosed | Should -Be ($Kind -in 'OneToOneConnected', 'OneToOneAccepted')
                }
                'Send-SctpMessage -EndOfFile' { Send-SctpMessage -Association $association -Data (New-Numbered 2) -EndOfFile @say }
                'Send-SctpMessage -Abort' { Send-SctpMessage -Association $association -Text 'maintenance' -Abort @say }
                'GetRuntimeSocket(), then Close-SctpSocket' {
                    $socket.GetRuntimeSocket() | Should -BeOfType ([System.Net.Sockets.Socket])
                    Send-SctpMessage -Association $association -Data (New-Numbered 2)
                    $socket | Close-SctpSocket @say
                }
            }
            $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)'
            $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED'
            $peerSaw = if ($seen) { ($seen -replace '^ASSOC_CHANGE ', '' -replace ' assoc=\d+', '') + "; $(($received -split ' ')[2])" } else { 'nothing within 10 s' }

            # What SctpPS tells its user: the ending's errors and warnings, and, where the socket is
            # still open, its own notification of the end (and, on a one-to-one socket, the receive after it).
            $end = $null; $after = $null
            if (-not $socket.IsClosed) {
                $result = Receive-UntilEnd $setup
                $end = $result.Items | Where-Object { $_ -is [SctpPS.SctpAssociationChangeNotification] -and $_.State -ne 'CommUp' } | Select-Object -Last 1
                $after = $result.Errors | Select-Object -First 1
            }
            $reported = @(
                if ($endErrors) { "error: $(@($endErrors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) -join ', ')" } else { 'no error' }
                if ($socket.IsClosed) { 'socket closed' }
                elseif ($end) { "socket open: $($end.State)$(if ($end.Error) { ", cause $([SctpPS.SctpCauses]::Describe($end.Error))" })$(if ($after) { "; then $($after.FullyQualifiedErrorId.Split(',')[0])" })" }
                else { 'socket open: no end notification' }
                if ($warnings) { "warning: $($warnings -join ' ')" }
            ) -join '; '

            $endErrors | Should -BeNullOrEmpty -Because "$Ending reports no error"
            $seen | Should -Match "^ASSOC_CHANGE $PeerSees"
            if ($PeerSees -eq 'SHUTDOWN_COMP') {
                $received | Should -Match 'messages=3 bytes=48 in_sequence=yes' -Because 'every message sent before a graceful end arrives'
                $warnings | Should -BeNullOrEmpty
            }
            else {
                $seen | Should -Match 'error=12\b' -Because 'an ABORT SctpPS sends is a User-Initiated Abort'
                if ($Ending -eq 'Send-SctpMessage -Abort') {
                    if ($Kind -in 'OneToOneConnected', 'OneToOneAccepted') {
                        "$warnings" | Should -Match 'carries no reason' -Because 'a TCP-style socket cannot send an abort reason'
                        $seen | Should -Not -Match 'reason='
                    }
                    else { $seen | Should -Match 'reason=maintenance$' -Because 'the reason travels in the User-Initiated Abort cause' }
                }
            }
            if (-not $socket.IsClosed) {
                $end | Should -Not -BeNullOrEmpty -Because 'a socket that stays open is told how its association ended'
                if ($PeerSees -eq 'SHUTDOWN_COMP') { $end.State | Should -Be ShutdownComplete }
                else {
                    $end.State | Should -Be CommLost
                    $end.Error | Should -Be UserInitiatedAbort -Because 'the notification names the cause of an abort this side sent'
                }
                if ($socket.Style -eq 'OneToOne') {
                    Assert-SctpError $after -ErrorId 'Receive.AssociationClosed' -Category ConnectionError -Errno ESHUTDOWN
                }
                else { $after | Should -BeNullOrEmpty -Because 'a one-to-many socket goes on after one association ends' }
            }
            Remove-Association $setup; $script:setup = $null
            Get-OpenFdCount | Should -Be $fds
            $passed = $true
        }
        finally { Add-MatrixRow $Kind $Ending $peerSaw $reported $passed }
    }
}

Describe 'Endings the peer starts, as SctpPS reports them' -Tag Kernel {
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    It '<Kind>: <Ending>' -TestCases $theirCells {
        param($Kind, $Ending, $Command, $Graceful)
        $peerSaw = 'nothing'; $reported = 'nothing'; $passed = $false
        try {
            $fds = Get-OpenFdCount
            $script:setup = $setup = New-Association $Kind
            Send-SctpTestPeerCommand $setup.Peer 'send m1'
            Send-SctpTestPeerCommand $setup.Peer 'send m2'
            Wait-SctpTestPeer $setup.Peer '^OK send m2' | Should -Not -BeNullOrEmpty -Because "the peer sends on command (its output: $(Get-SctpTestPeerOutput $setup.Peer))"
            if ($Command -eq 'kill') { $setup.Peer.Process.Kill() } else { Send-SctpTestPeerCommand $setup.Peer $Command }
            $peerSaw = switch ($Command) {
                'eof' { Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE' }
                'abort' { Wait-SctpTestPeer $setup.Peer '^OK abort' | Out-Null; $own = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE' -TimeoutMs 2000; if ($own) { $own } else { 'sent ABORT' } }
                'close' { Wait-SctpTestPeer $setup.Peer '^CLOSED' }
                'kill' { 'killed' }
            }
            $peerSaw = ("$peerSaw" -replace '^ASSOC_CHANGE ', '' -replace ' assoc=\d+', '') -replace '^OK abort$', 'sent ABORT'
            $result = Receive-UntilEnd $setup
            $texts = @($result.Items | Where-Object { $_ -is [SctpPS.SctpMessage] } | ForEach-Object Text)
            # ($end, not $ending: PowerShell's variable names ignore case, and $Ending is the cell's.)
            $end = $result.Items | Where-Object { $_ -is [SctpPS.SctpAssociationChangeNotification] -and $_.State -ne 'CommUp' } | Select-Object -Last 1
            $oneToOne = $setup.Socket.Style -eq 'OneToOne'
            $reported = "$(if ($end) { "$($end.State)$(if ($end.Error) { ", cause $([int]$end.Error)" })" } else { 'no end notification' })" +
                $(if ($result.Errors.Count) { "; then $($result.Errors[0].FullyQualifiedErrorId.Split(',')[0])" } else { '' })
            $texts | Should -Be @('m1', 'm2') -Because 'every message the peer sent before its end is delivered first'
            $end | Should -Not -BeNullOrEmpty -Because 'the association change says how it ended'
            if ($Graceful) { $end.State | Should -Be ShutdownComplete }
            else {
                $end.State | Should -Be CommLost
                $end.Error | Should -Be UserInitiatedAbort
                "$end" | Should -Match 'cause 12 User-Initiated Abort'
            }
            if ($oneToOne) {
                $result.Errors.Count | Should -Be 1
                $id = if ($Graceful) { 'Receive.AssociationClosed' } else { 'Receive.AbortedByPeer' }
                $before = Get-OpenFdCount
                Assert-SctpError $result.Errors[0] -ErrorId $id -Category ConnectionError -Errno $(if ($Graceful) { 'ESHUTDOWN' } else { 'ECONNRESET' })
                # And so does every later receive on it.
                Receive-SctpMessage -Socket $setup.Socket -TimeoutSeconds 1 -ErrorVariable again -ErrorAction SilentlyContinue
                Assert-SctpError $again[0] -ErrorId $id -Category ConnectionError -Errno $(if ($Graceful) { 'ESHUTDOWN' } else { 'ECONNRESET' }) -TargetObject $setup.Socket
                Get-OpenFdCount | Should -Be $before -Because 'a receive that fails leaves no descriptor behind'
                if (-not $Graceful) { "$($result.Errors[0])" | Should -Match 'cause 12 User-Initiated Abort' }
            }
            else { $result.Errors.Count | Should -Be 0 -Because 'a one-to-many socket goes on after one association ends' }
            Remove-Association $setup; $script:setup = $null
            Get-OpenFdCount | Should -Be $fds
            $passed = $true
        }
        finally { Add-MatrixRow $Kind $Ending $peerSaw $reported $passed }
    }
}

Describe 'Messages accepted by Send reach the peer when the socket is closed right after (issue 16)' -Tag Kernel {
    BeforeAll {
        # 4 MiB send buffers, as in the report: the kernel caps SO_SNDBUF at twice net.core.wmem_max.
        $script:wmem = Get-Content /proc/sys/net/core/wmem_max
        $script:rmem = Get-Content /proc/sys/net/core/rmem_max
        Set-NetCoreMax wmem_max 4194304
        Set-NetCoreMax rmem_max 4194304
    }
    AfterAll {
        Set-NetCoreMax wmem_max $script:wmem
        Set-NetCoreMax rmem_max $script:rmem
    }
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    # Three rounds for both senders: with the messages made in C#, a cmdlet round costs about
    # 10 s (1 KiB) and 3 s (64 KiB) under UML. The managed API's second round ends with Dispose().
    It '<Kind>, <Sender>: <Count> x <Size> bytes, closed right after the last Send: all arrive, in order (3 rounds)' -TestCases $lossCells {
        param($Kind, $Sender, $Count, $Size)
        foreach ($round in 1..3) {
            $seen = $received = $queued = $null; $passed = $false
            $how = if ($round -eq 2) { 'dispose' } else { 'close' }
            $close = if ($Sender -eq 'managed API') { if ($how -eq 'dispose') { 'Dispose()' } else { 'Close()' } } else { 'Close-SctpSocket' }
            try {
                $script:setup = $setup = New-Association $Kind -BufferSize 4MB
                $socket = $setup.Socket
                if ($Sender -eq 'managed API') {
                    $queued = [EndingsSender]::SendThenClose($socket, $setup.Association, $Count, $Size, $how)
                }
                else {
                    [EndingsSender]::Numbered($Count, $Size) | Send-SctpMessage -Association $setup.Association
                    $queued = [EndingsSender]::QueuedBytes($setup.Association)
                    $socket | Close-SctpSocket -ErrorVariable closeErrors
                    $closeErrors | Should -BeNullOrEmpty
                }
                $socket.IsClosed | Should -BeTrue
                $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)' -TimeoutMs 60000
                $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED' -TimeoutMs 5000
                $seen | Should -Match '^ASSOC_CHANGE SHUTDOWN_COMP'
                $received | Should -Match "messages=$Count bytes=$($Count * $Size) in_sequence=yes"
                $passed = $true
            }
            finally { Add-LossRow $Kind $Sender "$close (round $round)" $Count $Size $received $seen $queued $passed }
            Remove-Association $setup; $script:setup = $null
        }
    }

    It '<Kind>, <Sender>: <Count> x <Size> bytes, then Close -Abort right after the last Send: the peer sees ABORT (what was dropped is recorded)' -TestCases $abortCells {
        param($Kind, $Sender, $Count, $Size)
        $seen = $received = $queued = $null; $passed = $false
        try {
            $script:setup = $setup = New-Association $Kind -BufferSize 4MB
            if ($Sender -eq 'managed API') {
                $close = 'Close(abort: true)'
                $queued = [EndingsSender]::SendThenClose($setup.Socket, $setup.Association, $Count, $Size, 'abort')
            }
            else {
                $close = 'Close-SctpSocket -Abort'
                [EndingsSender]::Numbered($Count, $Size) | Send-SctpMessage -Association $setup.Association
                $queued = [EndingsSender]::QueuedBytes($setup.Association)
                $setup.Socket | Close-SctpSocket -Abort -ErrorVariable closeErrors
                $closeErrors | Should -BeNullOrEmpty
            }
            $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)' -TimeoutMs 30000
            $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED'
            $seen | Should -Match '^ASSOC_CHANGE COMM_LOST .*error=12\b' -Because 'the ending asked for is an ABORT, a User-Initiated Abort (cause 12)'
            $passed = $true
        }
        finally {
            Add-LossRow $Kind $Sender $close $Count $Size $received $seen $queued $passed
            $got = if ($received -match 'messages=(\d+)') { [int]$Matches[1] } else { '?' }
            Write-Host "    $Kind, $Sender, $close after $Count x $Size bytes: $queued bytes queued at close; the peer received $got"
        }
    }
}

# The stopped peer keeps the default receive buffer (SO_RCVBUF: twice net.core.rmem_max, 425,984
# bytes, half of it the window it offers); the sender gets a 4 MiB send buffer (net.core.wmem_max
# raised), which takes what the peer's closed window leaves queued.
Describe 'Close returns at once while the kernel delivers what is queued (issue 16)' -Tag Kernel {
    BeforeAll {
        $script:wmem = Get-Content /proc/sys/net/core/wmem_max
        Set-NetCoreMax wmem_max 4194304
    }
    AfterAll { Set-NetCoreMax wmem_max $script:wmem }
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    It '<Kind>: the peer stopped (SIGSTOP) and more queued than its receive buffer: Close-SctpSocket returns at once; resumed, the peer gets everything, then SHUTDOWN' -TestCases $kindCells {
        param($Kind)
        $count = 1000
        $seen = $received = $queued = $null; $passed = $false; $sent = 0; $closeMs = $null
        try {
            $script:setup = $setup = New-Association $Kind -BufferSize 4MB
            $a = $setup.Association
            $peerPid = $setup.Peer.Process.Id
            [EndingsSender]::Signal($peerPid, [EndingsSender]::SIGSTOP)
            # Should Close wait for the queue to drain, this timer resumes the peer and the timing below fails.
            $rescue = [EndingsSender]::ContinueLater($peerPid, 5000)
            try {
                # The stopped peer's kernel takes what its window allows; the rest waits in the send buffer.
                $sent = [EndingsSender]::SendUntilFull($setup.Socket, $a.Id, 1024, $count, 2000)
                $ours = [EndingsSender]::Row($a.LocalPort, $a.RemotePort)
                $peers = [EndingsSender]::Row($a.RemotePort, $a.LocalPort)
                $queued = $ours[0]
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $setup.Socket | Close-SctpSocket -ErrorVariable closeErrors
                $closeMs = $clock.ElapsedMilliseconds
                $background = Get-SctpAssociation -LocalPort $a.LocalPort -RemotePort $a.RemotePort
            }
            finally {
                [EndingsSender]::Signal($peerPid, [EndingsSender]::SIGCONT)
                $rescue.Dispose()
            }
            $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)' -TimeoutMs 30000
            $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED'

            $sent | Should -Be $count -Because 'the 4 MiB send buffer holds what the stopped peer does not take'
            $sent * 1024 | Should -BeGreaterThan $peers[3] -Because "more than the stopped peer's receive buffer ($($peers[3]) bytes) was sent"
            $queued | Should -BeGreaterThan 0 -Because 'data was still queued at the sender when it closed'
            $closeErrors | Should -BeNullOrEmpty
            $closeMs | Should -BeLessThan 500 -Because 'close(2) with the default linger returns at once; the kernel sends SHUTDOWN once the queue has drained'
            $background.State | Should -Be ShutdownPending -Because 'after Close returned, the kernel still holds the association and its queue'
            $seen | Should -Match '^ASSOC_CHANGE SHUTDOWN_COMP'
            $received | Should -Match "messages=$count bytes=$($count * 1024) in_sequence=yes"
            $passed = $true
        }
        finally { Add-LossRow $Kind 'managed API; the peer stopped until Close returned' "Close-SctpSocket (returned in $closeMs ms)" $sent 1024 $received $seen $queued $passed }
    }
}
