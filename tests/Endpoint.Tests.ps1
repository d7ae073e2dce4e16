# Get-SctpEndpoint: the host's listening and association-carrying SCTP sockets, like ss -Sl,
# found for peers that are not this module (socat, ncat, Java's jdk.sctp) from sctp_diag and /proc.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 26100
    function New-Port { $script:nextPort++; $script:nextPort }
    # The inode of every socket a process holds, from its descriptors: what ss matches processes by.
    function Get-SocketInodes([int] $ProcessId) {
        Get-ChildItem "/proc/$ProcessId/fd" | ForEach-Object { "$($_.LinkTarget)" } | Where-Object { $_ -match '^socket:\[(\d+)\]$' } | ForEach-Object { [uint64]($_ -replace '\D') }
    }
    function Use-Internal([type] $Type, [string] $Property, $Value, [scriptblock] $Body) {
        $p = $Type.GetProperty($Property, [System.Reflection.BindingFlags]'Public,NonPublic,Static')
        $saved = $p.GetValue($null)
        $p.SetValue($null, $Value)
        try { & $Body } finally { $p.SetValue($null, $saved) }
    }
    $null = Get-SctpEndpoint   # warm-up
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Get-SctpEndpoint finds the listeners of peers that are not this module' -Tag Kernel {
    BeforeAll {
        $script:Peers = @(
            @{ Name = 'socat'; Port = (New-Port) }
            @{ Name = 'ncat'; Port = (New-Port) }
            @{ Name = 'java'; Port = (New-Port) }
        )
        $Peers[0].Process = Start-Peer socat @('-u', "SCTP-LISTEN:$($Peers[0].Port),reuseaddr,bind=127.0.0.1", 'OPEN:/dev/null')
        $Peers[1].Process = Start-Peer ncat @('--sctp', '-l', '127.0.0.1', "$($Peers[1].Port)")
        $Peers[2].Process = Start-Peer java @('-cp', (Get-JavaPeerPath), 'JavaSctpPeer', 'receive', "$($Peers[2].Port)", '1')
        foreach ($p in $Peers) {
            # The JVM takes several seconds to start under the sandbox, and over a minute when the host is busy.
            Wait-Until { Get-Content /proc/net/sctp/eps | Where-Object { ($_.Trim() -split '\s+')[5] -eq "$($p.Port)" } } -TimeoutMs 150000 |
                Should -BeTrue -Because "$($p.Name) listens on $($p.Port)"
        }
    }
    AfterAll { foreach ($p in $Peers) { Stop-Peer $p.Process } }

    It 'lists <Name>''s listener with its port, address, state, style, owner, inode and process (<Source>)' -ForEach @(
        @{ Index = 0; Name = 'socat'; Source = 'SctpDiag' }
        @{ Index = 1; Name = 'ncat'; Source = 'SctpDiag' }
        @{ Index = 2; Name = 'java'; Source = 'SctpDiag' }
        @{ Index = 0; Name = 'socat'; Source = 'Proc' }
        @{ Index = 1; Name = 'ncat'; Source = 'Proc' }
        @{ Index = 2; Name = 'java'; Source = 'Proc' }
    ) {
        $peer = $Peers[$Index]
        $e = @(Get-SctpEndpoint -LocalPort $peer.Port -Source $Source)
        $e.Count | Should -Be 1
        $e[0] | Should -BeOfType SctpPS.SctpEndpoint
        $e[0].State | Should -Be 'Listen'
        $e[0].Style | Should -Be 'OneToOne' -Because "$Name listens on a SOCK_STREAM socket"
        $e[0].LocalAddresses | Should -Be @([ipaddress]'127.0.0.1')
        $e[0].Uid | Should -Be ([uint32](& id -u))
        $e[0].OwningProcess | Should -Be $peer.Process.Id
        $e[0].ProcessName | Should -Be $Name
        Get-SocketInodes $peer.Process.Id | Should -Contain $e[0].Inode
        $e[0].Socket | Should -BeNullOrEmpty -Because 'it is not a socket of this session'
        $e[0].Associations | Should -Be 0
        if ($Source -eq 'SctpDiag') {
            $e[0].Source | Should -Be 'sctp_diag'
            $e[0].Backlog | Should -BeGreaterThan 0
            $e[0].AcceptQueue | Should -Be 0
        }
        else { $e[0].Source | Should -Be '/proc/net/sctp/eps' }
    }

    It 'filters by owning process' {
        $socat = $Peers[0]
        $e = @(Get-SctpEndpoint -OwningProcess $socat.Process.Id)
        $e.Count | Should -Be 1
        $e[0].LocalPort | Should -Be $socat.Port
        @(Get-SctpEndpoint -OwningProcess $Peers[1].Process.Id, $Peers[2].Process.Id).LocalPort | Sort-Object | Should -Be @($Peers[1].Port, $Peers[2].Port)
    }

    It 'shows them in a table like Get-NetTCPConnection -State Listen' {
        $lines = @((Get-SctpEndpoint -LocalPort $Peers.Port | Out-String -Width 79) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^LocalAddresses\s+LocalPort\s+State\s+Style\s+Assocs\s+OwningProcess\s+SocketId$'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
        $lines.Count | Should -Be 5
        foreach ($p in $Peers) {
            $lines | Where-Object { $_ -match "^127\.0\.0\.1\s+$($p.Port)\s+Listen\s+OneToOne\s+0\s+$($p.Process.Id) $($p.Name)\s*$" } | Should -Not -BeNullOrEmpty -Because "$($p.Name)'s row"
        }
    }
}

