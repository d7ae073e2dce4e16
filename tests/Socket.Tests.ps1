# Kernel tests for sockets: New-, Get-, Close-SctpSocket and Test-SctpSupport on real kernel SCTP.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    # Warm up: the first socket loads code paths that open descriptors of their own.
    New-SctpSocket | Close-SctpSocket
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'New-SctpSocket' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'binds a listening one-to-many socket to two addresses on one port (sctp_bindx)' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort 3868 -Listen
        $s.Style | Should -Be OneToMany
        $s.AddressFamily | Should -Be InterNetwork
        $s.LocalPort | Should -Be 3868
        $s.LocalAddresses | Sort-Object | Should -Be @('127.0.0.1', '127.0.0.2')
        $s.IsListening | Should -BeTrue
        $s.Handle | Should -BeGreaterThan 2
        Test-Path "/proc/self/fd/$($s.Handle)" | Should -BeTrue
        (Get-Item "/proc/self/fd/$($s.Handle)").Target | Should -Match '^socket:'
    }

    It 'picks an ephemeral port for several addresses when none is given' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.3
        $s.LocalPort | Should -BeGreaterThan 1023
        $s.LocalAddresses.Count | Should -Be 2
    }

    It 'opens a one-to-one socket, unbound until asked' {
        $s = New-SctpSocket -Style OneToOne
        $s.Style | Should -Be OneToOne
        $s.LocalPort | Should -Be 0
        $s.LocalAddresses | Should -BeNullOrEmpty
        $s.IsListening | Should -BeFalse
    }

    It 'binds the wildcard address when only a port is given' {
        $s = New-SctpSocket -LocalPort 2905
        $s.LocalPort | Should -Be 2905
        $s.LocalAddresses | Should -Contain '127.0.0.1'
    }

    It 'opens an IPv6 socket for an IPv6 address' {
        $s = New-SctpSocket -LocalAddress ::1 -LocalPort 38412
        $s.AddressFamily | Should -Be InterNetworkV6
        $s.LocalAddresses | Should -Be @('::1')
    }

    It 'sets SCTP_NODELAY and the SCTP_INITMSG stream counts in the kernel' {
        $plain = New-SctpSocket
        $plain.NoDelay | Should -BeFalse
        $s = New-SctpSocket -NoDelay -OutboundStreams 17 -MaxInboundStreams 33
        $s.NoDelay | Should -BeTrue
        $s.OutboundStreams | Should -Be 17
        $s.MaxInboundStreams | Should -Be 33
    }

    It 'is close-on-exec and blocking by default; -Inheritable and -NonBlocking change that' {
        $default = New-SctpSocket
        $default.IsInheritable | Should -BeFalse
        $default.IsNonBlocking | Should -BeFalse
        $other = New-SctpSocket -Inheritable -NonBlocking
        $other.IsInheritable | Should -BeTrue
        $other.IsNonBlocking | Should -BeTrue
    }

    It 'gives each socket a session-unique Id' {
        $a = New-SctpSocket; $b = New-SctpSocket
        $b.Id | Should -BeGreaterThan $a.Id
    }

    It 'shows the table view with both local addresses' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort 3869 -Listen
        $text = $s | Format-Table | Out-String -Width 200
        $text | Should -Match 'Id\s+Fd\s+Style\s+Family\s+LocalPort\s+Listening'
        $text | Should -Match 'OneToMany\s+IPv4\s+3869\s+True'
        $text | Should -Match '127\.0\.0\.1, 127\.0\.0\.2'
    }
}

