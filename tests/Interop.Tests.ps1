# Kernel tests against real telecom daemons from Debian, started and stopped (by PID) here:
# osmo-stp (an M3UA signalling gateway) and kamailio with its sctp module (SIP over SCTP).
# The M3UA and SIP bytes are built and parsed by this file; every ending is judged from the
# daemon's own log, since a daemon that logs COMM_LOST is what a user of SctpPS would see.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force

    # --- M3UA (RFC 4666): common header, then parameters as TLVs padded to 4 bytes ---------------
    $script:M3uaTag = @{ RoutingContext = 0x0006; TrafficModeType = 0x000b; ErrorCode = 0x000c; Status = 0x000d; ProtocolData = 0x0210 }
    # Message class and type (section 3.1.2) -> name; every message these tests send or expect.
    $script:M3uaName = @{
        '0/0' = 'ERR'; '0/1' = 'NTFY'; '1/1' = 'DATA'
        '3/1' = 'ASPUP'; '3/2' = 'ASPDN'; '3/3' = 'BEAT'; '3/4' = 'ASPUP_ACK'; '3/5' = 'ASPDN_ACK'; '3/6' = 'BEAT_ACK'
        '4/1' = 'ASPAC'; '4/2' = 'ASPIA'; '4/3' = 'ASPAC_ACK'; '4/4' = 'ASPIA_ACK'
    }
    $script:M3uaPpid = 3   # IANA payload protocol id of M3UA

    function ConvertTo-BigEndian([uint64] $Value, [int] $Bytes) {
        [byte[]]@(for ($i = $Bytes - 1; $i -ge 0; $i--) { ($Value -shr (8 * $i)) -band 0xff })
    }
    function ConvertFrom-BigEndian([byte[]] $Data, [int] $Offset, [int] $Bytes) {
        [uint64] $v = 0
        for ($i = 0; $i -lt $Bytes; $i++) { $v = ($v -shl 8) -bor $Data[$Offset + $i] }
        $v
    }
    function New-M3uaParameter([uint16] $Tag, [byte[]] $Value) { [pscustomobject]@{ Tag = $Tag; Value = $Value } }
    function New-M3uaRoutingContext([uint32[]] $Context) {
        New-M3uaParameter $M3uaTag.RoutingContext ([byte[]]@($Context | ForEach-Object { ConvertTo-BigEndian $_ 4 }))
    }
    function New-M3uaProtocolData([uint32] $Opc, [uint32] $Dpc, [byte] $Si, [byte] $Ni, [byte] $Mp, [byte] $Sls, [byte[]] $UserData) {
        # Section 3.3.1: OPC, DPC, SI, NI, MP, SLS, then the user protocol data.
        New-M3uaParameter $M3uaTag.ProtocolData ([byte[]]@((ConvertTo-BigEndian $Opc 4) + (ConvertTo-BigEndian $Dpc 4) + @($Si, $Ni, $Mp, $Sls) + $UserData))
    }
    function New-M3uaMessage([byte] $Class, [byte] $Type, [object[]] $Parameters = @()) {
        $body = [System.Collections.Generic.List[byte]]::new()
        foreach ($p in $Parameters) {
            $body.AddRange([byte[]](ConvertTo-BigEndian $p.Tag 2))
            $body.AddRange([byte[]](ConvertTo-BigEndian (4 + $p.Value.Length) 2))   # the length leaves out the padding
            $body.AddRange([byte[]]$p.Value)
            while ($body.Count % 4) { $body.Add(0) }
        }
        [byte[]]@(@(1, 0, $Class, $Type) + (ConvertTo-BigEndian (8 + $body.Count) 4) + $body.ToArray())
    }
    function ConvertFrom-M3uaMessage([byte[]] $Data) {
        # Parses what the daemon sent, refusing anything malformed: a parser that guesses would hide a bug.
        if ($Data.Length -lt 8) { throw "M3UA message of $($Data.Length) bytes: shorter than the common header" }
        if ($Data[0] -ne 1) { throw "M3UA version $($Data[0]), expected 1" }
        $length = [int](ConvertFrom-BigEndian $Data 4 4)
        if ($length -ne $Data.Length) { throw "M3UA header says $length bytes, the SCTP message has $($Data.Length)" }
        $parameters = [System.Collections.Generic.List[object]]::new()
        $at = 8
        while ($at -lt $length) {
            if ($at + 4 -gt $length) { throw "M3UA parameter header cut at offset $at" }
            $tag = [uint16](ConvertFrom-BigEndian $Data $at 2)
            $plen = [int](ConvertFrom-BigEndian $Data ($at + 2) 2)
            if ($plen -lt 4 -or $at + $plen -gt $length) { throw "M3UA parameter 0x$('{0:x4}' -f $tag) of length $plen overruns the message at offset $at" }
            $value = if ($plen -gt 4) { [byte[]]$Data[($at + 4)..($at + $plen - 1)] } else { [byte[]]@() }
            $parameters.Add((New-M3uaParameter $tag $value))
            $at += $plen + ((4 - $plen % 4) % 4)
        }
        $get = { param($tag) @($parameters | Where-Object Tag -EQ $tag) }
        $rc = & $get $M3uaTag.RoutingContext
        $pd = & $get $M3uaTag.ProtocolData
        $status = & $get $M3uaTag.Status
        $errorCode = & $get $M3uaTag.ErrorCode
        [pscustomobject]@{
            Version        = $Data[0]
            Reserved       = $Data[1]
            Class          = $Data[2]
            Type           = $Data[3]
            Name           = $M3uaName["$($Data[2])/$($Data[3])"]
            Length         = $length
            Parameters     = $parameters.ToArray()
            RoutingContext = if ($rc) { [uint32[]]@(for ($i = 0; $i -lt $rc[0].Value.Length; $i += 4) { ConvertFrom-BigEndian $rc[0].Value $i 4 }) }
            ProtocolData   = if ($pd) {
                $v = [byte[]]$pd[0].Value
                [pscustomobject]@{ Opc = [uint32](ConvertFrom-BigEndian $v 0 4); Dpc = [uint32](ConvertFrom-BigEndian $v 4 4)
                    Si = $v[8]; Ni = $v[9]; Mp = $v[10]; Sls = $v[11]; UserData = if ($v.Length -gt 12) { [byte[]]$v[12..($v.Length - 1)] } else { [byte[]]@() } }
            }
            ErrorCode      = if ($errorCode) { [uint32](ConvertFrom-BigEndian $errorCode[0].Value 0 4) }
            Status         = if ($status) { [pscustomobject]@{ Type = [uint16](ConvertFrom-BigEndian $status[0].Value 0 2); Info = [uint16](ConvertFrom-BigEndian $status[0].Value 2 2) } }
        }
    }
    function Send-M3ua($Target, [byte[]] $Message, [int] $Stream = 0) {
        # RFC 4666 section 1.4.7: management on stream 0, DATA on another stream.
        $sent = if ($Target -is [SctpPS.SctpAssociation]) { Send-SctpMessage -Association $Target -Data $Message -Stream $Stream -PayloadProtocolId $M3uaPpid -PassThru }
                else { Send-SctpMessage -Socket $Target -Data $Message -Stream $Stream -PayloadProtocolId $M3uaPpid -PassThru }
        $sent | Should -Not -BeNullOrEmpty
    }
    function Receive-M3ua([SctpPS.SctpSocket] $Socket) {
        $m = Receive-SctpMessage -Socket $Socket -TimeoutSeconds 10
        $m | Should -Not -BeNullOrEmpty -Because 'osmo-stp answers every M3UA request'
        $m.PayloadProtocolId | Should -Be $M3uaPpid
        $reply = ConvertFrom-M3uaMessage $m.Data
        if ($reply.Name -eq 'ERR') { throw "osmo-stp answered with M3UA ERR, error code 0x$('{0:x2}' -f $reply.ErrorCode) (RFC 4666 section 3.8.1)" }
        $reply | Add-Member -NotePropertyName Stream -NotePropertyValue $m.Stream
        $reply | Add-Member -NotePropertyName AssociationId -NotePropertyValue $m.AssociationId
        $reply
    }

    # --- SIP (RFC 3261) over SCTP (RFC 4168) ------------------------------------------------------
    function New-SipOptions([int] $LocalPort, [string] $Branch, [string] $CallId, [string] $FromTag) {
        (@(
            "OPTIONS sip:127.0.0.1:$($script:SipPort);transport=sctp SIP/2.0"
            "Via: SIP/2.0/SCTP 127.0.0.1:$LocalPort;branch=$Branch;rport"
            'Max-Forwards: 70'
            "From: <sip:sctpps@127.0.0.1>;tag=$FromTag"
            'To: <sip:127.0.0.1>'
            "Call-ID: $CallId"
            'CSeq: 1 OPTIONS'
            'Accept: application/sdp'
            'Content-Length: 0'
            ''
            ''
        ) -join "`r`n")
    }
    function ConvertFrom-SipResponse([string] $Text) {
        $head, $body = $Text -split "`r`n`r`n", 2
        $lines = $head -split "`r`n"
        if ($lines[0] -notmatch '^SIP/2\.0 (\d{3}) (.*)$') { throw "not a SIP response: '$($lines[0])'" }
        $headers = [ordered]@{}
        for ($i = 1; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            $name, $value = $line -split ':\s*', 2
            $key = $name.ToLowerInvariant()
            $headers[$key] = @(@($headers[$key] | Where-Object { $null -ne $_ }) + $value)
        }
        [pscustomobject]@{ StatusCode = [int]$Matches[1]; Reason = $Matches[2]; Headers = $headers; Body = $body }
    }

    # --- Daemons: started here, stopped by PID ---------------------------------------------------
    function Start-Daemon([string] $Name, [string] $FilePath, [string[]] $ArgumentList, [string] $WorkingDirectory, [int] $Port) {
        if (-not (Get-Command $FilePath -ErrorAction SilentlyContinue)) {
            throw "$FilePath is not installed: build.ps1 installs the Debian packages the tests need (`$DebianPackages)."
        }
        if (Get-Content /proc/net/sctp/eps | Where-Object { ($_.Trim() -split '\s+')[5] -eq "$Port" }) {
            throw "Something already listens on SCTP port $Port; $Name cannot be started for these tests."
        }
        $log = Join-Path $WorkingDirectory "$Name.log"
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $process = Start-Process -FilePath $FilePath -ArgumentList $ArgumentList -WorkingDirectory $WorkingDirectory `
            -RedirectStandardError $log -RedirectStandardOutput (Join-Path $WorkingDirectory "$Name.out") -PassThru
        $daemon = [pscustomobject]@{ Name = $Name; Process = $process; Pid = $process.Id; Log = $log; Port = $Port; StartMs = 0 }
        if (-not (Wait-SctpListener $Port)) {
            $text = Get-Content -Raw $log -ErrorAction SilentlyContinue
            Stop-Daemon $daemon
            throw "$Name did not listen on SCTP port $Port within 10 s. Its log:`n$text"
        }
        $daemon.StartMs = $clock.ElapsedMilliseconds
        Write-Host "    $Name started in $($daemon.StartMs) ms (pid $($daemon.Pid), SCTP port $Port)"
        $daemon
    }
    function Get-DescendantPid([int] $ParentId) {
        # From /proc/PID/stat (field 4 is the parent): kamailio forks its workers.
        $all = foreach ($d in [System.IO.Directory]::GetDirectories('/proc')) {
            $id = Split-Path $d -Leaf
            if ($id -notmatch '^\d+$') { continue }
            try { $stat = [System.IO.File]::ReadAllText("$d/stat") } catch { continue }
            [pscustomobject]@{ Pid = [int]$id; Parent = [int](($stat.Substring($stat.LastIndexOf(')') + 2) -split ' ')[1]) }
        }
        $found = [System.Collections.Generic.List[int]]::new()
        $queue = [System.Collections.Generic.Queue[int]]::new(); $queue.Enqueue($ParentId)
        while ($queue.Count) { $p = $queue.Dequeue(); foreach ($c in $all | Where-Object Parent -EQ $p) { $found.Add($c.Pid); $queue.Enqueue($c.Pid) } }
        $found.ToArray()
    }
    function Stop-Daemon($Daemon) {
        # SIGTERM by PID (both daemons end their workers on it; kill(1) is procps'), then SIGKILL by
        # PID for the daemon and for any worker of it still running. Fails if anything is left.
        if ($null -eq $Daemon) { return }
        $workers = @(Get-DescendantPid $Daemon.Pid)
        $kill = Get-Command kill -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if (-not $Daemon.Process.HasExited -and $kill) { & $kill.Source -s TERM $Daemon.Pid }
        if (-not $Daemon.Process.WaitForExit(5000)) { $Daemon.Process.Kill($true); $null = $Daemon.Process.WaitForExit(5000) }
        $left = foreach ($w in $workers) {
            try { $p = [System.Diagnostics.Process]::GetProcessById($w) } catch { continue }
            if ($p.ProcessName -ne $Daemon.Name) { continue }   # exited, and its PID taken by another process
            try { $p.Kill(); $null = $p.WaitForExit(5000) } catch { }
            if (-not $p.HasExited) { $w }
        }
        $Daemon.Process.Dispose()
        if ($left) { throw "$($Daemon.Name) processes still running after SIGKILL: $($left -join ', ')" }
    }
    function Get-DaemonLog($Daemon, [int] $From = 0) {
        # The daemon's log from line $From on (0-based): what it wrote since a test began.
        $all = @(Get-Content $Daemon.Log -ErrorAction SilentlyContinue)
        if ($From -ge $all.Count) { return @() }
        $all[$From..($all.Count - 1)]
    }

    # Warm-up: the first association loads code paths that open descriptors of their own.
    $warmServer = New-SctpSocket -LocalAddress 127.0.0.1 -Listen
    $null = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $warmServer.LocalPort -TimeoutSeconds 10
    Get-SctpSocket | Close-SctpSocket
    $script:Scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("sctpps-interop-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Scratch | Out-Null
}

