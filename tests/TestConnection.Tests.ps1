# Test-SctpConnection: probes of peers that are not this module (socat, lksctp-tools' sctp_darn
# and sctp_test), judged from the peer's side: each saw the association end with SHUTDOWN, never
# ABORT. Failures (refused, timeout in a blackhole, no route, no such name) are results, not errors.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 26300
    function New-Port { $script:nextPort++; $script:nextPort }
    # socat -d -d logs how its connection ended: "is at EOF" after SHUTDOWN, "Connection reset by peer" after ABORT.
    function Start-Socat([int] $Port, [string] $Bind = 'bind=127.0.0.1') {
        $info = [System.Diagnostics.ProcessStartInfo]::new('socat')
        foreach ($a in '-d', '-d', '-u', "SCTP-LISTEN:$Port,reuseaddr,$Bind", 'OPEN:/dev/null') { $info.ArgumentList.Add($a) }
        $info.RedirectStandardError = $true
        $info.RedirectStandardInput = $true
        $info.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($info)
        Wait-SctpListener $Port | Should -BeTrue
        $p
    }
    # What this process leaves behind: sockets of the session, socket descriptors, associations to the port.
    function Get-Leftovers([int] $Port) {
        [pscustomobject]@{
            Sockets = @(Get-SctpSocket).Count
            Fds = Get-OpenFdCount
            Associations = @(Get-SctpAssociation | Where-Object { $_.RemotePort -eq $Port -and $_.OwningProcess -eq $PID }).Count
        }
    }
    $null = Test-SctpConnection 127.0.0.1 (New-Port)   # warm-up
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Test-SctpConnection against peers that are not this module' -Tag Kernel {
    It 'finds socat reachable, reports setup, streams, paths and extensions, and ends with SHUTDOWN (socat sees EOF)' {
        $port = New-Port
        $socat = Start-Socat $port
        $before = Get-Leftovers $port
        $stats = Get-SctpStatistics
        try {
            $r = Test-SctpConnection 127.0.0.1 $port
            $r | Should -BeOfType SctpPS.SctpConnectionTestResult
            $r.Reachable | Should -BeTrue
            $r.ComputerName | Should -Be '127.0.0.1'
            $r.RemoteAddresses | Should -Be @([ipaddress]'127.0.0.1')
            $r.RemotePort | Should -Be $port
            $r.SetupTimeMs | Should -BeGreaterThan 0
            $r.SetupTimeMs | Should -BeLessThan 1000
            $r.InboundStreams | Should -BeGreaterThan 0
            $r.OutboundStreams | Should -BeGreaterThan 0
            $r.PeerAddresses.PeerAddress | Should -Be @([ipaddress]'127.0.0.1')
            $r.PeerAddresses[0].State | Should -Be 'Active'
            $r.PrimaryPeerAddress | Should -Be ([ipaddress]'127.0.0.1')
            # The kernel's defaults on the peer's side: PR-SCTP and ECN on, the others off.
            $r.PeerExtensions | Should -Be 'PrSctp, Ecn'
            $r.Reason | Should -Be 'None'
            $r.ErrorId | Should -BeNullOrEmpty
            $r.ShutdownComplete | Should -BeTrue
            $socat.WaitForExit(5000) | Should -BeTrue -Because 'socat ends when its association does'
            $log = $socat.StandardError.ReadToEnd()
            $log | Should -Match 'socket 1 \(fd \d+\) is at EOF' -Because 'the peer saw SHUTDOWN'
            $log | Should -Not -Match 'reset by peer'
        }
        finally { Stop-Peer $socat }
        $after = Get-SctpStatistics
        ($after.SctpAborteds - $stats.SctpAborteds) | Should -Be 0 -Because 'no end of the association was aborted'
        ($after.SctpShutdowns - $stats.SctpShutdowns) | Should -Be 2 -Because 'both ends went through SHUTDOWN'
        $left = Get-Leftovers $port
        $left.Sockets | Should -Be $before.Sockets
        $left.Fds | Should -Be $before.Fds
        $left.Associations | Should -Be 0
    }

    It 'probes sctp_darn, which prints SHUTDOWN_COMP and never COMM_LOST' {
        $port = New-Port
        $log = Join-Path ([IO.Path]::GetTempPath()) "sctpps-darn-$port.log"
        $darn = Start-Peer sh @('-c', "exec stdbuf -oL sctp_darn -H 127.0.0.1 -P $port -l > $log 2>&1")
        try {
            Wait-SctpListener $port | Should -BeTrue
            $r = Test-SctpConnection -ComputerName 127.0.0.1 -Port $port
            $r.Reachable | Should -BeTrue
            $r.ShutdownComplete | Should -BeTrue
            Wait-Until { (Get-Content $log -Raw) -match 'SHUTDOWN_COMP' } | Should -BeTrue -Because 'sctp_darn prints the association change it saw'
            $text = Get-Content $log -Raw
            $text | Should -Match 'ASSOC_CHANGE - COMM_UP'
            $text | Should -Not -Match 'COMM_LOST'
        }
        finally { Stop-Peer $darn; Remove-Item $log -ErrorAction SilentlyContinue }
    }

    It 'probes sctp_test, which prints SHUTDOWN_COMPLETE and never COMMUNICATION_LOST' {
        $port = New-Port
        $log = Join-Path ([IO.Path]::GetTempPath()) "sctpps-sctptest-$port.log"
        $peer = Start-Peer sh @('-c', "exec stdbuf -oL sctp_test -H 127.0.0.1 -P $port -l > $log 2>&1")
        try {
            Wait-SctpListener $port | Should -BeTrue
            (Test-SctpConnection 127.0.0.1 $port).Reachable | Should -BeTrue
            Wait-Until { (Get-Content $log -Raw) -match 'SHUTDOWN_COMPLETE' } | Should -BeTrue
            (Get-Content $log -Raw) | Should -Not -Match 'COMMUNICATION_LOST'
        }
        finally { Stop-Peer $peer; Remove-Item $log -ErrorAction SilentlyContinue }
    }

    It 'probes osmo-stp, an M3UA signalling gateway, which logs the SHUTDOWN and no COMM_LOST' {
        $port = New-Port
        $dir = Join-Path ([IO.Path]::GetTempPath()) "sctpps-stp-$port"
        New-Item -ItemType Directory $dir | Out-Null
        $cfg = Join-Path $dir 'osmo-stp.cfg'
        $log = Join-Path $dir 'osmo-stp.log'
        Set-Content $cfg @"
log stderr
 logging filter all 1
 logging color 0
 logging print category 1
 logging level set-all info
line vty
 no login
 bind 127.0.0.1 $($port + 1000)
cs7 instance 0
 xua rkm routing-key-allocation dynamic-permitted
 listen m3ua $port
  local-ip 127.0.0.1
  accept-asp-connections dynamic-permitted
"@
        $stp = Start-Peer sh @('-c', "exec osmo-stp -c $cfg > $log 2>&1")
        try {
            Wait-SctpListener $port | Should -BeTrue
            $before = Get-SctpStatistics
            $r = Test-SctpConnection 127.0.0.1 $port
            $r.Reachable | Should -BeTrue
            $r.ShutdownComplete | Should -BeTrue
            Wait-Until { (Get-Content $log -Raw) -match 'Destroying ASP' } | Should -BeTrue -Because 'osmo-stp drops the ASP when the association ends'
            $after = Get-SctpStatistics
            $text = Get-Content $log -Raw
            $text | Should -Match 'New m3ua connection accepted'
            $text | Should -Not -Match 'COMM_LOST'
            # osmo-stp logs the SHUTDOWN_EVENT when it reads it; a probe that ends before the daemon has
            # set its new ASP up can be torn down before it reads anything ("connection closed" only,
            # seen once in a loaded run). The kernel's counters say how both ends of it ended, always.
            $text | Should -Match 'SHUTDOWN_EVENT|connection closed'
            ($after.SctpShutdowns - $before.SctpShutdowns) | Should -Be 2 -Because 'both ends of the association ended with SHUTDOWN'
            ($after.SctpAborteds - $before.SctpAborteds) | Should -Be 0 -Because 'neither end was aborted'
        }
        finally { Stop-Peer $stp; Remove-Item -Recurse -Force $dir }
    }

    It 'confirms every path of a multi-homed peer with -ConfirmPaths, well before the heartbeat interval' {
        $port = New-Port
        $socat = Start-Socat $port 'pf=ip4'   # the wildcard address: 127.0.0.1 and 127.0.0.2
        try {
            $plain = Test-SctpConnection 127.0.0.1 $port
            ($plain.PeerAddresses.PeerAddress | ForEach-Object ToString | Sort-Object) | Should -Be @('127.0.0.1', '127.0.0.2')
            ($plain.PeerAddresses | Where-Object { -not $_.IsPrimary }).State | Should -Be 'Unconfirmed'
            $plain.PathsConfirmed | Should -BeNullOrEmpty
            $socat.WaitForExit(5000) | Out-Null
        }
        finally { Stop-Peer $socat }
        $socat = Start-Socat $port 'pf=ip4'
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $r = Test-SctpConnection 127.0.0.1 $port -ConfirmPaths -TimeoutSeconds 10
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'a heartbeat is asked for on each path (the interval is 30 s)'
            $r.PathsConfirmed | Should -BeTrue
            $r.PeerAddresses | ForEach-Object { $_.State | Should -Be 'Active' }
            $r.ShutdownComplete | Should -BeTrue
            $socat.WaitForExit(5000) | Should -BeTrue
            $socat.StandardError.ReadToEnd() | Should -Match 'is at EOF'
        }
        finally { Stop-Peer $socat }
    }

    It 'reports the extensions a peer offers, and asks for the streams given' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -MaxInboundStreams 20 -OutboundStreams 30
        Set-SctpSocketOption -Socket $server -ReconfigSupported $true -AuthSupported $true -AsconfSupported $true -PrSupported $false -EcnSupported $false
        Use-SctpSysctl @{ intl_enable = 1 } {
            Set-SctpSocketOption -Socket $server -FragmentInterleave $true -InterleavingSupported $true
            $r = Test-SctpConnection 127.0.0.1 $port -OutboundStreams 12 -MaxInboundStreams 7
            $r.PeerExtensions | Should -Be 'Auth, Asconf, Reconfig, IData'
            $r.ExtensionsNotTested | Should -Be 'None'
            $r.OutboundStreams | Should -Be 12
            $r.InboundStreams | Should -Be 7 -Because 'the probe accepts at most 7 of the 30 the server offers'
        }
        # Without the sysctl this host cannot offer I-DATA, so it cannot say.
        $r = Test-SctpConnection 127.0.0.1 $port
        $r.ExtensionsNotTested | Should -Be 'IData'
        $r.PeerExtensions | Should -Be 'Auth, Asconf, Reconfig'
    }
}

