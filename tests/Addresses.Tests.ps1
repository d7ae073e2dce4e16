# Kernel tests for multi-homing: Add-/Remove-SctpLocalAddress (sctp_bindx(3)),
# Get-SctpPeerAddress (sctp_getpaddrs(3)), Set-SctpPrimaryAddress, and the association
# statistics; with a peer that is not this module (socat) on 127.0.0.1 and 127.0.0.2.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 24000
    function New-Port { $script:nextPort++; $script:nextPort }
    # A socat listener bound to the wildcard address: multi-homed on 127.0.0.1 and 127.0.0.2
    # (the sandbox adds the second to lo). Our client is bound to both addresses too.
    function Start-MultiHomed {
        $port = New-Port
        $peer = Start-Peer socat @('-u', "SCTP-LISTEN:$port,reuseaddr,pf=ip4", 'OPEN:/dev/null')
        Wait-SctpListener $port | Should -BeTrue
        $client = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        [pscustomobject]@{ Port = $port; Peer = $peer; Client = $client; Association = $a }
    }
    # The peer's own view of the association: sctp_diag lists socat's socket too.
    function Get-PeerView($f) {
        Get-SctpAssociation -Source SctpDiag -LocalPort $f.Port | Where-Object { $_.RemotePort -eq $f.Association.LocalPort }
    }
    $null = New-SctpSocket; Get-SctpSocket | Close-SctpSocket
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Add-SctpLocalAddress and Remove-SctpLocalAddress' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'adds and removes addresses on the socket''s port; LocalAddresses follows' {
        $port = New-Port
        $s = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $r = Add-SctpLocalAddress -Socket $s -Address 127.0.0.2 -PassThru
        $r.Id | Should -Be $s.Id
        $s.LocalAddresses | Should -Be @('127.0.0.1', '127.0.0.2')
        $s.LocalPort | Should -Be $port
        # The kernel's own table of listening endpoints agrees.
        Get-Content /proc/net/sctp/eps | Where-Object { $_ -match "\s$port\s" } | Should -Match '127\.0\.0\.1 127\.0\.0\.2'
        $s | Remove-SctpLocalAddress -Address 127.0.0.1 -Confirm:$false
        $s.LocalAddresses | Should -Be @('127.0.0.2')
    }

    It 'changes nothing with -WhatIf' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2
        Remove-SctpLocalAddress -Socket $s -Address 127.0.0.2 -WhatIf
        Add-SctpLocalAddress -Socket (New-SctpSocket -LocalAddress 127.0.0.1) -Address 127.0.0.2 -WhatIf
        $s.LocalAddresses.Count | Should -Be 2
        @(Get-SctpSocket)[1].LocalAddresses.Count | Should -Be 1
    }

    It 'reports an address not on this host as AddAddress.AddressNotAvailable' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1
        $before = Get-OpenFdCount
        Add-SctpLocalAddress -Socket $s -Address 198.51.100.7 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'AddAddress.AddressNotAvailable' -Category InvalidArgument -Errno EADDRNOTAVAIL -TargetObject $s
        $s.LocalAddresses | Should -Be @('127.0.0.1')
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports an IPv6 address on an IPv4 socket as AddAddress.InvalidAddress' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1
        Add-SctpLocalAddress -Socket $s -Address ::1 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'AddAddress.InvalidAddress' -Category InvalidArgument -Errno EINVAL -TargetObject $s
        "$($err[0])" | Should -Match 'IPv6 address and socket \d+ is an IPv4 socket'
        $s.LocalAddresses | Should -Be @('127.0.0.1')
    }

    It 'reports an address another socket holds on that port as AddAddress.AddressInUse' {
        $port = New-Port
        $null = New-SctpSocket -LocalAddress 127.0.0.2 -LocalPort $port
        $s = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port
        Add-SctpLocalAddress -Socket $s -Address 127.0.0.2 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'AddAddress.AddressInUse' -Category ResourceUnavailable -Errno EADDRINUSE -TargetObject $s
        $s.LocalAddresses | Should -Be @('127.0.0.1')
    }

    It 'reports removing the last address as RemoveAddress.LastAddress, and the socket keeps it' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1
        Remove-SctpLocalAddress -Socket $s -Address 127.0.0.1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'RemoveAddress.LastAddress' -Category InvalidOperation -Errno EBUSY -TargetObject $s
        $s.LocalAddresses | Should -Be @('127.0.0.1')
    }

    It 'reports an address the socket does not have as RemoveAddress.InvalidAddress' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2
        Remove-SctpLocalAddress -Socket $s -Address 127.0.0.3 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'RemoveAddress.InvalidAddress' -Category InvalidArgument -Errno EINVAL -TargetObject $s
        Remove-SctpLocalAddress -Socket $s -Address ::1 -Confirm:$false -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'RemoveAddress.InvalidAddress' -Category InvalidArgument -Errno EINVAL -TargetObject $s
        $s.LocalAddresses.Count | Should -Be 2
    }

    It 'reports a closed socket as AddAddress.SocketClosed and RemoveAddress.SocketClosed' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1
        $s | Close-SctpSocket
        Add-SctpLocalAddress -Socket $s -Address 127.0.0.2 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'AddAddress.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
        Remove-SctpLocalAddress -Socket $s -Address 127.0.0.1 -Confirm:$false -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'RemoveAddress.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }
}

