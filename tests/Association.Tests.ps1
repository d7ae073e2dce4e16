# Kernel tests for associations: Connect-, Wait-, Get-, Disconnect-SctpAssociation and
# Invoke-SctpPeelOff, with peers that are not this module (socat) where a peer is needed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 20000
    function New-Port { $script:nextPort++; $script:nextPort }
    # A one-to-many listener with N clients of this module connected to it.
    function New-Fixture([int] $Clients = 1, [string[]] $Addresses = @('127.0.0.1')) {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress $Addresses -LocalPort $port -Listen
        $associations = @(if ($Clients -gt 0) { 1..$Clients }) | ForEach-Object { Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress $Addresses -RemotePort $port -TimeoutSeconds 10 }
        Wait-Until { @(Get-SctpAssociation -Socket $server).Count -eq $Clients } | Should -BeTrue
        [pscustomobject]@{ Server = $server; Port = $port; Client = $associations }
    }
    # Two socat processes associated with each other: associations this session does not own.
    function Start-SocatPair {
        $port = New-Port
        $server = Start-Peer socat @('-u', "SCTP-LISTEN:$port,reuseaddr", 'OPEN:/dev/null')
        Wait-SctpListener $port | Should -BeTrue
        $client = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
        Wait-Until { @(Get-SctpAssociation -LocalPort $port -State Established).Count -eq 1 } | Should -BeTrue
        [pscustomobject]@{ Port = $port; Server = $server; Client = $client }
    }
    function Stop-SocatPair($pair) { if ($pair) { Stop-Peer $pair.Client; Stop-Peer $pair.Server } }
    # Warm-up: the first association loads code paths that open descriptors of their own.
    $warm = New-Fixture; Get-SctpSocket | Close-SctpSocket
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Connect-SctpAssociation' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'connects a one-to-many socket to a socat listener (a peer that is not this module)' {
        $port = New-Port
        # Bound to one address: a wildcard listener is multi-homed in the sandbox (127.0.0.2 on lo).
        $peer = Start-Peer socat @('-u', "SCTP-LISTEN:$port,reuseaddr,bind=127.0.0.1", 'OPEN:/dev/null')
        try {
            Wait-SctpListener $port | Should -BeTrue
            $s = New-SctpSocket -OutboundStreams 5 -MaxInboundStreams 7
            $a = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $port
            $a.State | Should -Be Established
            $a.Socket.Id | Should -Be $s.Id
            $a.RemotePort | Should -Be $port
            $a.PeerAddresses | Should -Be @('127.0.0.1')
            $a.OutboundStreams | Should -BeLessOrEqual 5
            $a.InboundStreams | Should -BeGreaterThan 0
            (Get-SctpAssociation -Socket $s).Id | Should -Be $a.Id
        }
        finally { Stop-Peer $peer }
    }

    It 'hands every peer address to the kernel at once (sctp_connectx), on a <Style> socket' -TestCases @(
        @{ Style = 'OneToMany' }, @{ Style = 'OneToOne' }
    ) {
        param($Style)
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort $port -Listen -Style $Style
        $a = Connect-SctpAssociation -Socket (New-SctpSocket -Style $Style) -RemoteAddress 127.0.0.1, 127.0.0.2 -RemotePort $port
        $a.State | Should -Be Established
        $a.PeerAddresses | Sort-Object | Should -Be @('127.0.0.1', '127.0.0.2')
        $a.Paths.Count | Should -Be 2
        @($a.Paths | Where-Object IsPrimary).Count | Should -Be 1
        $a.Paths.State | Should -Not -Contain 'Inactive'
        $a.PrimaryPeerAddress | Should -Be $a.Paths.Where({ $_.IsPrimary }).PeerAddress
    }

    It 'resolves a host name' {
        $f = New-Fixture -Clients 0
        $a = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress localhost -RemotePort $f.Port
        $a.State | Should -Be Established
        $a.PeerAddresses | Should -Contain '127.0.0.1'
    }

    It 'reports ECONNREFUSED on a <Style> socket as Connect.Refused, leaving no association and no descriptor' -TestCases @(
        @{ Style = 'OneToMany' }, @{ Style = 'OneToOne' }
    ) {
        param($Style)
        $s = New-SctpSocket -Style $Style
        $before = Get-OpenFdCount
        $a = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort (New-Port) -ErrorVariable err -ErrorAction SilentlyContinue
        $a | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'Connect.Refused' -Category ConnectionError -Errno ECONNREFUSED -TargetObject $s
        Get-SctpAssociation -Socket $s | Should -BeNullOrEmpty
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports a host name that does not resolve as Connect.HostNotFound' {
        $s = New-SctpSocket
        Connect-SctpAssociation -Socket $s -RemoteAddress 'no-such-host.invalid' -RemotePort 3868 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Connect.HostNotFound' -Category ObjectNotFound -TargetObject 'no-such-host.invalid'
    }

    It 'reports a second association to the same peer as Connect.AlreadyConnected (EISCONN)' {
        $f = New-Fixture -Clients 1
        $s = $f.Client[0].Socket
        Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $f.Port -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Connect.AlreadyConnected' -Category InvalidOperation -Errno EISCONN
        @(Get-SctpAssociation -Socket $s).Count | Should -Be 1
    }

    It 'reports a second association on a connected one-to-one socket as Connect.AlreadyConnected' {
        $f = New-Fixture -Clients 0
        $s = New-SctpSocket -Style OneToOne
        $null = Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $f.Port
        Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $f.Port -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Connect.AlreadyConnected' -Category InvalidOperation -Errno EISCONN -TargetObject $s
        "$($err[0])" | Should -Match 'one-to-one socket carries one'
    }

    It 'reports a listening one-to-one socket as Connect.ListeningSocket (wrong style)' {
        $f = New-Fixture -Clients 0
        $s = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -Listen
        $before = Get-OpenFdCount
        Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort $f.Port -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'Connect.ListeningSocket' -Category InvalidOperation -Errno EISCONN -TargetObject $s
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports an IPv6 peer for an IPv4 socket as Connect.InvalidAddress' {
        $s = New-SctpSocket
        Connect-SctpAssociation -Socket $s -RemoteAddress ::1 -RemotePort 3868 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'Connect.InvalidAddress' -Category InvalidArgument -Errno EINVAL -TargetObject $s
        "$($err[0])" | Should -Match 'InterNetworkV6'
        Get-SctpAssociation -Socket $s | Should -BeNullOrEmpty
    }

    It 'connects an IPv6 socket to an IPv6 peer' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress ::1 -LocalPort $port -Listen
        $a = Connect-SctpAssociation -Socket (New-SctpSocket -AddressFamily InterNetworkV6) -RemoteAddress ::1 -RemotePort $port
        $a.State | Should -Be Established
        $a.PeerAddresses | Should -Be @('::1')
    }

    It 'reports a closed socket as Connect.SocketClosed' {
        $s = New-SctpSocket; $s | Close-SctpSocket
        Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.1 -RemotePort 3868 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Connect.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }

    It 'refuses a port out of range at binding' {
        { Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.ConnectSctpAssociationCommand'
    }

    It 'times out, finds no route, and stops on Ctrl+C promptly (own network namespace)' {
        # 127.0.0.2 is a blackhole (INIT never answered), 127.0.0.3 has no route at all.
        $wrapper = @('unshare', '--net', 'sh', '-c',
            'ip link set lo up && ip route del local 127.0.0.0/8 dev lo table local && ip route add blackhole 127.0.0.2 && exec "$@"', 'sh')
        $r = Invoke-ChildPwsh -Wrapper $wrapper -Script {
            $s = New-SctpSocket
            Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.3 -RemotePort 9 -ErrorAction SilentlyContinue | Out-Null  # warm-up
            $before = Get-OpenSocketCount
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.2 -RemotePort 9 -TimeoutSeconds 1 -ErrorVariable timeoutErr -ErrorAction SilentlyContinue
            $timeoutMs = $clock.ElapsedMilliseconds
            $left = @(Get-SctpAssociation -Socket $s).Count
            Connect-SctpAssociation -Socket $s -RemoteAddress 127.0.0.3 -RemotePort 9 -ErrorVariable routeErr -ErrorAction SilentlyContinue
            # Ctrl+C: stop a connect that would otherwise wait 30 s.
            $ps = [powershell]::Create().AddScript({
                param($module, $sock)
                Import-Module $module
                Connect-SctpAssociation -Socket $sock -RemoteAddress 127.0.0.2 -RemotePort 9 -TimeoutSeconds 30
            }).AddArgument((Get-Module SctpPS).Path).AddArgument($s)
            $async = $ps.BeginInvoke()
            $clock.Restart()
            while (-not (Get-SctpAssociation -Socket $s) -and $clock.ElapsedMilliseconds -lt 15000) { Start-Sleep -Milliseconds 20 }
            Start-Sleep -Milliseconds 200
            $runningBeforeStop = -not $async.IsCompleted
            $clock.Restart(); $ps.Stop(); $stopMs = $clock.ElapsedMilliseconds
            $ps.Dispose()
            [pscustomobject]@{
                TimeoutId = $timeoutErr[0].FullyQualifiedErrorId; TimeoutCategory = "$($timeoutErr[0].CategoryInfo.Category)"; TimeoutMessage = "$($timeoutErr[0])"
                TimeoutMs = $timeoutMs; AssociationsLeft = $left
                RouteId = $routeErr[0].FullyQualifiedErrorId; RouteCategory = "$($routeErr[0].CategoryInfo.Category)"; RouteMessage = "$($routeErr[0])"
                StopMs = $stopMs; RunningBeforeStop = $runningBeforeStop; AfterStop = @(Get-SctpAssociation -Socket $s).Count; Leaked = (Get-OpenSocketCount) - $before
            }
        }
        $r.TimeoutId | Should -Be 'Connect.Timeout,SctpPS.Commands.ConnectSctpAssociationCommand'
        $r.TimeoutCategory | Should -Be 'OperationTimeout'
        $r.TimeoutMessage | Should -Match 'ETIMEDOUT, errno 110'
        $r.TimeoutMs | Should -BeGreaterOrEqual 1000
        $r.TimeoutMs | Should -BeLessThan 3000
        $r.AssociationsLeft | Should -Be 0 -Because 'a timed-out attempt is abandoned'
        $r.RouteId | Should -Be 'Connect.NetworkUnreachable,SctpPS.Commands.ConnectSctpAssociationCommand'
        $r.RouteCategory | Should -Be 'ConnectionError'
        $r.RouteMessage | Should -Match 'ENETUNREACH, errno 101|EHOSTUNREACH, errno 113'
        $r.RunningBeforeStop | Should -BeTrue
        $r.StopMs | Should -BeLessThan 1000
        $r.AfterStop | Should -Be 0 -Because 'a stopped attempt is abandoned'
        $r.Leaked | Should -Be 0
    }
}