AfterAll {
    Get-SctpSocket | Close-SctpSocket
    if ($script:Scratch) { Remove-Item -Recurse -Force $script:Scratch -ErrorAction SilentlyContinue }
}

Describe 'osmo-stp: SctpPS as an M3UA ASP' -Tag Kernel {
    BeforeAll {
        $script:StpPort = 2905
        $script:RoutingContext = 10
        $script:AsPointCode = 2          # 0.0.2 in osmo-stp's default 3.8.3 format
        $dir = Join-Path $script:Scratch 'osmo-stp'
        New-Item -ItemType Directory -Path $dir | Out-Null
        # One ASP (any client port) in one AS with a routing key for DPC 0.0.2, and the route for
        # that DPC back into the same AS: the DATA an ASP sends to 0.0.2 comes back to it.
        # Logging: every SCTP notification is logged by libosmo-sigtran (log_sctp_notification).
        # The VTY gets a port of its own: an osmo-stp service on the host holds the default 4239.
        Set-Content -Path (Join-Path $dir 'osmo-stp.cfg') -Value @"
log stderr
 logging filter all 1
 logging color 0
 logging print category 1
 logging print level 1
 logging timestamp 0
 logging level set-all notice
 logging level lss7 info
line vty
 no login
 bind 127.0.0.1 14239
cs7 instance 0
 point-code 0.0.1
 asp asp1 0 $($script:StpPort) m3ua
  local-ip 127.0.0.1
  remote-ip 127.0.0.1
  role sg
  sctp-role server
 as as1 m3ua
  asp asp1
  routing-key $($script:RoutingContext) 0.0.$($script:AsPointCode)
 route-table system
  update route 0.0.$($script:AsPointCode) 7.255.7 linkset as1
 listen m3ua $($script:StpPort)
  local-ip 127.0.0.1
"@
        $script:Stp = Start-Daemon -Name 'osmo-stp' -FilePath osmo-stp -ArgumentList @('-c', (Join-Path $dir 'osmo-stp.cfg')) -WorkingDirectory $dir -Port $script:StpPort

        # What osmo-stp logged about the association since line $From, once it logged its end:
        # libosmo-sigtran logs "xUA SRV SHUTDOWN_EVENT" (NOTICE) for the peer's SHUTDOWN and
        # "xUA SRV SCTP_ASSOC_CHANGE: COMM_LOST" (NOTICE) for an ABORT, then "asp1: connection closed" (INFO).
        function Wait-StpEnding([int] $From) {
            $ended = Wait-Until { Get-DaemonLog $script:Stp $From | Where-Object { $_ -match 'asp1: connection closed' } }
            $lines = Get-DaemonLog $script:Stp $From
            $ended | Should -BeTrue -Because "osmo-stp closes its side once the association ends; it logged:`n$($lines -join "`n")"
            $lines
        }
        function Assert-StpGracefulEnding([string[]] $Lines) {
            $because = "the association was closed with Close-SctpSocket (no data unsent or unread), which must be a SHUTDOWN; osmo-stp logged:`n$($Lines -join "`n")"
            $Lines -match 'COMM_LOST' | Should -BeNullOrEmpty -Because $because
            $Lines -match '^DLSS7 NOTICE .* asp-asp1: xUA SRV SHUTDOWN_EVENT$' | Should -HaveCount 1 -Because $because
        }
        # ASPUP -> ASPUP_ACK and NTFY(AS-INACTIVE), ASPAC with the routing context -> ASPAC_ACK and
        # NTFY(AS-ACTIVE), DATA to the AS's point code -> the same DATA back, ASPDN -> ASPDN_ACK.
        # $Target is what is sent to (a socket or an association), $Socket what is read from.
        function Invoke-AspUp($Target, [SctpPS.SctpSocket] $Socket) {
            Send-M3ua $Target (New-M3uaMessage 3 1)
            $ack = Receive-M3ua $Socket
            $ack.Name | Should -Be 'ASPUP_ACK'
            $ack.Class | Should -Be 3; $ack.Type | Should -Be 4
            $ack.Version | Should -Be 1; $ack.Reserved | Should -Be 0; $ack.Length | Should -Be 8
            $ack.Stream | Should -Be 0
        }
        function Invoke-AspActiveDataDown($Target, [SctpPS.SctpSocket] $Socket) {
            # The NTFY that follows ASPUP_ACK (section 3.8.2: AS state change, AS-INACTIVE = 2).
            $n = Receive-M3ua $Socket
            $n.Name | Should -Be 'NTFY'
            $n.Status.Type | Should -Be 1
            $n.Status.Info | Should -Be 2
            $n.RoutingContext | Should -Be @($script:RoutingContext)

            Send-M3ua $Target (New-M3uaMessage 4 1 @((New-M3uaParameter $M3uaTag.TrafficModeType (ConvertTo-BigEndian 1 4)), (New-M3uaRoutingContext $script:RoutingContext)))
            $ack = Receive-M3ua $Socket
            $ack.Name | Should -Be 'ASPAC_ACK'
            $ack.Class | Should -Be 4; $ack.Type | Should -Be 3
            $ack.RoutingContext | Should -Be @($script:RoutingContext)
            $n = Receive-M3ua $Socket
            $n.Name | Should -Be 'NTFY'
            $n.Status.Type | Should -Be 1
            $n.Status.Info | Should -Be 3 -Because 'AS-ACTIVE is 3'
            $n.RoutingContext | Should -Be @($script:RoutingContext)

            $payload = [System.Text.Encoding]::ASCII.GetBytes("SctpPS interop $([guid]::NewGuid())")
            $data = New-M3uaMessage 1 1 @((New-M3uaRoutingContext $script:RoutingContext), (New-M3uaProtocolData -Opc 3 -Dpc $script:AsPointCode -Si 3 -Ni 2 -Mp 0 -Sls 7 -UserData $payload))
            Send-M3ua $Target $data -Stream 1
            $back = Receive-M3ua $Socket
            $back.Name | Should -Be 'DATA'
            $back.Class | Should -Be 1; $back.Type | Should -Be 1
            $back.Stream | Should -Not -Be 0 -Because 'DATA is never sent on stream 0'
            $back.RoutingContext | Should -Be @($script:RoutingContext)
            $back.ProtocolData.Opc | Should -Be 3
            $back.ProtocolData.Dpc | Should -Be $script:AsPointCode
            $back.ProtocolData.Si | Should -Be 3
            $back.ProtocolData.Ni | Should -Be 2
            $back.ProtocolData.Mp | Should -Be 0
            $back.ProtocolData.Sls | Should -Be 7
            [System.Text.Encoding]::ASCII.GetString($back.ProtocolData.UserData) | Should -BeExactly ([System.Text.Encoding]::ASCII.GetString($payload))

            Send-M3ua $Target (New-M3uaMessage 3 2)
            $ack = Receive-M3ua $Socket
            $ack.Name | Should -Be 'ASPDN_ACK'
            $ack.Class | Should -Be 3; $ack.Type | Should -Be 5
            $ack.Length | Should -Be 8
        }
    }

    AfterAll { Stop-Daemon $script:Stp }

    BeforeEach {
        $script:fdBefore = Get-OpenFdCount
        $script:logAt = (Get-DaemonLog $script:Stp).Count
    }
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'goes ASP-UP, ASP-ACTIVE with a routing context, gets its DATA routed back, goes ASP-DOWN and ends with SHUTDOWN (one-to-one socket)' {
        $s = New-SctpSocket -Style OneToOne
        try {
            $a = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $script:StpPort -TimeoutSeconds 10
            $a.State | Should -Be Established
            $a.OutboundStreams | Should -BeGreaterThan 1
            Invoke-AspUp $s $s
            Invoke-AspActiveDataDown $s $s
        }
        finally { $s | Close-SctpSocket }

        $lines = Wait-StpEnding $script:logAt
        $lines -match "New m3ua connection accepted" | Should -HaveCount 1
        $lines -match "\(r=127\.0\.0\.1:$($a.LocalPort)<->l=127\.0\.0\.1:$($script:StpPort)\): matched connection to ASP asp1" | Should -HaveCount 1
        Get-OpenFdCount | Should -Be $script:fdBefore
        Assert-StpGracefulEnding $lines
    }

    It 'goes on after Invoke-SctpPeelOff in the middle of the exchange (ASPUP on the one-to-many socket, the rest on the peeled-off one)' {
        $s = New-SctpSocket -Style OneToMany
        $peeled = $null
        try {
            $a = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $script:StpPort -TimeoutSeconds 10
            Invoke-AspUp $a $s
            $peeled = $a | Invoke-SctpPeelOff
            $peeled.Style | Should -Be OneToOne
            # What osmo-stp sent after ASPUP_ACK (queued before or arriving after the peel-off)
            # and everything else of the exchange now comes on the peeled-off socket.
            Invoke-AspActiveDataDown $peeled $peeled
            @(Get-SctpAssociation -Socket $s) | Should -BeNullOrEmpty -Because 'the association left the one-to-many socket'
        }
        finally { @($peeled, $s) | Where-Object { $_ } | Close-SctpSocket }

        $lines = Wait-StpEnding $script:logAt
        $lines -match "\(r=127\.0\.0\.1:$($a.LocalPort)<->l=127\.0\.0\.1:$($script:StpPort)\): matched connection to ASP asp1" | Should -HaveCount 1
        Get-OpenFdCount | Should -Be $script:fdBefore
        Assert-StpGracefulEnding $lines
    }
}

