# Kernel tests of how associations end, judged from the peer's side (issues 11 and 16). The peer is
# tests/peers/sctp_peer.c, not SctpPS: it prints every SCTP_ASSOC_CHANGE it sees (SHUTDOWN_COMP,
# COMM_LOST with its cause) and counts the numbered messages it received, checking their order.
# The matrix below also goes to out/test-results/endings-matrix.md, one row per cell.
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
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 31000
    function New-Port { $script:nextPort++; $script:nextPort }

    # What a cell records, for the table in the closing note and the CI output.
    $script:matrix = Join-Path (Split-Path $PSScriptRoot -Parent) 'out/test-results/endings-matrix.md'
    New-Item -ItemType Directory -Force -Path (Split-Path $script:matrix) | Out-Null
    Set-Content $script:matrix "| socket kind | ending | the peer (sctp_peer.c) recorded | SctpPS reported |`n| --- | --- | --- | --- |"
    function Add-MatrixRow([string] $Kind, [string] $Ending, [string] $Peer, [string] $Ours) {
        Add-Content $script:matrix "| $Kind | $Ending | $Peer | $Ours |"
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

    # A managed-API sender (plain C#, no cmdlets): numbered messages, then Close right after the last Send.
    # (The module is built for net8.0, pwsh runs net10.0: the compiler's note about that is not a problem.)
    Add-Type -ReferencedAssemblies (Join-Path (Get-SctpPSModulePath) 'SctpPS.dll') -IgnoreWarnings -WarningAction SilentlyContinue -TypeDefinition @'
public static class EndingsSender
{
    public static void SendThenClose(SctpPS.SctpSocket socket, int associationId, int count, int size, bool abort)
    {
        var message = new byte[size];
        var info = new SctpPS.SctpSendInfo { AssociationId = associationId };
        for (int i = 0; i < count; i++)
        {
            message[0] = (byte)(i >> 24); message[1] = (byte)(i >> 16); message[2] = (byte)(i >> 8); message[3] = (byte)i;
            socket.Send(message, info, System.TimeSpan.FromSeconds(30));
        }
        socket.Close(abort);
    }
}
'@
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Endings SctpPS starts, as the peer records them' -Tag Kernel {
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    It '<Kind>: <Ending> -> the peer records <PeerSees>' -TestCases $ourCells {
        param($Kind, $Ending, $PeerSees)
        $fds = Get-OpenFdCount
        $script:setup = $setup = New-Association $Kind
        $socket = $setup.Socket; $association = $setup.Association
        0..1 | ForEach-Object { Send-SctpMessage -Association $association -Data (New-Numbered $_) }
        $warnings = @()
        switch ($Ending) {
            'Close-SctpSocket' { Send-SctpMessage -Association $association -Data (New-Numbered 2); $socket | Close-SctpSocket }
            'Close-SctpSocket -Abort' { $socket | Close-SctpSocket -Abort }
            'Disconnect-SctpAssociation' {
                Send-SctpMessage -Association $association -Data (New-Numbered 2)
                $association | Disconnect-SctpAssociation -Wait -TimeoutSeconds 5
                $socket.IsClosed | Should -BeFalse -Because 'a graceful disconnect leaves the socket open'
                @(Get-SctpAssociation -Socket $socket).Count | Should -Be 0 -Because '-Wait returns once SHUTDOWN COMPLETE came'
            }
            'Disconnect-SctpAssociation -Abort' {
                $association | Disconnect-SctpAssociation -Abort
                # Linux aborts a TCP-style one-to-one association only by closing the socket.
                $socket.IsClosed | Should -Be ($Kind -in 'OneToOneConnected', 'OneToOneAccepted')
            }
            'Send-SctpMessage -EndOfFile' { Send-SctpMessage -Association $association -Data (New-Numbered 2) -EndOfFile }
            'Send-SctpMessage -Abort' { Send-SctpMessage -Association $association -Text 'maintenance' -Abort -WarningVariable warnings -WarningAction SilentlyContinue }
        }
        $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)'
        $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED'
        $seen | Should -Match "^ASSOC_CHANGE $PeerSees"
        if ($PeerSees -eq 'SHUTDOWN_COMP') {
            $received | Should -Match 'messages=3 bytes=48 in_sequence=yes' -Because 'every message sent before a graceful end arrives'
            $ours = 'no error'
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
            $ours = if ($socket.IsClosed) { 'no error; socket closed' } else { 'no error; socket open' }
        }
        Add-MatrixRow $Kind $Ending (($seen -replace '^ASSOC_CHANGE ', '' -replace ' assoc=\d+', '') + "; $(($received -split ' ')[2])") $ours
        Remove-Association $setup; $script:setup = $null
        Get-OpenFdCount | Should -Be $fds
    }
}

