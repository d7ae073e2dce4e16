# Host tests: need no kernel SCTP. They run on the host in every build.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-SctpPSModulePath
    Import-Module $modulePath -Force
    $expectedCmdlets = @('New-SctpSocket', 'Get-SctpSocket', 'Close-SctpSocket', 'Test-SctpSupport',
        'Connect-SctpAssociation', 'Wait-SctpAssociation', 'Get-SctpAssociation', 'Invoke-SctpPeelOff', 'Disconnect-SctpAssociation',
        'Send-SctpMessage', 'Receive-SctpMessage', 'Set-SctpNotification',
        'Add-SctpLocalAddress', 'Remove-SctpLocalAddress', 'Get-SctpPeerAddress', 'Set-SctpPrimaryAddress',
        'Get-SctpSocketOption', 'Set-SctpSocketOption',
        # Runbook operations (issue 12)
        'Get-SctpStatistics', 'Get-SctpKernelSetting', 'Set-SctpKernelSetting', 'Get-SctpEndpoint',
        'Reset-SctpStream', 'Reset-SctpAssociation', 'Add-SctpStream', 'Test-SctpConnection')
}

Describe 'The SctpPS module' -Tag Host {
    It 'has a valid manifest that targets Core and PowerShell 7.4' {
        $manifest = Test-ModuleManifest (Join-Path $modulePath 'SctpPS.psd1')
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'SCTP'
    }

    It 'lists every cmdlet explicitly, and exports exactly those' {
        $manifest = Import-PowerShellDataFile (Join-Path $modulePath 'SctpPS.psd1')
        $manifest.CmdletsToExport | Sort-Object | Should -Be ($expectedCmdlets | Sort-Object)
        (Get-Command -Module SctpPS).Name | Sort-Object | Should -Be ($expectedCmdlets | Sort-Object)
        # Every cmdlet class in the assembly is in the manifest (a new one cannot be forgotten).
        $classes = [SctpPS.SctpSocket].Assembly.GetTypes() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) }
        $classes | ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
            Sort-Object | Should -Be ($expectedCmdlets | Sort-Object)
    }

    It 'declares an output type on every cmdlet and uses approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($name in $expectedCmdlets) {
            $cmd = Get-Command $name
            $cmd.OutputType | Should -Not -BeNullOrEmpty -Because "$name needs [OutputType]"
            $approved | Should -Contain $cmd.Verb
        }
    }

    It 'loads the format file with a table view for SctpSocket' {
        $view = Get-FormatData -TypeName SctpPS.SctpSocket
        $view | Should -Not -BeNullOrEmpty
        $view.FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name } | Should -Contain 'TableControl'
    }
}

Describe 'Parameter validation' -Tag Host {
    BeforeAll {
        # Warm up the binder's error path, which loads code and resources once.
        try { New-SctpSocket -LocalPort 65536 } catch { }
    }

    It 'refuses <Name> = <Value> at binding' -TestCases @(
        @{ Name = 'LocalPort'; Value = 65536 }
        @{ Name = 'LocalPort'; Value = -1 }
        @{ Name = 'OutboundStreams'; Value = 0 }
        @{ Name = 'OutboundStreams'; Value = 65536 }
        @{ Name = 'MaxInboundStreams'; Value = 0 }
        @{ Name = 'MaxInboundStreams'; Value = 70000 }
        @{ Name = 'Backlog'; Value = 0 }
    ) {
        param($Name, $Value)
        $before = Get-OpenFdCount
        $params = @{ $Name = $Value }
        { New-SctpSocket @params } | Should -Throw -ErrorId "ParameterArgumentValidationError,SctpPS.Commands.NewSctpSocketCommand"
        Get-OpenFdCount | Should -Be $before
    }

    It 'refuses a style that does not exist' {
        { New-SctpSocket -Style ManyToFew } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,SctpPS.Commands.NewSctpSocketCommand'
    }

    It 'refuses a local address that is not an IP address' {
        { New-SctpSocket -LocalAddress 'not-an-address' } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,SctpPS.Commands.NewSctpSocketCommand'
    }

    It 'refuses an address family that is not IP' {
        { New-SctpSocket -AddressFamily Unix } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.NewSctpSocketCommand'
    }
}

Describe 'A kernel without SCTP' -Tag Host {
    BeforeAll { $hostHasSctp = Test-SctpSupport }

    It 'is reported by Test-SctpSupport with the reason and the remedy' {
        $info = Test-SctpSupport -Detailed
        $info.IsSupported | Should -Be $hostHasSctp
        $info.KernelRelease | Should -Be (Get-Content /proc/sys/kernel/osrelease)
        if ($hostHasSctp) {
            $info.Errno | Should -Be 'None'
        }
        else {
            $info.Errno | Should -BeIn @('ESOCKTNOSUPPORT', 'EPROTONOSUPPORT', 'ENOSYS')
            $info.Reason | Should -Match "$($info.Errno), errno \d+"
            $info.Remedy | Should -Match 'modprobe sctp|CONFIG_IP_SCTP'
        }
    }

    It 'stops New-SctpSocket with SctpNotSupported, NotInstalled, errno and remedy, leaking nothing' {
        if ($hostHasSctp) {
            # This host has SCTP: the same cmdlet must then succeed instead.
            $s = New-SctpSocket; $s.IsClosed | Should -BeFalse; $s | Close-SctpSocket
            return
        }
        $before = Get-OpenFdCount
        $err = $null
        try { New-SctpSocket -Style OneToOne; } catch { $err = $_ }
        Assert-SctpError $err -ErrorId 'SctpNotSupported' -Category NotInstalled
        # A one-to-one socket (SOCK_STREAM) is refused with EPROTONOSUPPORT, one-to-many with ESOCKTNOSUPPORT.
        "$err" | Should -Match '\b(EPROTONOSUPPORT, errno 93|ESOCKTNOSUPPORT, errno 94|ENOSYS, errno 38)\b'
        $err.ErrorDetails.RecommendedAction | Should -Match 'modprobe sctp|CONFIG_IP_SCTP'
        # Terminating: a script stops here rather than carrying on with no socket.
        { New-SctpSocket -ErrorAction SilentlyContinue } | Should -Throw
        Get-OpenFdCount | Should -Be $before
        Get-SctpSocket | Should -BeNullOrEmpty
    }
}