Describe 'Wait-SctpAssociation' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'emits the association a socat client brings up on a one-to-many listener' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $peer = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
        try {
            $a = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
            $a.State | Should -Be Established
            $a.Socket.Id | Should -Be $server.Id
            $a.LocalPort | Should -Be $port
            $a.RemotePort | Should -BeGreaterThan 0
            # The next wait does not hand out the same association again.
            Wait-SctpAssociation -Socket $server -TimeoutSeconds 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally { Stop-Peer $peer }
    }

    It 'accepts on a listening one-to-one socket, registers the accepted socket and emits its association' {
        $port = New-Port
        $server = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $peer = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
        try {
            $a = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
            $a.State | Should -Be Established
            $a.Socket.Id | Should -Not -Be $server.Id
            $a.Socket.Style | Should -Be OneToOne
            $a.Socket.IsInheritable | Should -BeFalse
            (Get-SctpSocket).Id | Should -Contain $a.Socket.Id
        }
        finally { Stop-Peer $peer }
    }

    It 'reports no peer within -TimeoutSeconds on a <Style> socket as Wait.Timeout' -TestCases @(
        @{ Style = 'OneToMany' }, @{ Style = 'OneToOne' }
    ) {
        param($Style)
        $server = New-SctpSocket -Style $Style -LocalAddress 127.0.0.1 -Listen
        $before = Get-OpenFdCount
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Wait-SctpAssociation -Socket $server -TimeoutSeconds 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $clock.ElapsedMilliseconds | Should -BeGreaterOrEqual 1000
        $clock.ElapsedMilliseconds | Should -BeLessThan 2500
        Assert-SctpError $err[0] -ErrorId 'Wait.Timeout' -Category OperationTimeout -Errno ETIMEDOUT -TargetObject $server
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports a socket that is not listening as Wait.NotListening' {
        $s = New-SctpSocket
        Wait-SctpAssociation -Socket $s -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Wait.NotListening' -Category InvalidOperation -Errno EINVAL -TargetObject $s
    }

    It 'reports a closed socket as Wait.SocketClosed' {
        $s = New-SctpSocket -Listen; $s | Close-SctpSocket
        Wait-SctpAssociation -Socket $s -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Wait.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }

    It 'stops on Ctrl+C within a few hundred ms and leaves the <Style> socket usable' -TestCases @(
        @{ Style = 'OneToMany' }, @{ Style = 'OneToOne' }
    ) {
        param($Style)
        $port = New-Port
        $server = New-SctpSocket -Style $Style -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $ps = [powershell]::Create().AddScript({ param($module, $s) Import-Module $module; Wait-SctpAssociation -Socket $s }).AddArgument((Get-Module SctpPS).Path).AddArgument($server)
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $async.IsCompleted | Should -BeFalse -Because 'with no -TimeoutSeconds the wait goes on until a peer comes or Ctrl+C'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.ElapsedMilliseconds | Should -BeLessThan 500
        $ps.Dispose()
        $server.IsClosed | Should -BeFalse
        $null = Connect-SctpAssociation -Socket (New-SctpSocket -Style $Style) -RemoteAddress 127.0.0.1 -RemotePort $port
        (Wait-SctpAssociation -Socket $server -TimeoutSeconds 5).State | Should -Be Established
    }
}