Describe 'New-SctpSocket errors' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'reports EADDRINUSE as NewSocket.AddressInUse, leaking nothing' {
        $first = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort 3870
        $before = Get-OpenFdCount
        $s = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort 3870 -ErrorVariable err -ErrorAction SilentlyContinue
        $s | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'NewSocket.AddressInUse' -Category ResourceUnavailable -Errno EADDRINUSE -TargetObject '127.0.0.1:3870'
        "$($err[0])" | Should -Match 'Cannot bind the SCTP socket to 127\.0\.0\.1:3870'
        Get-OpenFdCount | Should -Be $before
        @(Get-SctpSocket).Count | Should -Be 1
    }

    It 'reports an address not on this host as NewSocket.AddressNotAvailable' {
        $before = Get-OpenFdCount
        New-SctpSocket -LocalAddress 198.51.100.7 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'NewSocket.AddressNotAvailable' -Category InvalidArgument -Errno EADDRNOTAVAIL -TargetObject '198.51.100.7:0'
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports an IPv6 address on an IPv4 socket as NewSocket.InvalidAddress' {
        $before = Get-OpenFdCount
        New-SctpSocket -AddressFamily InterNetwork -LocalAddress ::1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'NewSocket.InvalidAddress' -Category InvalidArgument -Errno EINVAL
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports a privileged port for an unprivileged user as NewSocket.PermissionDenied' {
        # uid nobody, keeping only the right to read the toolchain under /root.
        $wrapper = @('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                     '--inh-caps=+dac_read_search', '--ambient-caps=+dac_read_search')
        $r = Invoke-ChildPwsh -Wrapper $wrapper -Environment @{ HOME = '/tmp'; DOTNET_CLI_HOME = '/tmp' } -Script {
            # The first failure loads code once; the second one must not hold any descriptor more.
            New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort 80 -ErrorAction SilentlyContinue | Out-Null
            $before = Get-OpenSocketCount
            New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort 80 -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
            [pscustomobject]@{
                Uid = (& id -u); ErrorId = $err[0].FullyQualifiedErrorId; Category = "$($err[0].CategoryInfo.Category)"
                Message = "$($err[0])"; Leaked = (Get-OpenSocketCount) - $before
                Sockets = @(Get-SctpSocket).Count
            }
        }
        $r.Uid | Should -Be '65534'
        $r.ErrorId | Should -Be 'NewSocket.PermissionDenied,SctpPS.Commands.NewSctpSocketCommand'
        $r.Category | Should -Be 'PermissionDenied'
        $r.Message | Should -Match 'EACCES, errno 13'
        $r.Leaked | Should -Be 0
        $r.Sockets | Should -Be 0
    }

    It 'reports an IPv6 address on a host without IPv6 as NewSocket.IPv6NotAvailable' {
        # A network namespace of its own with IPv6 disabled: the host the user has.
        $wrapper = @('unshare', '--net', 'sh', '-c',
                     'ip link set lo up && sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1 && exec "$@"', 'sh')
        $r = Invoke-ChildPwsh -Wrapper $wrapper -Script {
            New-SctpSocket -LocalAddress ::1 -LocalPort 3868 -ErrorAction SilentlyContinue | Out-Null
            $before = Get-OpenSocketCount
            New-SctpSocket -LocalAddress ::1 -LocalPort 3868 -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
            [pscustomobject]@{
                IPv6 = (Test-SctpSupport -Detailed).IPv6Available; ErrorId = $err[0].FullyQualifiedErrorId
                Category = "$($err[0].CategoryInfo.Category)"; Message = "$($err[0])"
                Leaked = (Get-OpenSocketCount) - $before
            }
        }
        $r.IPv6 | Should -BeFalse
        $r.ErrorId | Should -Be 'NewSocket.IPv6NotAvailable,SctpPS.Commands.NewSctpSocketCommand'
        $r.Category | Should -Be 'NotEnabled'
        $r.Message | Should -Match 'EADDRNOTAVAIL, errno 99|EAFNOSUPPORT, errno 97'
        $r.Leaked | Should -Be 0
    }
}