Describe 'Endings the peer starts, as SctpPS reports them' -Tag Kernel {
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    It '<Kind>: <Ending>' -TestCases $theirCells {
        param($Kind, $Ending, $Command, $Graceful)
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
        $result = Receive-UntilEnd $setup
        $texts = @($result.Items | Where-Object { $_ -is [SctpPS.SctpMessage] } | ForEach-Object Text)
        $texts | Should -Be @('m1', 'm2') -Because 'every message the peer sent before its end is delivered first'
        # ($end, not $ending: PowerShell's variable names ignore case, and $Ending is the cell's.)
        $end = $result.Items | Where-Object { $_ -is [SctpPS.SctpAssociationChangeNotification] -and $_.State -ne 'CommUp' } | Select-Object -Last 1
        $end | Should -Not -BeNullOrEmpty -Because 'the association change says how it ended'
        if ($Graceful) { $end.State | Should -Be ShutdownComplete }
        else {
            $end.State | Should -Be CommLost
            $end.Error | Should -Be UserInitiatedAbort
            "$end" | Should -Match 'cause 12 User-Initiated Abort'
        }
        $oneToOne = $setup.Socket.Style -eq 'OneToOne'
        if ($oneToOne) {
            $result.Errors.Count | Should -Be 1
            $id = if ($Graceful) { 'Receive.AssociationClosed' } else { 'Receive.AbortedByPeer' }
            Assert-SctpError $result.Errors[0] -ErrorId $id -Category ConnectionError -Errno $(if ($Graceful) { 'ESHUTDOWN' } else { 'ECONNRESET' })
            # And so does every later receive on it.
            Receive-SctpMessage -Socket $setup.Socket -TimeoutSeconds 1 -ErrorVariable again -ErrorAction SilentlyContinue
            Assert-SctpError $again[0] -ErrorId $id -Category ConnectionError
            if (-not $Graceful) { "$($result.Errors[0])" | Should -Match 'cause 12 User-Initiated Abort' }
        }
        else { $result.Errors.Count | Should -Be 0 -Because 'a one-to-many socket goes on after one association ends' }
        $reported = "$($end.State)$(if ($end.Error) { ", cause $([int]$end.Error)" })" + $(if ($oneToOne) { "; then $($result.Errors[0].FullyQualifiedErrorId.Split(',')[0])" } else { '' })
        Add-MatrixRow $Kind $Ending (($peerSaw -replace '^ASSOC_CHANGE ', '' -replace ' assoc=\d+', '') -replace '^OK abort$', 'sent ABORT') $reported
    }
}