Describe 'Get-SctpAssociation' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'describes the associations of a socket: state, streams, window, paths' {
        $f = New-Fixture -Clients 2 -Addresses 127.0.0.1, 127.0.0.2
        $list = Get-SctpAssociation -Socket $f.Server
        $list.Count | Should -Be 2
        foreach ($a in $list) {
            $a.State | Should -Be Established
            $a.Socket.Id | Should -Be $f.Server.Id
            $a.LocalPort | Should -Be $f.Port
            $a.LocalAddresses | Sort-Object | Should -Be @('127.0.0.1', '127.0.0.2')
            $a.ReceiveWindow | Should -BeGreaterThan 0
            $a.FragmentationPoint | Should -BeGreaterThan 0
            $a.Paths.Count | Should -BeGreaterThan 0
            $a.Paths[0].Cwnd | Should -BeGreaterThan 0
            $a.Paths[0].Rto | Should -BeGreaterThan 0
            $a.Paths[0].Mtu | Should -BeGreaterThan 0
        }
        $f.Client.Id | ForEach-Object { $_ | Should -BeGreaterThan 0 }
    }

    It 'takes sockets from the pipeline and filters by -Id' {
        $f = New-Fixture -Clients 2
        $ids = (Get-SctpAssociation -Socket $f.Server).Id
        ($f.Server | Get-SctpAssociation -Id $ids[1]).Id | Should -Be $ids[1]
        @(Get-SctpSocket | Get-SctpAssociation).Count | Should -Be 4
    }

    It 'reports an -Id the socket does not have as GetAssociation.NotFound, and still emits the others' {
        $f = New-Fixture -Clients 1
        $id = (Get-SctpAssociation -Socket $f.Server).Id
        $found = Get-SctpAssociation -Socket $f.Server -Id 4242, $id -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Id | Should -Be $id
        Assert-SctpError $err[0] -ErrorId 'GetAssociation.NotFound' -Category ObjectNotFound -Errno EINVAL -TargetObject 4242
    }

    It 'reports a closed socket as GetAssociation.SocketClosed' {
        $s = New-SctpSocket; $s | Close-SctpSocket
        Get-SctpAssociation -Socket $s -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'GetAssociation.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }

    It 'lists every association on the host, other processes included, with owner and filters' {
        $pair = Start-SocatPair
        $port = $pair.Port; $server = $pair.Server; $client = $pair.Client
        try {
            $f = New-Fixture -Clients 1
            $all = Get-SctpAssociation
            $theirs = @($all | Where-Object { $_.LocalPort -eq $port -or $_.RemotePort -eq $port })
            $theirs.Count | Should -Be 2
            $theirs.Where({ $null -ne $_.Socket }) | Should -BeNullOrEmpty
            $theirs.OwningProcess | Sort-Object | Should -Be (@($server.Id, $client.Id) | Sort-Object)
            $theirs.Inode | ForEach-Object { $_ | Should -BeGreaterThan 0 }
            $theirs.Uid | Should -Be @(0, 0)
            $theirs.State | Should -Be @('Established', 'Established')
            $ours = @($all | Where-Object { $_.LocalPort -eq $f.Port })
            $ours.Count | Should -Be 1
            $ours[0].Socket.Id | Should -Be $f.Server.Id
            $ours[0].OwningProcess | Should -Be $PID
            # Filters, in the spirit of Get-NetTCPConnection.
            (Get-SctpAssociation -RemotePort $port).OwningProcess | Should -Be $client.Id
            @(Get-SctpAssociation -RemoteAddress 127.0.0.1 -LocalPort $port).Count | Should -Be 1
            Get-SctpAssociation -LocalPort $port -State CookieWait | Should -BeNullOrEmpty
        }
        finally { Stop-SocatPair $pair }
    }

    It 'reads sctp_diag and /proc alike: the same associations and ids' {
        $f = New-Fixture -Clients 2 -Addresses 127.0.0.1, 127.0.0.2
        $diag = @(Get-SctpAssociation -Source SctpDiag -LocalPort $f.Port)
        $proc = @(Get-SctpAssociation -Source Proc -LocalPort $f.Port)
        $diag.Count | Should -Be 2
        $diag.Source | Should -Be @('sctp_diag', 'sctp_diag')
        $proc.Source | Should -Be @('/proc/net/sctp/assocs', '/proc/net/sctp/assocs')
        ($diag.Id | Sort-Object) | Should -Be ($proc.Id | Sort-Object)
        ($diag.Id | Sort-Object) | Should -Be ((Get-SctpAssociation -Socket $f.Server).Id | Sort-Object)
        (Get-SctpAssociation).Source | Select-Object -Unique | Should -Be 'sctp_diag' -Because 'Auto prefers sctp_diag when it is loaded'
    }

    It 'falls back to /proc when sctp_diag is not loaded, and -Source SctpDiag then says what to load' {
        if (-not $env:SCTPPS_IN_SANDBOX) {
            Set-ItResult -Inconclusive -Because 'unloading sctp_diag is only done inside the sandbox, never on a real host'
            return
        }
        $f = New-Fixture -Clients 1
        $module = Get-ChildItem /usr/lib/uml/modules/*/kernel/net/sctp/sctp_diag.ko | Select-Object -First 1
        & rmmod sctp_diag
        try {
            (Get-SctpAssociation -LocalPort $f.Port).Source | Should -Be '/proc/net/sctp/assocs'
            Get-SctpAssociation -Source SctpDiag -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetAssociation.NoSystemTable' -Category NotInstalled -Errno ENOENT
            "$($err[0])" | Should -Match 'modprobe sctp_diag'
        }
        finally { & insmod $module.FullName }
        (Get-SctpAssociation -LocalPort $f.Port).Source | Should -Be 'sctp_diag'
    }

    It 'shows a table with id, state, endpoints and streams' {
        $f = New-Fixture -Clients 1 -Addresses 127.0.0.1, 127.0.0.2
        $text = Get-SctpAssociation -Socket $f.Server | Format-Table | Out-String -Width 120
        $text | Should -Match 'Id\s+State\s+SocketId\s+LocalEndPoint\s+PeerEndPoint\s+Streams'
        $text | Should -Match "Established\s+$($f.Server.Id)\s+127\.0\.0\.1:$($f.Port) \(\+1\)"
    }
}

Describe 'Invoke-SctpPeelOff' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'peels a socat peer''s association off into its own socket; the peer''s next message arrives there' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $peer = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
        try {
            $a = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
            $before = Get-OpenFdCount
            $new = Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff
            Get-OpenFdCount | Should -Be ($before + 1)
            $new.Style | Should -Be OneToOne
            $new.PeeledOffFrom.Id | Should -Be $server.Id
            $new.PeeledOffAssociationId | Should -Be $a.Id
            $new.IsInheritable | Should -BeFalse -Because 'peeled sockets are close-on-exec by default'
            $new.IsNonBlocking | Should -BeFalse
            (Get-SctpSocket).Id | Should -Contain $new.Id
            Get-SctpAssociation -Socket $server | Should -BeNullOrEmpty
            (Get-SctpAssociation -Socket $new).RemotePort | Should -Be $a.RemotePort
            # The peer speaks: the message is on the new socket, not the old one.
            $peer.StandardInput.Write("hello after peel-off`n"); $peer.StandardInput.Flush()
            $new.GetRuntimeSocket().ReceiveTimeout = 5000
            $buffer = [byte[]]::new(256)
            $n = $new.GetRuntimeSocket().Receive($buffer)
            [Text.Encoding]::ASCII.GetString($buffer, 0, $n) | Should -Be "hello after peel-off`n"
            $server.GetRuntimeSocket().Poll(0, 'SelectRead') | Should -BeFalse
        }
        finally { Stop-Peer $peer }
    }

    It 'peels off by -Socket and -AssociationId with -NonBlocking and -Inheritable' {
        $f = New-Fixture -Clients 1
        $id = (Get-SctpAssociation -Socket $f.Server).Id
        $new = Invoke-SctpPeelOff -Socket $f.Server -AssociationId $id -NonBlocking -Inheritable
        $new.IsNonBlocking | Should -BeTrue
        $new.IsInheritable | Should -BeTrue
        $new.PeeledOffAssociationId | Should -Be $id
    }

    It 'peels off from a descriptor it did not create (-FileDescriptor), as sctp_peeloff(sd, id) does' {
        $f = New-Fixture -Clients 1
        $id = (Get-SctpAssociation -Socket $f.Server).Id
        $new = Invoke-SctpPeelOff -FileDescriptor $f.Server.Handle -AssociationId $id
        $new.Style | Should -Be OneToOne
        $new.PeeledOffAssociationId | Should -Be $id
        (Get-SctpAssociation -Socket $new).State | Should -Be Established
        Get-SctpAssociation -Socket $f.Server | Should -BeNullOrEmpty
        $f.Server.IsClosed | Should -BeFalse -Because 'the descriptor stays the caller''s'
    }

    It 'peels off four of five piped associations when one fails, writing one error' {
        $f = New-Fixture -Clients 5
        $list = @(Get-SctpAssociation -Socket $f.Server)
        $null = $list[2] | Invoke-SctpPeelOff           # peeled already: it will fail below
        $before = Get-OpenFdCount
        $new = $list | Invoke-SctpPeelOff -ErrorVariable err -ErrorAction SilentlyContinue
        $new.Count | Should -Be 4
        $err.Count | Should -Be 1
        Assert-SctpError $err[0] -ErrorId 'PeelOff.InvalidAssociation' -Category ObjectNotFound -Errno EINVAL
        $err[0].TargetObject.Id | Should -Be $list[2].Id
        Get-OpenFdCount | Should -Be ($before + 4)
    }

    It 'peels off 200 associations from the pipeline' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        1..200 | ForEach-Object { $null = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $port }
        Wait-Until { @(Get-SctpAssociation -Socket $server).Count -eq 200 } | Should -BeTrue
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $new = Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff
        Write-Host ("    peeled off 200 associations in {0} ms" -f $clock.ElapsedMilliseconds)
        $new.Count | Should -Be 200
        ($new.Handle | Sort-Object -Unique).Count | Should -Be 200
        Get-SctpAssociation -Socket $server | Should -BeNullOrEmpty
    }

    Context 'errors (sctp_peeloff(3) ERRORS and more)' {
        It 'EBADF: -FileDescriptor that is not open -> PeelOff.BadDescriptor' {
            $before = Get-OpenFdCount
            Invoke-SctpPeelOff -FileDescriptor 4000 -AssociationId 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'PeelOff.BadDescriptor' -Category InvalidArgument -Errno EBADF -TargetObject 4000
            Get-OpenFdCount | Should -Be $before
        }

        It 'ENOTSOCK: descriptor of a regular file -> PeelOff.NotASocket' {
            $file = [System.IO.File]::OpenRead('/etc/hostname')
            try {
                $fd = [int]$file.SafeFileHandle.DangerousGetHandle()
                $before = Get-OpenFdCount
                Invoke-SctpPeelOff -FileDescriptor $fd -AssociationId 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                Assert-SctpError $err[0] -ErrorId 'PeelOff.NotASocket' -Category InvalidArgument -Errno ENOTSOCK -TargetObject $fd
                Get-OpenFdCount | Should -Be $before
            }
            finally { $file.Dispose() }
        }

        It 'EINVAL: no such association -> PeelOff.InvalidAssociation' {
            $f = New-Fixture -Clients 1
            $before = Get-OpenFdCount
            Invoke-SctpPeelOff -Socket $f.Server -AssociationId 31337 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'PeelOff.InvalidAssociation' -Category ObjectNotFound -Errno EINVAL -TargetObject 31337
            $err[0].Exception.Message | Should -Match "has no such association" -Because 'the two EINVAL cases differ in the exception text too'
            Get-OpenFdCount | Should -Be $before
            @(Get-SctpAssociation -Socket $f.Server).Count | Should -Be 1
        }

        It 'EINVAL on a <Kind> socket -> PeelOff.NotOneToManySocket' -TestCases @(
            @{ Kind = 'one-to-one' }, @{ Kind = 'peeled-off' }, @{ Kind = 'one-to-one descriptor' }
        ) {
            param($Kind)
            $f = New-Fixture -Clients 1
            $id = (Get-SctpAssociation -Socket $f.Server).Id
            $socket = switch ($Kind) {
                'peeled-off' { Invoke-SctpPeelOff -Socket $f.Server -AssociationId $id }
                default { New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -Listen }
            }
            $before = Get-OpenFdCount
            if ($Kind -eq 'one-to-one descriptor') {
                Invoke-SctpPeelOff -FileDescriptor $socket.Handle -AssociationId $id -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                $target = $socket.Handle
            }
            else {
                Invoke-SctpPeelOff -Socket $socket -AssociationId $id -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                $target = $id
            }
            Assert-SctpError $err[0] -ErrorId 'PeelOff.NotOneToManySocket' -Category InvalidOperation -Errno EINVAL -TargetObject $target
            $err[0].Exception.Message | Should -Match 'is a one-to-one socket.*only one-to-many sockets hold associations'
            Get-OpenFdCount | Should -Be $before
        }

        It 'a <Protocol> socket descriptor -> PeelOff.NotSctpSocket' -TestCases @(
            @{ Protocol = 'Tcp'; Type = 'Stream' }, @{ Protocol = 'Udp'; Type = 'Dgram' }
        ) {
            param($Protocol, $Type)
            $other = [System.Net.Sockets.Socket]::new('InterNetwork', $Type, $Protocol)
            try {
                $fd = [int]$other.Handle
                $before = Get-OpenFdCount
                Invoke-SctpPeelOff -FileDescriptor $fd -AssociationId 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                Assert-SctpError $err[0] -ErrorId 'PeelOff.NotSctpSocket' -Category InvalidArgument -Errno ENOPROTOOPT -TargetObject $fd
                "$($err[0])" | Should -Match "$($Protocol.ToUpper()) socket"
                Get-OpenFdCount | Should -Be $before
            }
            finally { $other.Dispose() }
        }

        It 'an SctpSocket already closed -> PeelOff.SocketClosed' {
            $f = New-Fixture -Clients 1
            $a = Get-SctpAssociation -Socket $f.Server
            $f.Server | Close-SctpSocket
            $before = Get-OpenFdCount
            $a | Invoke-SctpPeelOff -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'PeelOff.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $a
            Get-OpenFdCount | Should -Be $before
        }

        It 'an association listed system-wide from another process -> PeelOff.NoSocket' {
            $pair = Start-SocatPair
            try {
                $a = Get-SctpAssociation -RemotePort $pair.Port
                $a | Invoke-SctpPeelOff -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                Assert-SctpError $err[0] -ErrorId 'PeelOff.NoSocket' -Category InvalidOperation
            }
            finally { Stop-SocatPair $pair }
        }

        It 'EMFILE (a child with its descriptor limit reached) -> PeelOff.TooManyOpenFiles, the association stays' {
            $r = Invoke-ChildPwsh -Script {
                $server = New-SctpSocket -LocalAddress 127.0.0.1 -Listen
                $null = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $server.LocalPort
                $a = Wait-SctpAssociation -Socket $server -TimeoutSeconds 5
                # Load every code path the failure will take while no descriptor is left.
                Invoke-SctpPeelOff -Socket $server -AssociationId 999999 -ErrorAction SilentlyContinue
                [Console]::Error.Flush(); [Console]::Out.Flush()
                $sockets = Get-OpenSocketCount
                # Lower the soft limit to 64 above the highest open descriptor, then fill every
                # free number below it: the next descriptor the kernel hands out would be EMFILE.
                # Closing the fillers afterwards leaves at least 64 for the rest of the check.
                $highest = ([System.IO.Directory]::GetFileSystemEntries('/proc/self/fd') | ForEach-Object { [int](Split-Path $_ -Leaf) } | Measure-Object -Maximum).Maximum
                $hard = (& /usr/bin/prlimit --pid $PID --nofile --output HARD --noheadings).Trim()
                & /usr/bin/prlimit --pid $PID "--nofile=$($highest + 65):$hard"
                $fillers = [System.Collections.Generic.List[System.IO.FileStream]]::new()
                try { while ($true) { $fillers.Add([System.IO.File]::OpenRead('/dev/null')) } } catch { }
                $a | Invoke-SctpPeelOff -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
                foreach ($f in $fillers) { $f.Dispose() }
                [pscustomobject]@{
                    ErrorId = $err[0].FullyQualifiedErrorId; Category = "$($err[0].CategoryInfo.Category)"; Message = "$($err[0])"
                    Fillers = $fillers.Count; Leaked = (Get-OpenSocketCount) - $sockets
                    StillThere = @(Get-SctpAssociation -Socket $server).Count
                    RetryWorks = [bool]($a | Invoke-SctpPeelOff)
                }
            }
            $r.ErrorId | Should -Be 'PeelOff.TooManyOpenFiles,SctpPS.Commands.InvokeSctpPeelOffCommand'
            $r.Category | Should -Be 'LimitsExceeded'
            $r.Message | Should -Match 'EMFILE, errno 24'
            $r.Leaked | Should -Be 0
            $r.StillThere | Should -Be 1
            $r.RetryWorks | Should -BeTrue
        }
    }
}

Describe 'Disconnect-SctpAssociation' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'shuts down gracefully: the socat peer sees the end and exits' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        # socat copies the association to stdout and exits when the peer shuts it down.
        $peer = Start-Peer socat @('-u', "SCTP-CONNECT:127.0.0.1:$port", 'STDOUT')
        try {
            $a = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
            $a | Disconnect-SctpAssociation -WhatIf
            (Get-SctpAssociation -Socket $server).State | Should -Be Established
            $a | Disconnect-SctpAssociation
            $peer.WaitForExit(5000) | Should -BeTrue
            $peer.ExitCode | Should -Be 0
            Wait-Until { -not (Get-SctpAssociation -Socket $server) } | Should -BeTrue
        }
        finally { Stop-Peer $peer }
    }

    It 'aborts with -Abort: the association is gone at once on both sides' {
        $f = New-Fixture -Clients 1
        $a = Get-SctpAssociation -Socket $f.Server
        $a | Disconnect-SctpAssociation -Abort -PassThru | ForEach-Object Id | Should -Be $a.Id
        Get-SctpAssociation -Socket $f.Server | Should -BeNullOrEmpty
        Wait-Until { -not (Get-SctpAssociation -Socket $f.Client[0].Socket) } | Should -BeTrue
    }

    It 'shuts down a one-to-one socket''s association (shutdown(2)), keeps the socket open, and -Wait returns at SHUTDOWN COMPLETE' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -Style OneToOne
        $client = New-SctpSocket -Style OneToOne
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        $accepted = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
        $a | Disconnect-SctpAssociation -Wait -TimeoutSeconds 5 -ErrorVariable err
        $err | Should -BeNullOrEmpty -Because 'Linux refuses SCTP_EOF on a TCP-style socket; shutdown(2) is what works there'
        $client.IsClosed | Should -BeFalse
        Get-SctpAssociation -Socket $client | Should -BeNullOrEmpty
        Receive-SctpMessage -Socket $accepted.Socket -TimeoutSeconds 5 -ErrorVariable gone -ErrorAction SilentlyContinue
        Assert-SctpError $gone[0] -ErrorId 'Receive.AssociationClosed' -Category ConnectionError -Errno ESHUTDOWN
        # Gone now: the kernel's answer is no longer "invalid argument" but that it is gone.
        $before = Get-OpenFdCount
        $a | Disconnect-SctpAssociation -ErrorVariable again -ErrorAction SilentlyContinue
        Assert-SctpError $again[0] -ErrorId 'Disconnect.NotFound' -Category ObjectNotFound -Errno EPIPE -TargetObject $a
        "$($again[0])" | Should -Match 'already gone'
        $a | Disconnect-SctpAssociation -Abort -ErrorVariable abortGone -ErrorAction SilentlyContinue
        Assert-SctpError $abortGone[0] -ErrorId 'Disconnect.NotFound' -Category ObjectNotFound -Errno EPIPE -TargetObject $a
        $client.IsClosed | Should -BeFalse -Because 'nothing was aborted, so the socket was not closed for it'
        Get-OpenFdCount | Should -Be $before -Because 'neither failed call opened or closed a descriptor'
    }

    It '-Abort on a one-to-one socket closes it (SO_LINGER {1, 0}) and says so with -Verbose and -WhatIf' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $client = New-SctpSocket -Style OneToOne
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        $before = Get-OpenFdCount
        $a | Disconnect-SctpAssociation -Abort -Verbose 4>&1 | Out-String | Should -Match "socket $($client.Id) was closed with SO_LINGER \{1, 0\}"
        $client.IsClosed | Should -BeTrue
        Get-SctpSocket -Id $client.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'a socket closed for the ABORT leaves the session'
        Get-OpenFdCount | Should -Be ($before - 1)
        Wait-Until { -not (Get-SctpAssociation -Socket $server) } | Should -BeTrue
    }

    It '-Wait: Disconnect.Timeout when the peer does not complete the shutdown (own network namespace, loopback taken down)' {
        $wrapper = @('unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh')
        $r = Invoke-ChildPwsh -Wrapper $wrapper -Script {
            $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort 3900 -Listen
            $a = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort 3900 -TimeoutSeconds 10
            ip link set lo down
            $socketsBefore = Get-OpenSocketCount
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $a | Disconnect-SctpAssociation -Wait -TimeoutSeconds 0.5 -ErrorVariable err -ErrorAction SilentlyContinue
            $ms = $clock.ElapsedMilliseconds
            $socketsAfter = Get-OpenSocketCount
            $state = "$((Get-SctpAssociation -Socket $a.Socket).State)"
            ip link set lo up
            Get-SctpSocket | Close-SctpSocket -Abort
            [pscustomobject]@{
                Id = $err[0].FullyQualifiedErrorId; Category = "$($err[0].CategoryInfo.Category)"; Message = "$($err[0])"; Ms = $ms; State = $state
                Target = "$($err[0].TargetObject)"; Expected = "$a"; SocketsBefore = $socketsBefore; SocketsAfter = $socketsAfter
            }
        }
        $r.Id | Should -Be 'Disconnect.Timeout,SctpPS.Commands.DisconnectSctpAssociationCommand'
        $r.Category | Should -Be 'OperationTimeout'
        $r.Target | Should -Be $r.Expected -Because 'the error names the association it waited for'
        $r.SocketsAfter | Should -Be $r.SocketsBefore -Because 'the timed-out wait leaves no descriptor behind'
        $r.Message | Should -Match 'still ShutdownSent after 0\.5 s.*ETIMEDOUT, errno 110'
        $r.Ms | Should -BeGreaterOrEqual 500
        $r.Ms | Should -BeLessThan 2000
        $r.State | Should -Be 'ShutdownSent' -Because 'the shutdown goes on in the kernel'
    }

    It 'reports an association that is already gone as Disconnect.NotFound' {
        $f = New-Fixture -Clients 1
        $a = Get-SctpAssociation -Socket $f.Server
        $a | Disconnect-SctpAssociation -Abort
        $before = Get-OpenFdCount
        $a | Disconnect-SctpAssociation -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Disconnect.NotFound' -Category ObjectNotFound -Errno EPIPE -TargetObject $a
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports a closed socket as Disconnect.SocketClosed' {
        $f = New-Fixture -Clients 1
        $a = Get-SctpAssociation -Socket $f.Server
        $f.Server | Close-SctpSocket
        $a | Disconnect-SctpAssociation -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Disconnect.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $a
    }

    It 'reports an association of another process as Disconnect.NoSocket' {
        $pair = Start-SocatPair
        try {
            Get-SctpAssociation -RemotePort $pair.Port | Disconnect-SctpAssociation -ErrorVariable err -ErrorAction SilentlyContinue
            Assert-SctpError $err[0] -ErrorId 'Disconnect.NoSocket' -Category InvalidOperation
            $pair.Client.HasExited | Should -BeFalse
        }
        finally { Stop-SocatPair $pair }
    }
}