Describe 'Get-SctpSocket and Close-SctpSocket' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'lists the open sockets of this session, by Id too, and sockets piped in as they are now' {
        $a = New-SctpSocket; $b = New-SctpSocket -Style OneToOne
        (Get-SctpSocket).Id | Should -Be @($a.Id, $b.Id)
        (Get-SctpSocket -Id $b.Id).Id | Should -Be $b.Id
        ($b | Get-SctpSocket).Handle | Should -Be $b.Handle
        $b | Close-SctpSocket
        ($b | Get-SctpSocket).IsClosed | Should -BeTrue -Because 'a socket piped in shows its state now'
    }

    It 'writes GetSocket.NotFound for an Id that is not open, and still emits the others' {
        $a = New-SctpSocket
        $found = Get-SctpSocket -Id 999999, $a.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Id | Should -Be $a.Id
        Assert-SctpError $err[0] -ErrorId 'GetSocket.NotFound' -Category ObjectNotFound -TargetObject 999999
    }

    It 'closes each socket from the pipeline; a second close is harmless' {
        $s = New-SctpSocket
        $fd = $s.Handle
        $s | Close-SctpSocket
        $s.IsClosed | Should -BeTrue
        Test-Path "/proc/self/fd/$fd" | Should -BeFalse
        { $s | Close-SctpSocket -ErrorAction Stop } | Should -Not -Throw
        Get-SctpSocket | Should -BeNullOrEmpty
        $s.LocalAddresses | Should -BeNullOrEmpty
    }

    It 'closes by Id, and -PassThru emits the closed socket, which still shows the port and addresses it had' {
        $s = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -Listen
        $port = $s.LocalPort
        $out = Close-SctpSocket -Id $s.Id -PassThru
        $out.IsClosed | Should -BeTrue
        $port | Should -BeGreaterThan 0
        $out.LocalPort | Should -Be $port
        @($out.LocalAddresses | Sort-Object) | Should -Be @('127.0.0.1', '127.0.0.2')
        $row = @(($out | Out-String -Width 120) -split "`r?`n" | Where-Object { $_ -match "^\s*$($s.Id)\s" })
        $row.Count | Should -Be 1
        $row[0] | Should -Match "\s$port\s+False\s+True\s.*127\.0\.0\.[12], 127\.0\.0\.[12]"
    }

    It 'does not close under -WhatIf' {
        $s = New-SctpSocket
        $s | Close-SctpSocket -WhatIf
        $s.IsClosed | Should -BeFalse
        Test-Path "/proc/self/fd/$($s.Handle)" | Should -BeTrue
    }

    It 'leaves the descriptor count unchanged after 200 create/close cycles' {
        $before = Get-OpenFdCount
        1..100 | ForEach-Object {
            New-SctpSocket -LocalAddress 127.0.0.1 -Listen | Close-SctpSocket
            New-SctpSocket -Style OneToOne -NoDelay | Close-SctpSocket
        }
        Get-OpenFdCount | Should -Be $before
        Get-SctpSocket | Should -BeNullOrEmpty
    }
}