Describe 'Multi-homing with a peer that is not this module' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'lists both peer paths with their state, transport values and the primary' {
        $f = Start-MultiHomed
        try {
            $f.Association.PeerAddresses | Sort-Object | Should -Be @('127.0.0.1', '127.0.0.2')
            $paths = @($f.Association | Get-SctpPeerAddress)
            $paths.Count | Should -Be 2
            $paths.PeerAddress | Sort-Object | Should -Be @('127.0.0.1', '127.0.0.2')
            @($paths | Where-Object IsPrimary).PeerAddress | Should -Be '127.0.0.1'
            $primary = $paths | Where-Object IsPrimary
            $primary.State | Should -Be Active
            # The other path is confirmed by a HEARTBEAT; until then it is Unconfirmed.
            ($paths | Where-Object { -not $_.IsPrimary }).State | Should -BeIn @('Active', 'Unconfirmed')
            $primary.Cwnd | Should -BeGreaterThan 0
            $primary.Rto | Should -BeGreaterThan 0
            $primary.Mtu | Should -BeGreaterThan 0
            $primary.HeartbeatIntervalMs | Should -Be (Get-Content /proc/sys/net/sctp/hb_interval)
            $primary.HeartbeatEnabled | Should -BeTrue
            $primary.AssociationId | Should -Be $f.Association.Id
            $f.Association.Paths.Count | Should -Be 2
            ($paths | Out-String) | Should -Match '127\.0\.0\.2\s+(Active|Unconfirmed)'
        }
        finally { Stop-Peer $f.Peer }
    }

    It 'changes the primary path (SCTP_PRIMARY_ADDR) and the change is observed' {
        $f = Start-MultiHomed
        try {
            $a = Set-SctpPrimaryAddress -Association $f.Association -Address 127.0.0.2 -PassThru
            $a.PrimaryPeerAddress | Should -Be '127.0.0.2'
            (Get-SctpPeerAddress $f.Association | Where-Object IsPrimary).PeerAddress | Should -Be '127.0.0.2'
            (Get-SctpSocketOption -Association $f.Association -Name PrimaryPeerAddress).PrimaryPeerAddress | Should -Be ([ipaddress] '127.0.0.2')
            # Back, from the pipeline of paths.
            Get-SctpPeerAddress $f.Association | Where-Object { $_.PeerAddress -eq '127.0.0.1' } | Set-SctpPrimaryAddress
            (Get-SctpPeerAddress $f.Association | Where-Object IsPrimary).PeerAddress | Should -Be '127.0.0.1'
        }
        finally { Stop-Peer $f.Peer }
    }

    It 'removes and adds a local address of a live association (ASCONF); the peer''s path list follows' {
        Use-SctpSysctl @{ auth_enable = 1; addip_enable = 1 } {
            $f = Start-MultiHomed
            try {
                Wait-Until { (Get-PeerView $f).PeerAddresses.Count -eq 2 } | Should -BeTrue
                (Get-SctpSocketOption -Association $f.Association -Name AsconfSupported).AsconfSupported | Should -BeTrue
                Remove-SctpLocalAddress -Socket $f.Client -Address 127.0.0.2 -Confirm:$false
                $f.Client.LocalAddresses | Should -Be @('127.0.0.1')
                (Get-SctpAssociation -Socket $f.Client).LocalAddresses | Should -Be @('127.0.0.1')
                Wait-Until { "$((Get-PeerView $f).PeerAddresses)" -eq '127.0.0.1' } | Should -BeTrue
                Add-SctpLocalAddress -Socket $f.Client -Address 127.0.0.2
                Wait-Until { (Get-PeerView $f).PeerAddresses.Count -eq 2 } | Should -BeTrue
                # And the peer is asked to send to 127.0.0.2 (SCTP_SET_PEER_PRIMARY_ADDR).
                Set-SctpPrimaryAddress -Association $f.Association -Address 127.0.0.2 -Peer
                Wait-Until { (Get-PeerView $f).PrimaryPeerAddress -eq '127.0.0.2' } | Should -BeTrue
            }
            finally { Stop-Peer $f.Peer }
        }
    }

    It 'counts packets, SACKs and chunks in the association''s statistics (SCTP_GET_ASSOC_STATS)' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $a = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $port
        1..5 | ForEach-Object { "message $_" } | Send-SctpMessage -Association $a
        $null = Receive-SctpMessage -Socket $server -Count 5 -TimeoutSeconds 10
        Wait-Until { (Get-SctpAssociation -Socket $a.Socket).Statistics.SacksReceived -gt 0 } | Should -BeTrue
        $stats = (Get-SctpAssociation -Socket $a.Socket).Statistics
        $stats.OrderedChunksSent | Should -Be 5
        $stats.PacketsSent | Should -BeGreaterOrEqual 5
        $stats.ControlChunksSent | Should -BeGreaterThan 0
        (Get-SctpAssociation -Socket $server).Statistics.OrderedChunksReceived | Should -Be 5
        # System-wide listings carry them too (sctp_info).
        (Get-SctpAssociation -Source SctpDiag -RemotePort $port).Statistics.OrderedChunksSent | Should -Be 5
    }
}