Describe 'kamailio: SIP OPTIONS over SCTP' -Tag Kernel {
    BeforeAll {
        $script:SipPort = 5060
        # kamailio looks for its modules in its own multiarch folder (kamailio -h shows it).
        if (-not (Get-ChildItem /usr/lib/*/kamailio/modules/sctp.so, /usr/lib/kamailio/modules/sctp.so -ErrorAction Ignore)) {
            throw "kamailio's sctp module is not installed: build.ps1 installs kamailio-sctp-modules (`$DebianPackages)."
        }
        $dir = Join-Path $script:Scratch 'kamailio'
        New-Item -ItemType Directory -Path $dir | Out-Null
        # debug=3: the sctp module logs every SCTP notification at DEBUG (sctp_handle_notification).
        Set-Content -Path (Join-Path $dir 'kamailio.cfg') -Value @"
#!KAMAILIO
debug=3
log_stderror=yes
children=1
sctp_children=1
disable_tcp=yes
enable_sctp=yes
auto_aliases=no
listen=sctp:127.0.0.1:$($script:SipPort)
loadmodule "sctp.so"
loadmodule "sl.so"
request_route {
    if (method == "OPTIONS") {
        sl_send_reply("200", "OK");
        exit;
    }
    sl_send_reply("501", "Not Implemented");
}
"@
        # -DD: the process started here stays in the foreground (its PID is the one stopped);
        # -E: log to stderr; -Y, -P, -w: runtime files in the scratch folder.
        $script:Kamailio = Start-Daemon -Name 'kamailio' -FilePath kamailio -WorkingDirectory $dir -Port $script:SipPort -ArgumentList @(
            '-f', (Join-Path $dir 'kamailio.cfg'), '-DD', '-E', '-Y', $dir, '-P', (Join-Path $dir 'kamailio.pid'), '-w', $dir, '-m', '32', '-M', '4')

        # The sctp module's lines about the association from 127.0.0.1:$Port, once it logged its end.
        function Wait-KamailioEnding([int] $From, [int] $Port) {
            $pattern = "sctp notification from 127\.0\.0\.1:$Port on 127\.0\.0\.1:$($script:SipPort): "
            $end = "${pattern}SCTP_ASSOC_CHANGE: (SCTP_SHUTDOWN_COMP|SCTP_COMM_LOST)"
            $ended = Wait-Until { Get-DaemonLog $script:Kamailio $From | Where-Object { $_ -match $end } }
            $lines = @(Get-DaemonLog $script:Kamailio $From | Where-Object { $_ -match $pattern })
            $ended | Should -BeTrue -Because "kamailio logs the end of every association; it logged:`n$($lines -join "`n")"
            $lines
        }
    }

    AfterAll { Stop-Daemon $script:Kamailio }

    BeforeEach {
        $script:fdBefore = Get-OpenFdCount
        $script:logAt = (Get-DaemonLog $script:Kamailio).Count
    }
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'answers OPTIONS with 200 OK on a <Style> socket, and the association ends with SHUTDOWN' -TestCases @(
        @{ Style = 'OneToOne' }, @{ Style = 'OneToMany' }
    ) {
        param($Style)
        $s = New-SctpSocket -Style $Style -LocalAddress 127.0.0.1
        try {
            $a = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $script:SipPort -TimeoutSeconds 10
            $branch = "z9hG4bK-sctpps-$([guid]::NewGuid().ToString('N'))"
            $callId = "$([guid]::NewGuid())@127.0.0.1"
            Send-SctpMessage -Association $a -Text (New-SipOptions -LocalPort $a.LocalPort -Branch $branch -CallId $callId -FromTag 'sctpps1') | Out-Null
            $m = Receive-SctpMessage -Socket $s -TimeoutSeconds 10 -AsText
            $m | Should -Not -BeNullOrEmpty
            $m.AssociationId | Should -Be $a.Id
            $r = ConvertFrom-SipResponse $m.Text
            $r.StatusCode | Should -Be 200
            $r.Reason | Should -Be 'OK'
            $r.Headers['via'] | Should -HaveCount 1
            $r.Headers['via'][0] | Should -Match "^SIP/2\.0/SCTP 127\.0\.0\.1:$($a.LocalPort);branch=$branch;rport=$($a.LocalPort)(;received=127\.0\.0\.1)?$"
            $r.Headers['call-id'] | Should -Be $callId
            $r.Headers['cseq'] | Should -Be '1 OPTIONS'
            $r.Headers['from'] | Should -Be '<sip:sctpps@127.0.0.1>;tag=sctpps1'
            $r.Headers['to'] | Should -Match '^<sip:127\.0\.0\.1>;tag=\S+$' -Because 'a final response gets a To tag'
            $r.Headers['content-length'] | Should -Be '0'
            $r.Body | Should -BeNullOrEmpty
        }
        finally { $s | Close-SctpSocket }

        $lines = Wait-KamailioEnding -From $script:logAt -Port $a.LocalPort
        Get-OpenFdCount | Should -Be $script:fdBefore
        $because = "the association was closed with Close-SctpSocket (no data unsent or unread), which must be a SHUTDOWN; kamailio logged:`n$($lines -join "`n")"
        $lines -match 'SCTP_ASSOC_CHANGE: SCTP_COMM_UP' | Should -HaveCount 1 -Because $because
        $lines -match 'SCTP_COMM_LOST' | Should -BeNullOrEmpty -Because $because
        $lines -match 'SCTP_SHUTDOWN_EVENT' | Should -HaveCount 1 -Because $because
        $lines -match 'SCTP_ASSOC_CHANGE: SCTP_SHUTDOWN_COMP' | Should -HaveCount 1 -Because $because
    }
}
