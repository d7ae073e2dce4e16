# Kernel tests for Get-/Set-SctpSocketOption: every settable option of sctp(7) is set and
# read back from the kernel; every way a change can fail is an error that changes nothing.
BeforeDiscovery {
    # A value other than the kernel's default for every settable option, and the socket it
    # needs. A test below fails when the catalogue gains an option this table lacks.
    $script:SetCases = @(
        @{ Name = 'RtoInitialMs'; Value = 2000 }
        @{ Name = 'RtoMinMs'; Value = 500 }
        @{ Name = 'RtoMaxMs'; Value = 30000 }
        @{ Name = 'AssociationMaxRetransmits'; Value = 7 }
        @{ Name = 'CookieLifeMs'; Value = 30000 }
        @{ Name = 'OutboundStreams'; Value = 17 }
        @{ Name = 'MaxInboundStreams'; Value = 33 }
        @{ Name = 'InitMaxAttempts'; Value = 3 }
        @{ Name = 'InitMaxTimeoutMs'; Value = 9000 }
        @{ Name = 'HeartbeatIntervalMs'; Value = 5000 }
        @{ Name = 'HeartbeatEnabled'; Value = $false }
        @{ Name = 'PathMaxRetransmits'; Value = 3 }
        @{ Name = 'PathMtu'; Value = 1200 }
        @{ Name = 'PathMtuDiscovery'; Value = $false }
        @{ Name = 'DelayedSackMs'; Value = 100 }
        @{ Name = 'DelayedSackFrequency'; Value = 4 }
        @{ Name = 'DefaultStream'; Value = 3 }
        @{ Name = 'DefaultPayloadProtocolId'; Value = 46 }
        @{ Name = 'DefaultContext'; Value = 1234 }
        @{ Name = 'DefaultTimeToLiveMs'; Value = 500 }
        @{ Name = 'NoDelay'; Value = $true }
        @{ Name = 'AutoCloseSeconds'; Value = 30 }
        @{ Name = 'MaxSegment'; Value = 1000 }
        @{ Name = 'DisableFragments'; Value = $true }
        @{ Name = 'MaxBurst'; Value = 8 }
        @{ Name = 'FragmentInterleave'; Value = $true }
        @{ Name = 'PartialDeliveryPoint'; Value = 1000 }
        @{ Name = 'AdaptationLayer'; Value = 7 }
        @{ Name = 'MappedV4Addresses'; Value = $false; Family = 'InterNetworkV6' }
        @{ Name = 'ReusePort'; Value = $true; Style = 'OneToOne' }
        # The kernel doubles a buffer size for its bookkeeping (socket(7)).
        @{ Name = 'SendBufferSize'; Value = 65536; Expected = 131072 }
        @{ Name = 'ReceiveBufferSize'; Value = 65536; Expected = 131072 }
        @{ Name = 'PrSupported'; Value = $false }
        @{ Name = 'ReconfigSupported'; Value = $true }
        @{ Name = 'ReconfigRequests'; Value = 'ResetStream, AddStream' }
        # I-DATA needs the sysctl and FragmentInterleave (EPERM otherwise, tested below).
        @{ Name = 'InterleavingSupported'; Value = $true; Sysctl = @{ intl_enable = 1 }; Also = @{ FragmentInterleave = $true } }
        @{ Name = 'AsconfSupported'; Value = $true }
        @{ Name = 'AuthSupported'; Value = $true }
        @{ Name = 'EcnSupported'; Value = $false }
        @{ Name = 'Notifications'; Value = @('AssociationChange', 'Shutdown') }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 23000
    function New-Port { $script:nextPort++; $script:nextPort }
    function New-Connected([string] $Style = 'OneToMany') {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -Style $Style
        $client = New-SctpSocket -Style $Style
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        [pscustomobject]@{ Server = $server; Client = $client; Association = $a }
    }
    # The internal catalogue entry of an option, to stand in for an older kernel (see the ENOPROTOOPT test).
    function Get-KernelOption([string] $Name) {
        $catalog = [SctpPS.SctpOptionCatalog]::Find($Name)
        $catalog.GetType().GetProperty('Kernel', [System.Reflection.BindingFlags]'NonPublic,Instance').GetValue($catalog)
    }
    $null = New-Connected; Get-SctpSocket | Close-SctpSocket   # warm-up
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Get-SctpSocketOption' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'reads every option of a one-to-many socket from the kernel, with the kernel''s defaults' {
        $s = New-SctpSocket
        $o = Get-SctpSocketOption -Socket $s
        $o | Should -BeOfType SctpPS.SctpSocketOption
        $o.Socket.Id | Should -Be $s.Id
        $o.AssociationId | Should -Be 0
        # Defaults of net.sctp.* (sctp(7) SYSCTLS): what the kernel holds, not what we assume.
        $o.RtoInitialMs | Should -Be (Get-Content /proc/sys/net/sctp/rto_initial)
        $o.RtoMinMs | Should -Be (Get-Content /proc/sys/net/sctp/rto_min)
        $o.RtoMaxMs | Should -Be (Get-Content /proc/sys/net/sctp/rto_max)
        $o.AssociationMaxRetransmits | Should -Be (Get-Content /proc/sys/net/sctp/association_max_retrans)
        $o.PathMaxRetransmits | Should -Be (Get-Content /proc/sys/net/sctp/path_max_retrans)
        $o.HeartbeatIntervalMs | Should -Be (Get-Content /proc/sys/net/sctp/hb_interval)
        $o.CookieLifeMs | Should -Be (Get-Content /proc/sys/net/sctp/valid_cookie_life)
        $o.MaxBurst | Should -Be (Get-Content /proc/sys/net/sctp/max_burst)
        $o.PrSupported | Should -Be ((Get-Content /proc/sys/net/sctp/prsctp_enable) -ne '0')
        $o.NoDelay | Should -BeFalse
        $o.Notifications | Should -BeNullOrEmpty
        # An option that exists only for an association is left empty, not an error.
        $o.PrimaryPeerAddress | Should -BeNullOrEmpty
    }

    It 'shows every option in its list view' {
        $text = Get-SctpSocketOption -Socket (New-SctpSocket) | Out-String -Width 120
        foreach ($d in [SctpPS.SctpOptionCatalog]::All) { $text | Should -Match "(?m)^$($d.Name)\s+:" }
        $text | Should -Match '(?m)^SocketId\s+:\s+\d+'
    }

    It 'reads only the options named by -Name' {
        $o = Get-SctpSocketOption -Socket (New-SctpSocket -NoDelay) -Name NoDelay, RtoMinMs
        $o.NoDelay | Should -BeTrue
        $o.RtoMinMs | Should -BeGreaterThan 0
        $o.RtoMaxMs | Should -BeNullOrEmpty
    }

    It 'reads per-association values with -Association (sctp_opt_info), and what the peer agreed to' {
        $f = New-Connected
        $o = $f.Association | Get-SctpSocketOption
        $o.AssociationId | Should -Be $f.Association.Id
        $o.PrimaryPeerAddress | Should -Be ([ipaddress] '127.0.0.1')
        $o.PeerDestinations | Should -Be 1
        $o.PeerReceiveWindow | Should -BeGreaterThan 0
    }

    It 'reports an unknown -Name as GetOption.UnknownName (non-terminating) and reads the others' {
        $s = New-SctpSocket -NoDelay
        $before = Get-OpenFdCount
        $o = Get-SctpSocketOption -Socket $s -Name NoDelay, NoSuchOption, RtoMinMs -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'GetOption.UnknownName' -Category InvalidArgument -TargetObject 'NoSuchOption'
        "$($err[0])" | Should -Match "'NoSuchOption' is not an SCTP socket option"
        $err.Count | Should -Be 1
        $o.NoDelay | Should -BeTrue
        $o.Names | Should -Be @('RtoMinMs', 'NoDelay')
        # Only unknown names: the errors, and nothing to show.
        Get-SctpSocketOption -Socket $s -Name Nope1, Nope2 -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2.Count | Should -Be 2
        Get-OpenFdCount | Should -Be $before
    }

    It 'takes wildcards in -Name, and a wildcard that matches nothing is no error' {
        $s = New-SctpSocket
        $o = Get-SctpSocketOption -Socket $s -Name Rto*, *supported
        $o.Names | Should -Be @('RtoInitialMs', 'RtoMinMs', 'RtoMaxMs', 'PrSupported', 'ReconfigSupported', 'InterleavingSupported', 'AsconfSupported', 'AuthSupported', 'EcnSupported')
        $o.RtoMinMs | Should -BeGreaterThan 0
        $o.PrSupported | Should -Not -BeNullOrEmpty
        $o.NoDelay | Should -BeNullOrEmpty
        Get-SctpSocketOption -Socket $s -Name 'Zz*' -ErrorVariable none | Should -BeNullOrEmpty
        $none | Should -BeNullOrEmpty
    }

    It 'shows only the options asked for' {
        $text = Get-SctpSocketOption -Socket (New-SctpSocket) -Name Rto*, NoDelay | Out-String -Width 120
        $labels = @($text -split "`r?`n" | Where-Object { $_ -match '^(\w+)\s+:' } | ForEach-Object { $Matches[1] })
        $labels | Should -Be @('SocketId', 'AssociationId', 'RtoInitialMs', 'RtoMinMs', 'RtoMaxMs', 'NoDelay')
    }

    It 'reports an option of one-to-many sockets on a one-to-one socket as GetOption.NotApplicable' {
        $s = New-SctpSocket -Style OneToOne
        $before = Get-OpenFdCount
        $o = Get-SctpSocketOption -Socket $s -Name AutoCloseSeconds -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'GetOption.NotApplicable' -Category InvalidOperation -Errno EOPNOTSUPP -TargetObject $s
        $o.AutoCloseSeconds | Should -BeNullOrEmpty
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports an association-only option on a one-to-one socket without association as GetOption.NoAssociation' {
        $s = New-SctpSocket -Style OneToOne
        Get-SctpSocketOption -Socket $s -Name PrimaryPeerAddress -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        Assert-SctpError $err[0] -ErrorId 'GetOption.NoAssociation' -Category InvalidOperation -Errno EINVAL -TargetObject $s
        "$($err[0])" | Should -Match 'exists only for an association'
        # Once connected, the one-to-one socket's association answers.
        $f = New-Connected -Style OneToOne
        (Get-SctpSocketOption -Socket $f.Client -Name PrimaryPeerAddress).PrimaryPeerAddress | Should -Be ([ipaddress] '127.0.0.1')
    }

    It 'reports an option this kernel lacks (ENOPROTOOPT) as GetOption.NotSupported, naming the Linux version that added it' {
        # Kernel 6.1 has every option of the catalogue; an option number it does not know gets
        # the same ENOPROTOOPT an older kernel gives, through the same code path.
        $kernel = Get-KernelOption ReconfigSupported
        $number = $kernel.Number
        $kernel.Number = 250
        try {
            $s = New-SctpSocket
            $o = Get-SctpSocketOption -Socket $s -Name ReconfigSupported, NoDelay -ErrorVariable err -ErrorAction SilentlyContinue
            Assert-SctpError $err[0] -ErrorId 'GetOption.NotSupported' -Category NotImplemented -Errno ENOPROTOOPT -TargetObject $s
            "$($err[0])" | Should -Match 'added in Linux 4\.12'
            $o.NoDelay | Should -BeFalse   # the others are still read
            # Without -Name it is simply left empty.
            $all = Get-SctpSocketOption -Socket $s -ErrorVariable quiet
            $quiet | Should -BeNullOrEmpty
            $all.ReconfigSupported | Should -BeNullOrEmpty
            $kernel.Number = $number
            Set-SctpSocketOption -Socket $s -ReconfigSupported $true   # the real option again
            $kernel.Number = 250
            Set-SctpSocketOption -Socket $s -NoDelay $true -ReconfigSupported $false -ErrorVariable err2 -ErrorAction SilentlyContinue
            Assert-SctpError $err2[0] -ErrorId 'SetOption.NotSupported' -Category NotImplemented -Errno ENOPROTOOPT -TargetObject $s
            $kernel.Number = $number
            (Get-SctpSocketOption -Socket $s -Name NoDelay, ReconfigSupported) | Should -Not -BeNullOrEmpty
            (Get-SctpSocketOption -Socket $s -Name NoDelay).NoDelay | Should -BeFalse
            (Get-SctpSocketOption -Socket $s -Name ReconfigSupported).ReconfigSupported | Should -BeTrue
        }
        finally { $kernel.Number = $number }
    }

    It 'reports a gone association as GetOption.AssociationNotFound' {
        $f = New-Connected
        $f.Association | Disconnect-SctpAssociation -Abort -Confirm:$false
        Wait-Until { @(Get-SctpAssociation -Socket $f.Client).Count -eq 0 } | Should -BeTrue
        Get-SctpSocketOption -Association $f.Association -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'GetOption.AssociationNotFound' -Category ObjectNotFound -Errno EINVAL -TargetObject $f.Association
    }

    It 'reports a closed socket as GetOption.SocketClosed, and no socket as GetOption.NoSocket' {
        $s = New-SctpSocket
        $s | Close-SctpSocket
        Get-SctpSocketOption -Socket $s -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'GetOption.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
        Get-SctpSocketOption -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'GetOption.NoSocket,*'
    }
}