Describe 'Errors of Get-SctpPeerAddress and Set-SctpPrimaryAddress' -Tag Kernel {
    BeforeAll {
        function New-Connected {
            $port = New-Port
            $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
            Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        }
    }
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'reports a peer address the association does not have as SetPrimary.NotPeerAddress' {
        $a = New-Connected
        Set-SctpPrimaryAddress -Association $a -Address 127.0.0.9 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetPrimary.NotPeerAddress' -Category InvalidArgument -Errno EINVAL -TargetObject $a
        (Get-SctpPeerAddress $a | Where-Object IsPrimary).PeerAddress | Should -Be '127.0.0.1'
    }

    It 'reports -Peer without ASCONF as SetPrimary.AsconfNotEnabled' {
        (Get-Content /proc/sys/net/sctp/addip_enable) | Should -Be '0'
        $a = New-Connected
        Set-SctpPrimaryAddress -Association $a -Address 127.0.0.1 -Peer -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetPrimary.AsconfNotEnabled' -Category PermissionDenied -Errno EPERM -TargetObject $a
    }

    It 'reports a gone association as PeerAddress.NotFound and SetPrimary.NotFound' {
        $a = New-Connected
        $a | Disconnect-SctpAssociation -Abort -Confirm:$false
        Wait-Until { @(Get-SctpAssociation -Socket $a.Socket).Count -eq 0 } | Should -BeTrue
        Get-SctpPeerAddress $a -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'PeerAddress.NotFound' -Category ObjectNotFound -Errno EINVAL -TargetObject $a
        Set-SctpPrimaryAddress -Association $a -Address 127.0.0.1 -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'SetPrimary.NotFound' -Category ObjectNotFound -Errno EINVAL -TargetObject $a
    }

    It 'reports an association of another process as PeerAddress.NoSocket and SetPrimary.NoSocket' {
        $port = New-Port
        $server = Start-Peer socat @('-u', "SCTP-LISTEN:$port,reuseaddr", 'OPEN:/dev/null')
        $client = $null
        try {
            Wait-SctpListener $port | Should -BeTrue
            $client = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
            Wait-Until { @(Get-SctpAssociation -LocalPort $port -State Established).Count -eq 1 } | Should -BeTrue
            $foreign = Get-SctpAssociation -LocalPort $port
            $foreign.Socket | Should -BeNullOrEmpty
            Get-SctpPeerAddress $foreign -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PeerAddress.NoSocket,*'
            $err[0].CategoryInfo.Category | Should -Be InvalidOperation
            $err[0].TargetObject | Should -Be $foreign
            Set-SctpPrimaryAddress -Association $foreign -Address 127.0.0.1 -ErrorVariable err2 -ErrorAction SilentlyContinue
            $err2[0].FullyQualifiedErrorId | Should -BeLike 'SetPrimary.NoSocket,*'
            $err2[0].CategoryInfo.Category | Should -Be InvalidOperation
        }
        finally { Stop-Peer $client; Stop-Peer $server }
    }

    It 'reports a closed socket as PeerAddress.SocketClosed and SetPrimary.SocketClosed' {
        $a = New-Connected
        $a.Socket | Close-SctpSocket
        Get-SctpPeerAddress $a -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'PeerAddress.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $a
        Set-SctpPrimaryAddress -Association $a -Address 127.0.0.1 -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'SetPrimary.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $a
    }
}