Describe 'Test-SctpConnection input, output and views' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'takes ComputerName and Port by property name, as Import-Csv gives them' {
        $up = New-Port; $closed = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $up -Listen
        $csv = Join-Path ([IO.Path]::GetTempPath()) "sctpps-peers-$up.csv"
        Set-Content $csv "ComputerName,Port`n127.0.0.1,$up`n127.0.0.1,$closed`nno-such-peer.invalid,3868"
        try {
            $r = @(Import-Csv $csv | Test-SctpConnection -TimeoutSeconds 3)
            $r.Count | Should -Be 3
            $r.Reachable | Should -Be @($true, $false, $false)
            $r.Reason | Should -Be @('None', 'Refused', 'NameNotFound')
            $r.RemotePort | Should -Be @($up, $closed, 3868)
            # Strings by value, the port as a parameter.
            @('127.0.0.1', '127.0.0.1' | Test-SctpConnection -Port $up).Reachable | Should -Be @($true, $true)
        }
        finally { Remove-Item $csv }
    }

    It 'returns one Boolean with -Quiet' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        Test-SctpConnection 127.0.0.1 $port -Quiet | Should -BeExactly $true
        Test-SctpConnection 127.0.0.1 (New-Port) -Quiet | Should -BeExactly $false
    }

    It 'resolves a name to every address and probes them' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $expected = @([System.Net.Dns]::GetHostAddresses('localhost') | Where-Object { $_.AddressFamily -eq 'InterNetwork' -or (Test-SctpSupport -Detailed).IPv6Available })
        $r = Test-SctpConnection localhost $port
        $r.ComputerName | Should -Be 'localhost'
        $r.RemoteAddresses | Should -Contain ([ipaddress]'127.0.0.1')
        $r.RemoteAddresses.Count | Should -BeGreaterOrEqual $expected.Count
        $r.Reachable | Should -BeTrue -Because 'the IPv4 address answers (an IPv6 one is refused first and the other family tried)'
    }

    It 'sets the association up from -LocalAddress' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $r = Test-SctpConnection 127.0.0.1 $port -LocalAddress 127.0.0.2
        $r.Reachable | Should -BeTrue
        $r.LocalAddresses | Should -Be @([ipaddress]'127.0.0.2')
    }

    It 'shows a table row per peer, and a list like Test-NetConnection''s' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort $port -Listen
        $results = @((Test-SctpConnection 127.0.0.1 $port), (Test-SctpConnection 127.0.0.1 (New-Port)))
        $lines = @(($results | Out-String -Width 79) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^ComputerName\s+RemotePort\s+Reachable\s+SetupTimeMs\s+Streams\s+Result$'
        # SetupTimeMs with one decimal, so that a column of probes lines up.
        $lines[2] | Should -Match "^127\.0\.0\.1\s+$port\s+True\s+\d+\.\d\s+\d+/\d+\s+\*127\.0\.0\.1 Active$"
        $lines[3] | Should -Match '^\s+127\.0\.0\.2 Unconfirmed$'
        $lines[4] | Should -Match '^127\.0\.0\.1\s+\d+\s+False\s+Refused$'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
        $list = $results[0] | Format-List | Out-String -Width 200
        foreach ($label in 'ComputerName', 'RemoteAddresses', 'RemotePort', 'LocalAddresses', 'Reachable', 'SetupTimeMs', 'Streams \(in/out\)', 'PeerAddresses', 'PeerExtensions', 'ShutdownComplete') {
            $list | Should -Match "(?m)^$label\s+:"
        }
        $list | Should -Match '(?m)^SetupTimeMs\s+: \d+\.\d{3}$'
        $failed = $results[1] | Format-List | Out-String -Width 200
        $failed | Should -Match '(?m)^Reason\s+: Refused$'
        $failed | Should -Match '(?m)^ErrorId\s+: Connect\.Refused$'
        $failed | Should -Not -Match '(?m)^SetupTimeMs'
    }
}