Describe 'Set-SctpSocketOption' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'has a parameter for every settable option of the catalogue, and a test value for each' {
        $settable = [SctpPS.SctpOptionCatalog]::All | Where-Object Settable
        $command = Get-Command Set-SctpSocketOption
        foreach ($d in $settable) {
            $command.Parameters.Keys | Should -Contain $d.Name
            $type = $command.Parameters[$d.Name].ParameterType
            $underlying = [Nullable]::GetUnderlyingType($type) ?? $type
            $underlying | Should -Be $d.Type -Because $d.Name
        }
        ($SetCases.Name | Sort-Object) | Should -Be ($settable.Name | Sort-Object)
    }

    It 'sets <Name> and reads it back from the kernel' -TestCases $SetCases {
        param($Name, $Value, $Style = 'OneToMany', $Family = 'InterNetwork', $Sysctl = @{}, $Also = @{}, $Expected = $Value)
        Use-SctpSysctl $Sysctl {
            $s = New-SctpSocket -Style $Style -AddressFamily $Family
            $before = (Get-SctpSocketOption -Socket $s -Name $Name).$Name
            "$before" | Should -Not -Be "$Expected" -Because 'the test value must differ from the default'
            $arguments = @{ Socket = $s; $Name = $Value } + $Also
            Set-SctpSocketOption @arguments
            # A fresh read from the kernel, not the object Set built.
            $after = (Get-SctpSocketOption -Socket $s -Name $Name).$Name
            "$after" | Should -Be "$Expected"
        }
    }

    It 'applies several options in one call, and -PassThru returns what the kernel holds' {
        $s = New-SctpSocket
        $o = Set-SctpSocketOption -Socket $s -NoDelay $true -RtoInitialMs 1500 -RtoMinMs 200 -RtoMaxMs 4000 -DelayedSackMs 50 -PassThru
        $o.NoDelay | Should -BeTrue
        $o.RtoInitialMs, $o.RtoMinMs, $o.RtoMaxMs | Should -Be 1500, 200, 4000
        $o.DelayedSackMs | Should -Be 50
    }

    It 'changes one association only with -Association; the socket''s defaults stay' {
        $f = New-Connected
        $defaults = Get-SctpSocketOption -Socket $f.Client -Name RtoMaxMs, PathMaxRetransmits
        Set-SctpSocketOption -Association $f.Association -RtoMaxMs 7000 -PathMaxRetransmits 2
        $assoc = Get-SctpSocketOption -Association $f.Association -Name RtoMaxMs, PathMaxRetransmits
        $assoc.RtoMaxMs | Should -Be 7000
        $assoc.PathMaxRetransmits | Should -Be 2
        (Get-SctpPeerAddress -Association $f.Association).PathMaxRetransmits | Should -Be 2
        $socket = Get-SctpSocketOption -Socket $f.Client -Name RtoMaxMs, PathMaxRetransmits
        $socket.RtoMaxMs | Should -Be $defaults.RtoMaxMs
        $socket.PathMaxRetransmits | Should -Be $defaults.PathMaxRetransmits
    }

    It 'sets the association of a connected one-to-one socket' {
        $f = New-Connected -Style OneToOne
        Set-SctpSocketOption -Socket $f.Client -HeartbeatIntervalMs 4000
        (Get-SctpPeerAddress -Association $f.Association).HeartbeatIntervalMs | Should -Be 4000
    }

    It 'reports a value out of the kernel''s range as SetOption.OutOfRange and changes nothing (<Case>)' -TestCases @(
        @{ Case = 'DelayedSackMs above 500'; Change = @{ DelayedSackMs = 501 } }
        @{ Case = 'RtoMinMs above RtoMaxMs'; Change = @{ RtoMinMs = 5000; RtoMaxMs = 100 } }
        @{ Case = 'MaxSegment below 8'; Change = @{ MaxSegment = 4 } }
        @{ Case = 'PartialDeliveryPoint above half the receive buffer'; Change = @{ PartialDeliveryPoint = [uint32]::MaxValue } }
    ) {
        param($Case, $Change)
        $s = New-SctpSocket
        $names = @($Change.Keys) + 'NoDelay', 'RtoInitialMs'
        $before = Get-SctpSocketOption -Socket $s -Name $names
        $fds = Get-OpenFdCount
        # NoDelay and RtoInitialMs ride along: they must be restored too.
        $arguments = @{ Socket = $s; NoDelay = $true; RtoInitialMs = 1234 } + $Change
        Set-SctpSocketOption @arguments -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetOption.OutOfRange' -Category InvalidArgument -Errno EINVAL -TargetObject $s
        "$($err[0])" | Should -Match 'Nothing was changed'
        $after = Get-SctpSocketOption -Socket $s -Name $names
        foreach ($n in $names) { $after.$n | Should -Be $before.$n -Because "$n must be as before" }
        $err[0].Exception.StillApplied | Should -BeNullOrEmpty
        Get-OpenFdCount | Should -Be $fds
    }

    It 'reports a change the kernel does not allow now as SetOption.Refused (EPERM), changing nothing' {
        # I-DATA needs FragmentInterleave on (and net.sctp.intl_enable).
        $s = New-SctpSocket
        Set-SctpSocketOption -Socket $s -InterleavingSupported $true -NoDelay $true -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetOption.Refused' -Category InvalidOperation -Errno EPERM -TargetObject $s
        (Get-SctpSocketOption -Socket $s -Name NoDelay).NoDelay | Should -BeFalse
        (Get-SctpSocketOption -Socket $s -Name InterleavingSupported).InterleavingSupported | Should -BeFalse
    }

    It 'reports an option of one-to-many sockets on a one-to-one socket as SetOption.NotApplicable' {
        $s = New-SctpSocket -Style OneToOne
        Set-SctpSocketOption -Socket $s -AutoCloseSeconds 10 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetOption.NotApplicable' -Category InvalidOperation -Errno EOPNOTSUPP -TargetObject $s
        $o = New-SctpSocket
        Set-SctpSocketOption -Socket $o -ReusePort $true -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'SetOption.NotApplicable' -Category InvalidOperation -Errno EOPNOTSUPP -TargetObject $o
    }

    It 'reports a gone association as SetOption.AssociationNotFound' {
        $f = New-Connected
        $f.Association | Disconnect-SctpAssociation -Abort -Confirm:$false
        Wait-Until { @(Get-SctpAssociation -Socket $f.Client).Count -eq 0 } | Should -BeTrue
        Set-SctpSocketOption -Association $f.Association -RtoMaxMs 5000 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetOption.AssociationNotFound' -Category ObjectNotFound -Errno EINVAL -TargetObject $f.Association
        (Get-SctpSocketOption -Socket $f.Client -Name RtoMaxMs).RtoMaxMs | Should -Not -Be 5000
    }

    It 'reports a closed socket as SetOption.SocketClosed' {
        $s = New-SctpSocket
        $s | Close-SctpSocket
        Set-SctpSocketOption -Socket $s -NoDelay $true -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetOption.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }

    It 'refuses a value of the wrong type or size at binding: <Value> for <Name>' -TestCases @(
        @{ Name = 'RtoMinMs'; Value = -1 }
        @{ Name = 'OutboundStreams'; Value = 70000 }
        @{ Name = 'NoDelay'; Value = 'sometimes' }
        @{ Name = 'Notifications'; Value = 'NoSuchEvent' }
    ) {
        param($Name, $Value)
        $s = New-SctpSocket
        $arguments = @{ Socket = $s; $Name = $Value }
        { Set-SctpSocketOption @arguments -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgument*,SctpPS.Commands.SetSctpSocketOptionCommand'
    }

    It 'changes nothing with -WhatIf' {
        $s = New-SctpSocket
        Set-SctpSocketOption -Socket $s -NoDelay $true -WhatIf
        (Get-SctpSocketOption -Socket $s -Name NoDelay).NoDelay | Should -BeFalse
    }

    It 'warns when the kernel caps a buffer size, with what was asked, what it gave and the sysctl' {
        $s = New-SctpSocket
        $wmem = [int](Get-Content /proc/sys/net/core/wmem_max)
        $o = Set-SctpSocketOption -Socket $s -SendBufferSize 16MB -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $o.SendBufferSize | Should -Be (2 * $wmem) -Because 'the kernel caps SO_SNDBUF at twice net.core.wmem_max'
        $warned.Count | Should -Be 1
        "$warned" | Should -Match "SendBufferSize: 16777216 bytes asked, the kernel gave $(2 * $wmem): .*net\.core\.wmem_max \($wmem bytes here\)"
        Set-SctpSocketOption -Socket $s -SendBufferSize 65536 -WarningVariable quiet -WarningAction SilentlyContinue
        $quiet | Should -BeNullOrEmpty -Because 'a size the kernel granted (doubled for its bookkeeping) is no surprise'
    }

    It 'refuses a negative buffer size at binding (<Name>)' -TestCases @(@{ Name = 'SendBufferSize' }, @{ Name = 'ReceiveBufferSize' }) {
        param($Name)
        $s = New-SctpSocket
        $arguments = @{ Socket = $s; $Name = -1 }
        $before = Get-OpenFdCount
        $thrown = { Set-SctpSocketOption @arguments -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.SetSctpSocketOptionCommand' -PassThru
        Assert-SctpError $thrown -ErrorId 'ParameterArgumentValidationError' -Category InvalidData
        "$thrown" | Should -Match "'$Name'"
        Get-OpenFdCount | Should -Be $before
    }

    It 'says that SCTP_INITMSG values given for an association apply to later associations, and does not show them as the association''s' {
        $f = New-Connected
        $streams = $f.Association.OutboundStreams
        $o = Set-SctpSocketOption -Association $f.Association -OutboundStreams 3 -MaxInboundStreams 4 -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match "OutboundStreams, MaxInboundStreams \(SCTP_INITMSG\) are socket $($f.Client.Id)'s values for associations it sets up from now on: association $($f.Association.Id) keeps its $streams outbound"
        $o.OutboundStreams | Should -BeNullOrEmpty -Because 'the association does not have 3 streams'
        $o.MaxInboundStreams | Should -BeNullOrEmpty
        (Get-SctpAssociation -Socket $f.Client).OutboundStreams | Should -Be $streams
        (Get-SctpSocketOption -Socket $f.Client -Name OutboundStreams).OutboundStreams | Should -Be 3 -Because 'the socket holds them for the next association'
    }
}

Describe 'Tab completion' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'completes option names for -Name' {
        $line = 'Get-SctpSocketOption -Name Rto'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('RtoInitialMs', 'RtoMinMs', 'RtoMaxMs')
        $r.CompletionMatches[0].ToolTip | Should -Match 'SCTP_RTOINFO'
    }

    It 'completes socket ids for Get-SctpSocket -Id and Close-SctpSocket -Id' {
        $s = New-SctpSocket
        foreach ($line in 'Get-SctpSocket -Id ', 'Close-SctpSocket -Id ') {
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Contain "$($s.Id)"
        }
    }

    It 'completes association ids of the socket on the command line' {
        $f = New-Connected
        $other = New-Connected
        $global:SctpCompletionSocket = $f.Client
        try {
            $line = 'Get-SctpAssociation -Socket $SctpCompletionSocket -Id '
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Be @("$($f.Association.Id)")
            $line = 'Invoke-SctpPeelOff -Socket $SctpCompletionSocket -AssociationId '
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Be @("$($f.Association.Id)")
        }
        finally { Remove-Variable SctpCompletionSocket -Scope Global }
    }
}