Describe 'Get-SctpEndpoint and the sockets of this session' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'names this session''s socket, counts associations, and lists clients and accepted sockets (<Source>)' -ForEach @(
        @{ Source = 'SctpDiag' }, @{ Source = 'Proc' }
    ) {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort $port -Listen -Backlog 7
        $clientSocket = New-SctpSocket
        $a1 = Connect-SctpAssociation -Socket $clientSocket -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        $a2 = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.2 -RemotePort $port -TimeoutSeconds 10
        Wait-Until { @(Get-SctpAssociation -Socket $server).Count -eq 2 } | Should -BeTrue
        $listener = @(Get-SctpEndpoint -LocalPort $port -Source $Source -State Listen)
        $listener.Count | Should -Be 1
        $listener[0].Socket.Id | Should -Be $server.Id
        $listener[0].Inode | Should -Be $server.Inode
        $listener[0].Style | Should -Be 'OneToMany'
        $listener[0].Associations | Should -Be 2
        @($listener[0].LocalAddresses | ForEach-Object ToString | Sort-Object) | Should -Be @('127.0.0.1', '127.0.0.2')
        $listener[0].OwningProcess | Should -Be $PID
        if ($Source -eq 'SctpDiag') { $listener[0].Backlog | Should -Be 7 }
        # The client's socket does not listen, but carries its association.
        $client = @(Get-SctpEndpoint -LocalPort $a1.LocalPort -Source $Source)
        $client.Count | Should -Be 1
        $client[0].State | Should -Be 'Bound'
        $client[0].Associations | Should -Be 1
        $client[0].Socket.Id | Should -Be $clientSocket.Id
        # A one-to-one pair: the listener, the accepted socket and the client, each Established but the listener.
        $oport = New-Port
        $oserver = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -LocalPort $oport -Listen
        $oclient = New-SctpSocket -Style OneToOne
        $null = Connect-SctpAssociation -Socket $oclient -RemoteAddress 127.0.0.1 -RemotePort $oport -TimeoutSeconds 10
        $accepted = Wait-SctpAssociation -Socket $oserver -TimeoutSeconds 10
        $rows = @(Get-SctpEndpoint -LocalPort $oport -Source $Source)
        ($rows | Where-Object State -eq 'Listen').Socket.Id | Should -Be $oserver.Id
        ($rows | Where-Object State -eq 'Established').Socket.Id | Should -Be $accepted.Socket.Id
        (Get-SctpEndpoint -LocalPort $oclient.LocalPort -Source $Source).State | Should -Be 'Established'
    }

    It 'adds this session''s bound sockets that no kernel table lists' {
        $port = New-Port
        $s = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port
        Get-Content /proc/net/sctp/eps | Where-Object { ($_.Trim() -split '\s+')[5] -eq "$port" } | Should -BeNullOrEmpty -Because 'the kernel lists listeners only'
        $e = @(Get-SctpEndpoint -LocalPort $port)
        $e.Count | Should -Be 1
        $e[0].State | Should -Be 'Bound'
        $e[0].Source | Should -Be 'Socket'
        $e[0].Socket.Id | Should -Be $s.Id
        $e[0].OwningProcess | Should -Be $PID
        $e[0].Uid | Should -Be ([uint32](& id -u))
        # An unbound socket is nowhere.
        $unbound = New-SctpSocket
        Get-SctpEndpoint | Where-Object { $_.Socket.Id -eq $unbound.Id } | Should -BeNullOrEmpty
    }

    It 'hands its own sockets to the other cmdlets' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        (Get-SctpEndpoint -LocalPort $port).Socket | Close-SctpSocket
        Get-SctpEndpoint -LocalPort $port | Should -BeNullOrEmpty
    }

    It 'filters by state' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $b = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort (New-Port)
        @(Get-SctpEndpoint -State Listen).LocalPort | Should -Contain $port
        @(Get-SctpEndpoint -State Listen).LocalPort | Should -Not -Contain $b.LocalPort
        @(Get-SctpEndpoint -State Bound).LocalPort | Should -Contain $b.LocalPort
    }
}

Describe 'Get-SctpEndpoint errors' -Tag Kernel {
    It 'reports -Source SctpDiag without the sctp_diag module as GetEndpoint.NoSystemTable' {
        Use-Internal ([SctpPS.SctpAssociation].Assembly.GetType('SctpPS.SctpDiag')) ModuleFolder '/sys/module/no-sctp-diag' {
            Get-SctpEndpoint -Source SctpDiag -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetEndpoint.NoSystemTable' -Category NotInstalled -Errno ENOENT -TargetObject 'SctpDiag'
            "$($err[0])" | Should -Match 'modprobe sctp_diag'
            # Auto falls back to /proc.
            (Get-SctpEndpoint | Select-Object -First 1).Source | Should -Not -Be 'sctp_diag'
        }
    }

    It 'reports a host without the sctp module as GetEndpoint.NoSystemTable, with the remedy' {
        Use-Internal ([SctpPS.SctpEndpoints]) EndpointsPath '/proc/net/sctp/no-such-table' {
            Get-SctpEndpoint -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetEndpoint.NoSystemTable' -Category NotInstalled -Errno ENOENT -TargetObject '/proc/net/sctp/no-such-table'
            "$($err[0])" | Should -Match 'sctp module is not loaded'
        }
    }

    It 'reports a table that cannot be read as GetEndpoint.Failed' {
        # A file that exists but fails to read (EIO at offset 0, even for root).
        Use-Internal ([SctpPS.SctpEndpoints]) EndpointsPath '/proc/self/mem' {
            Get-SctpEndpoint -Source Proc -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetEndpoint.Failed' -Category ReadError -TargetObject 'Proc'
        }
    }

    It 'refuses a port out of range at binding' {
        { Get-SctpEndpoint -LocalPort 65536 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.GetSctpEndpointCommand'
    }
}