Describe 'Test-SctpConnection -Verbose' -Tag Kernel {
    It 'says what the probe does: the name resolved, INIT, COMM_UP, SHUTDOWN and SHUTDOWN-COMPLETE' {
        $port = New-Port
        $socat = Start-Socat $port
        try {
            $out = @(Test-SctpConnection localhost $port -Verbose 4>&1)
            $result = $out | Where-Object { $_ -is [SctpPS.SctpConnectionTestResult] }
            $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $result.Reachable | Should -BeTrue
            $text = $verbose -join "`n"
            $verbose[0] | Should -Match "^'localhost' resolves to .*127\.0\.0\.1" -Because $text
            $text | Should -Match '(?m)^INIT sent to 127\.0\.0\.1:\d+ \(sctp_connectx, association \d+\); RTO\.Initial \d+ ms\.$'
            $text | Should -Match '(?m)^COMM_UP after [\d.]+ ms: association \d+, \d+ inbound / \d+ outbound streams, peer addresses 127\.0\.0\.1 \(primary 127\.0\.0\.1\)\.$'
            $text | Should -Match '(?m)^SHUTDOWN sent for association \d+; waiting for SHUTDOWN-COMPLETE\.$'
            $verbose[-1] | Should -Match '^SHUTDOWN-COMPLETE for association \d+ after \d+ ms: the peer saw a graceful end\.$' -Because $text
            $text | Should -Not -Match 'retransmits' -Because 'socat answered the first INIT'
        }
        finally { Stop-Peer $socat }
    }
}