Describe 'Pipelines bind only the SctpPS objects they name' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    # InputObjectNotBound: the object binds to no parameter. Invoke-SctpPeelOff -Socket has a mandatory
    # -AssociationId that never comes from the pipeline, so PowerShell asks for it first (the suite's
    # pwsh is -NonInteractive: it says it is missing) before it looks at the piped object at all.
    It '<Name> piped to <Command> is a binding error (<ErrorId>) that closes or changes nothing' -TestCases @(
        @{ Name = 'an object whose Id is a socket''s'; Command = 'Close-SctpSocket'; ErrorId = 'InputObjectNotBound' }
        @{ Name = 'an association'; Command = 'Close-SctpSocket'; ErrorId = 'InputObjectNotBound' }
        @{ Name = 'a thread job'; Command = 'Close-SctpSocket'; ErrorId = 'InputObjectNotBound' }
        @{ Name = 'a number'; Command = 'Close-SctpSocket'; ErrorId = 'InputObjectNotBound' }
        @{ Name = 'an object whose Id is a socket''s'; Command = 'Get-SctpSocket'; ErrorId = 'InputObjectNotBound' }
        @{ Name = 'a number'; Command = 'Get-SctpSocket'; ErrorId = 'InputObjectNotBound' }
        @{ Name = 'an object whose Id is an association''s'; Command = 'Invoke-SctpPeelOff'; ErrorId = 'MissingMandatoryParameter' }
    ) {
        param($Name, $Command, $ErrorId)
        $port = 25000 + (Get-Random -Maximum 1000)
        $listener = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $association = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        Wait-Until { @(Get-SctpAssociation -Socket $listener).Count -eq 1 } | Should -BeTrue
        $serverSide = Get-SctpAssociation -Socket $listener
        $before = Get-OpenFdCount
        $piped = switch ($Name) {
            'an object whose Id is a socket''s' { [pscustomobject]@{ Id = $listener.Id } }
            'an association' { $association }
            'a thread job' { Start-ThreadJob { 1 } }
            'a number' { $listener.Id }
            'an object whose Id is an association''s' { [pscustomobject]@{ Id = $serverSide.Id } }
        }
        $extra = if ($Command -eq 'Invoke-SctpPeelOff') { @{ Socket = $listener } } else { @{} }
        $thrown = { $piped | & $Command @extra -ErrorAction Stop } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException]) -PassThru
        Assert-SctpError $thrown -ErrorId $ErrorId -Category InvalidArgument
        $thrown.FullyQualifiedErrorId | Should -Be "$ErrorId,SctpPS.Commands.$($Command -replace '-', '')Command"
        if ($piped -is [System.Management.Automation.Job]) { $piped | Remove-Job -Force }
        $listener.IsClosed | Should -BeFalse
        $association.Socket.IsClosed | Should -BeFalse
        @(Get-SctpAssociation -Socket $listener).Id | Should -Be $serverSide.Id -Because 'nothing was peeled off'
        @(Get-SctpSocket).Count | Should -Be 2
        Get-OpenFdCount | Should -Be $before
    }

    It '-WhatIf names the socket it would close (id, port, listening, associations); an association piped in is a binding error, not a socket' {
        $port = 25000 + (Get-Random -Maximum 1000)
        $listener = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $client = New-SctpSocket -Style OneToOne
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        Wait-Until { @(Get-SctpAssociation -Socket $listener).Count -eq 1 } | Should -BeTrue
        # -WhatIf writes to the host; a transcript is what records host output.
        $transcript = Join-Path ([System.IO.Path]::GetTempPath()) "sctpps-whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
        try {
            $association | Close-SctpSocket -WhatIf -ErrorVariable bindingErrors -ErrorAction SilentlyContinue
            Write-Host 'MARK piped-association-done'
            $listener | Close-SctpSocket -WhatIf
            $client | Close-SctpSocket -WhatIf -Abort
            Close-SctpSocket -Id $listener.Id -WhatIf
        }
        finally { Stop-Transcript | Out-Null }
        $lines = @(Get-Content $transcript | Where-Object { $_ -match '^What if:|^MARK ' })
        Remove-Item $transcript -ErrorAction SilentlyContinue
        Assert-SctpError $bindingErrors[0] -ErrorId 'InputObjectNotBound' -Category InvalidArgument
        $lines[0] | Should -Be 'MARK piped-association-done' -Because 'an association piped to Close-SctpSocket names no socket, not even under -WhatIf'
        $lines.Count | Should -Be 4
        $lines[1] | Should -Be "What if: Performing the operation `"Close (send SHUTDOWN)`" on target `"socket $($listener.Id) (fd $($listener.Handle), OneToMany, port $port, listening, 1 association)`"."
        $lines[2] | Should -Be "What if: Performing the operation `"Close (send ABORT)`" on target `"socket $($client.Id) (fd $($client.Handle), OneToOne, port $($client.LocalPort), 1 association)`"."
        $lines[3] | Should -Be $lines[1] -Because '-Id names the same socket as the object'
        $listener.IsClosed | Should -BeFalse
        $client.IsClosed | Should -BeFalse
        @(Get-SctpAssociation -Socket $listener).Count | Should -Be 1
    }

    It 'each runspace sees and closes its own sockets; -AllRunspaces reaches the process''s' {
        $listener = New-SctpSocket -LocalAddress 127.0.0.1 -Listen
        $listenerId = $listener.Id
        $module = (Get-Module SctpPS).Path
        $job = Start-ThreadJob {
            Import-Module $using:module
            $own = New-SctpSocket
            $seen = @(Get-SctpSocket).Id
            Get-SctpSocket | Close-SctpSocket
            $socketsBefore = @([System.IO.Directory]::GetFileSystemEntries('/proc/self/fd') | Where-Object { "$([System.IO.FileInfo]::new($_).LinkTarget)".StartsWith('socket:') }).Count
            Close-SctpSocket -Id $using:listenerId -ErrorVariable notMine -ErrorAction SilentlyContinue
            $socketsAfter = @([System.IO.Directory]::GetFileSystemEntries('/proc/self/fd') | Where-Object { "$([System.IO.FileInfo]::new($_).LinkTarget)".StartsWith('socket:') }).Count
            $all = @(Get-SctpSocket -AllRunspaces)
            [pscustomobject]@{
                Own = $own.Id; Seen = $seen; OwnClosed = $own.IsClosed
                NotMineId = $notMine[0].FullyQualifiedErrorId; NotMineMessage = "$($notMine[0])"
                NotMineCategory = "$($notMine[0].CategoryInfo.Category)"; NotMineTarget = "$($notMine[0].TargetObject)"
                SocketsBefore = $socketsBefore; SocketsAfter = $socketsAfter
                All = $all.Id; ListenerRunspace = ($all | Where-Object Id -eq $using:listenerId).RunspaceId
            }
        }
        $r = $job | Wait-Job -Timeout 60 | Receive-Job
        $job | Remove-Job -Force
        $r.Seen | Should -Be @($r.Own) -Because 'a thread job sees only the sockets it opened'
        $r.OwnClosed | Should -BeTrue
        $listener.IsClosed | Should -BeFalse -Because "the job's Get-SctpSocket | Close-SctpSocket leaves the main runspace's listener alone"
        $r.NotMineId | Should -Be 'CloseSocket.NotFound,SctpPS.Commands.CloseSctpSocketCommand'
        $r.NotMineMessage | Should -Match 'in this runspace .*-AllRunspaces'
        $r.NotMineCategory | Should -Be 'ObjectNotFound'
        $r.NotMineTarget | Should -Be "$listenerId" -Because 'the error names the Id it did not find'
        $r.SocketsAfter | Should -Be $r.SocketsBefore -Because 'a close that found nothing closes nothing, and opens nothing'
        $r.All | Should -Contain $listener.Id
        $r.ListenerRunspace | Should -Be ([runspace]::DefaultRunspace.Id)
        (Get-SctpSocket).Id | Should -Be @($listener.Id)
        # From another runspace, -AllRunspaces closes it.
        $closer = Start-ThreadJob { Import-Module $using:module; Close-SctpSocket -Id $using:listenerId -AllRunspaces -PassThru | ForEach-Object IsClosed }
        $closer | Wait-Job -Timeout 60 | Receive-Job | Should -BeTrue
        $closer | Remove-Job -Force
        $listener.IsClosed | Should -BeTrue
    }
}

Describe 'Test-SctpSupport on an SCTP kernel' -Tag Kernel {
    It 'returns $true, and -Detailed says why and that sctp_diag is there' {
        Test-SctpSupport | Should -BeTrue
        $info = Test-SctpSupport -Detailed
        $info.IsSupported | Should -BeTrue
        $info.Errno | Should -Be 'None'
        $info.SctpModuleLoaded | Should -BeTrue
        $info.SctpDiagLoaded | Should -BeTrue
        $info.Remedy | Should -BeNullOrEmpty
    }
}