Describe 'Messages accepted by Send reach the peer when the socket is closed right after (issue 16)' -Tag Kernel {
    BeforeAll {
        # 4 MiB send buffers, as in the report: the kernel caps SO_SNDBUF at twice net.core.wmem_max.
        $script:wmem = Get-Content /proc/sys/net/core/wmem_max
        $script:rmem = Get-Content /proc/sys/net/core/rmem_max
        foreach ($f in 'wmem_max', 'rmem_max') {
            $stream = [System.IO.FileStream]::new("/proc/sys/net/core/$f", 'Open', 'Write')
            try { $b = [System.Text.Encoding]::ASCII.GetBytes("4194304`n"); $stream.Write($b, 0, $b.Length) } finally { $stream.Dispose() }
        }
        $script:loss = Join-Path (Split-Path $PSScriptRoot -Parent) 'out/test-results/close-after-send.md'
        Set-Content $script:loss "| socket kind | sender | close | messages sent | received by the peer | in sequence | the peer recorded |`n| --- | --- | --- | ---: | ---: | --- | --- |"
    }
    AfterAll {
        foreach ($pair in @(@('wmem_max', $script:wmem), @('rmem_max', $script:rmem))) {
            $stream = [System.IO.FileStream]::new("/proc/sys/net/core/$($pair[0])", 'Open', 'Write')
            try { $b = [System.Text.Encoding]::ASCII.GetBytes("$($pair[1])`n"); $stream.Write($b, 0, $b.Length) } finally { $stream.Dispose() }
        }
    }
    AfterEach { Remove-Association $script:setup; $script:setup = $null }

    It '<Kind>, <Sender>: <Count> x <Size> bytes, closed right after the last Send: all arrive, in order (2 rounds)' -TestCases $lossCells {
        param($Kind, $Sender, $Count, $Size)
        foreach ($round in 1..2) {
            $script:setup = $setup = New-Association $Kind -BufferSize 4MB
            $socket = $setup.Socket
            if ($Sender -eq 'managed API') {
                [EndingsSender]::SendThenClose($socket, $setup.Association.Id, $Count, $Size, $false)
            }
            else {
                $messages = foreach ($i in 0..($Count - 1)) { New-Numbered $i $Size }
                $messages | Send-SctpMessage -Association $setup.Association
                $socket | Close-SctpSocket
            }
            $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)' -TimeoutMs 60000
            $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED' -TimeoutMs 5000
            $seen | Should -Match '^ASSOC_CHANGE SHUTDOWN_COMP'
            $received | Should -Match "messages=$Count bytes=$($Count * $Size) in_sequence=yes"
            Add-Content $script:loss "| $Kind | $Sender | graceful (round $round) | $Count x $Size | $($received -replace '.*messages=(\d+).*', '$1') | yes | SHUTDOWN_COMP |"
            Remove-Association $setup; $script:setup = $null
        }
    }

    It '<Kind>: Close-SctpSocket -Abort right after the last Send: the peer sees ABORT (what was dropped is recorded)' -TestCases @(
        @{ Kind = 'OneToMany' }, @{ Kind = 'OneToOneConnected' }, @{ Kind = 'OneToOneAccepted' }, @{ Kind = 'PeeledOff' }
    ) {
        param($Kind)
        $script:setup = $setup = New-Association $Kind -BufferSize 4MB
        $messages = foreach ($i in 0..9999) { New-Numbered $i 1024 }
        $messages | Send-SctpMessage -Association $setup.Association
        $setup.Socket | Close-SctpSocket -Abort
        $seen = Wait-SctpTestPeer $setup.Peer '^ASSOC_CHANGE (SHUTDOWN_COMP|COMM_LOST)' -TimeoutMs 30000
        $received = Wait-SctpTestPeer $setup.Peer '^RECEIVED'
        $seen | Should -Match '^ASSOC_CHANGE COMM_LOST .*error=12'
        $got = [int]($received -replace '.*messages=(\d+).*', '$1')
        Write-Host "    $Kind, Close -Abort after 10,000 x 1 KiB: the peer received $got, $(10000 - $got) dropped"
        Add-Content $script:loss "| $Kind | cmdlets | -Abort | 10000 x 1024 | $got | $($received -replace '.*in_sequence=(\w+).*', '$1') | COMM_LOST, cause 12 |"
    }
}