Describe 'Test-SctpConnection failures are results' -Tag Kernel {
    It 'reports a closed port as Refused (Connect.Refused), at once, with no error record and nothing left' {
        $port = New-Port
        $before = Get-Leftovers $port
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = Test-SctpConnection 127.0.0.1 $port -ErrorVariable err
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $err | Should -BeNullOrEmpty
        $r.Reachable | Should -BeFalse
        $r.Reason | Should -Be 'Refused'
        $r.ErrorId | Should -Be 'Connect.Refused'
        $r.Errno | Should -Be 'ECONNREFUSED'
        $r.Message | Should -Match 'ECONNREFUSED, errno 111'
        $r.SetupTimeMs | Should -BeNullOrEmpty
        $left = Get-Leftovers $port
        $left.Sockets, $left.Fds, $left.Associations | Should -Be $before.Sockets, $before.Fds, 0
    }

    It 'reports a name that does not resolve as NameNotFound (Connect.HostNotFound)' {
        $r = Test-SctpConnection no-such-peer.invalid 3868 -TimeoutSeconds 5 -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $r.Reachable | Should -BeFalse
        $r.Reason | Should -Be 'NameNotFound'
        $r.ErrorId | Should -Be 'Connect.HostNotFound'
        $r.RemoteAddresses | Should -BeNullOrEmpty
        $r.Message | Should -Match "Cannot resolve 'no-such-peer\.invalid'"
    }

    It 'reports a blackholed address as Timeout after -TimeoutSeconds (fractions too), an unrouted one as Unreachable, and stops on Ctrl+C; nothing is left' {
        # A network namespace of its own: 127.0.0.2 is a blackhole (INIT dropped), 10.8.8.8 has no route.
        $wrapper = @('unshare', '--net', 'sh', '-c',
            'ip link set lo up && ip route del local 127.0.0.0/8 dev lo table local && ip route add blackhole 127.0.0.2 && exec "$@"', 'sh')
        $r = Invoke-ChildPwsh -Wrapper $wrapper -Script {
            $null = Test-SctpConnection 10.8.8.8 9 -TimeoutSeconds 0.2   # warm-up
            $before = Get-OpenSocketCount
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $timeout = Test-SctpConnection 127.0.0.2 3868 -TimeoutSeconds 1.5 -ErrorVariable timeoutErr
            $timeoutMs = $clock.ElapsedMilliseconds
            $clock.Restart()
            $half = Test-SctpConnection 127.0.0.2 3868 -TimeoutSeconds 0.5
            $halfMs = $clock.ElapsedMilliseconds
            $unreachable = Test-SctpConnection 10.8.8.8 3868 -ErrorVariable routeErr
            $ps = [powershell]::Create().AddScript({
                param($module)
                Import-Module $module
                Test-SctpConnection 127.0.0.2 3868 -TimeoutSeconds 30
            }).AddArgument((Get-Module SctpPS).Path)
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $running = -not $async.IsCompleted
            $clock.Restart(); $ps.Stop(); $stopMs = $clock.ElapsedMilliseconds
            $ps.Dispose()
            # -Verbose tells of each INIT retransmission: this namespace's own RTO.Initial, short.
            Set-SctpKernelSetting rto_initial 200 -Confirm:$false
            $verbose = @(Test-SctpConnection 127.0.0.2 3868 -TimeoutSeconds 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            [pscustomobject]@{
                Verbose = $verbose
                TimeoutReachable = $timeout.Reachable; TimeoutReason = "$($timeout.Reason)"; TimeoutErrorId = $timeout.ErrorId
                TimeoutMessage = $timeout.Message; TimeoutMs = $timeoutMs; TimeoutErrors = @($timeoutErr).Count
                HalfReason = "$($half.Reason)"; HalfMs = $halfMs
                UnreachableReason = "$($unreachable.Reason)"; UnreachableErrorId = $unreachable.ErrorId; UnreachableMessage = $unreachable.Message
                RouteErrors = @($routeErr).Count
                RunningBeforeStop = $running; StopMs = $stopMs
                Leaked = (Get-OpenSocketCount) - $before; Sockets = @(Get-SctpSocket).Count
                Associations = @(Get-SctpAssociation).Count
            }
        }
        $r.TimeoutReachable | Should -BeFalse
        $r.TimeoutReason | Should -Be 'Timeout'
        $r.TimeoutErrorId | Should -Be 'Connect.Timeout'
        $r.TimeoutMessage | Should -Match 'ETIMEDOUT, errno 110'
        $r.TimeoutErrors | Should -Be 0
        $r.TimeoutMs | Should -BeGreaterOrEqual 1500
        $r.TimeoutMs | Should -BeLessThan 4000
        $r.HalfReason | Should -Be 'Timeout'
        $r.HalfMs | Should -BeGreaterOrEqual 500
        $r.HalfMs | Should -BeLessThan 2500
        $r.UnreachableReason | Should -Be 'Unreachable'
        $r.UnreachableErrorId | Should -Be 'Connect.NetworkUnreachable'
        $r.UnreachableMessage | Should -Match 'ENETUNREACH, errno 101|EHOSTUNREACH, errno 113'
        $r.RouteErrors | Should -Be 0
        $r.RunningBeforeStop | Should -BeTrue
        $r.StopMs | Should -BeLessThan 1500
        $r.Leaked | Should -Be 0
        $r.Sockets | Should -Be 0
        $r.Associations | Should -Be 0 -Because 'an unanswered attempt is dropped'
        $r.Verbose[0] | Should -Match '^INIT sent to 127\.0\.0\.2:3868 \(sctp_connectx, association \d+\); RTO\.Initial 200 ms\.$'
        @($r.Verbose -match '^No INIT ACK after \d+ ms: the kernel retransmits the INIT').Count | Should -BeGreaterOrEqual 2 -Because ($r.Verbose -join "`n")
        ($r.Verbose -join "`n") | Should -Match '(?m)^No answer from 127\.0\.0\.2:3868 within 1 s \(.*ETIMEDOUT, errno 110\)\); the attempt was abandoned\.$'
        $r.Verbose[-1] | Should -Match 'abandoned before it was up'
    }
}

Describe 'Test-SctpConnection errors (this side''s)' -Tag Kernel {
    It 'reports a -LocalAddress that is not this host''s as TestConnection.LocalAddressNotAvailable, sending nothing' {
        $before = Get-OpenFdCount
        Test-SctpConnection 127.0.0.1 3868 -LocalAddress 198.51.100.7 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'TestConnection.LocalAddressNotAvailable' -Category InvalidArgument -Errno EADDRNOTAVAIL -TargetObject '198.51.100.7'
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports a -LocalAddress of a family that cannot reach the peer as TestConnection.AddressFamilyMismatch' {
        $before = Get-OpenFdCount
        Test-SctpConnection ::1 3868 -LocalAddress 127.0.0.1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'TestConnection.AddressFamilyMismatch' -Category InvalidArgument -Errno EINVAL -TargetObject '::1'
        "$($err[0])" | Should -Match 'IPv4 -LocalAddress cannot reach'
        Get-OpenFdCount | Should -Be $before
    }

    It 'refuses a port, timeout or stream count out of range at binding' {
        { Test-SctpConnection 127.0.0.1 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.TestSctpConnectionCommand'
        { Test-SctpConnection 127.0.0.1 3868 -TimeoutSeconds 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.TestSctpConnectionCommand'
        { Test-SctpConnection 127.0.0.1 3868 -OutboundStreams 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.TestSctpConnectionCommand'
        { Test-SctpConnection '' 3868 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.TestSctpConnectionCommand'
    }
}
