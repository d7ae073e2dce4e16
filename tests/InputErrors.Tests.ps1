# Kernel tests for input that used to end in a bare .NET exception (issue 17, found by
# tests/Fuzz.Tests.ps1): each is now a catalogue error, non-terminating where the cmdlet's
# other input errors are, that says what to give instead.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 26000
    function New-Port { $script:nextPort++; $script:nextPort }
    # A client socket and the server's side of its association, peeled off into its own socket.
    function New-Pair {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -NoDelay
        $client = New-SctpSocket -NoDelay
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $peer = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10 | Invoke-SctpPeelOff
        [pscustomobject]@{ Server = $server; Client = $client; Association = $association; Peer = $peer }
    }
    $warm = New-Pair; Send-SctpMessage -Association $warm.Association -Text warm; $null = Receive-SctpMessage -Socket $warm.Peer -TimeoutSeconds 10
    Get-SctpSocket | Close-SctpSocket
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Send-SctpMessage with text the encoding cannot carry' -Tag Kernel {
    BeforeAll { $fds = Get-OpenFdCount }
    AfterEach { Get-SctpSocket | Close-SctpSocket }
    AfterAll { Get-OpenFdCount | Should -Be $fds -Because 'no descriptor may leak' }

    It 'writes Send.EncodeFailed for a lone surrogate given as -Text, sends nothing of it, and goes on' {
        $p = New-Pair
        $lone = [string][char]0xD800
        { Send-SctpMessage -Association $p.Association -Text $lone -ErrorAction SilentlyContinue } | Should -Not -Throw
        Send-SctpMessage -Association $p.Association -Text $lone -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        Assert-SctpError $err[0] -ErrorId 'Send.EncodeFailed' -Category InvalidArgument -TargetObject $lone
        "$($err[0])" | Should -Match 'U\+D800 at index 0 is a lone surrogate'
        "$($err[0])" | Should -Match '-Data'
        # Nothing of it went out: the next message is the first the peer sees.
        Send-SctpMessage -Association $p.Association -Text 'after'
        (Receive-SctpMessage -Socket $p.Peer -AsText -TimeoutSeconds 10).Text | Should -Be 'after'
    }

    It 'writes Send.EncodeFailed for a piped lone surrogate and still sends the strings around it' {
        $p = New-Pair
        'one', "two$([char]0xDC00)", 'three' | Send-SctpMessage -Association $p.Association -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        Assert-SctpError $err[0] -ErrorId 'Send.EncodeFailed' -Category InvalidArgument -TargetObject "two$([char]0xDC00)"
        "$($err[0])" | Should -Match 'U\+DC00 at index 3'
        (Receive-SctpMessage -Socket $p.Peer -Count 2 -AsText -TimeoutSeconds 10).Text | Should -Be @('one', 'three')
    }

    It 'writes Send.EncodeFailed for a character outside ASCII or Latin1, naming the encoding, where Latin1 sent ''?'' before' {
        $p = New-Pair
        Send-SctpMessage -Association $p.Association -Text 'café' -Encoding ascii -ErrorVariable err1 -ErrorAction SilentlyContinue
        Assert-SctpError $err1[0] -ErrorId 'Send.EncodeFailed' -Category InvalidArgument -TargetObject 'café'
        "$($err1[0])" | Should -Match "'é' \(U\+00E9\) at index 3 is not in ASCII"
        "$($err1[0])" | Should -Match 'UTF8 has every character'
        Send-SctpMessage -Association $p.Association -Text '5 €' -Encoding Latin1 -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'Send.EncodeFailed' -Category InvalidArgument -TargetObject '5 €'
        "$($err2[0])" | Should -Match 'U\+20AC\) at index 2 is not in Latin1'
        $smile = [char]::ConvertFromUtf32(0x1F600)
        Send-SctpMessage -Association $p.Association -Text $smile -Encoding Latin1 -ErrorVariable err3 -ErrorAction SilentlyContinue
        "$($err3[0])" | Should -Match 'U\+1F600 at index 0 is not in Latin1'
        # What each encoding can carry still goes.
        Send-SctpMessage -Association $p.Association -Text 'Grüße' -Encoding Latin1
        (Receive-SctpMessage -Socket $p.Peer -AsText -Encoding Latin1 -TimeoutSeconds 10).Text | Should -Be 'Grüße'
    }

    It 'does not abort the association when the -Abort reason cannot be encoded' {
        $p = New-Pair
        Send-SctpMessage -Association $p.Association -Abort -Text ([string][char]0xD800) -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.EncodeFailed' -Category InvalidArgument
        (Get-SctpAssociation -Socket $p.Client).State | Should -Be Established
    }
}

Describe 'Set-SctpNotification with $null types' -Tag Kernel {
    BeforeAll { $fds = Get-OpenFdCount }
    AfterEach { Get-SctpSocket | Close-SctpSocket }
    AfterAll { Get-OpenFdCount | Should -Be $fds -Because 'no descriptor may leak' }

    It 'writes Notification.NullEventType for -<Parameter> $null, one per socket, and changes nothing' -ForEach @(
        @{ Parameter = 'Enable' }, @{ Parameter = 'Disable' }) {
        $a = New-SctpSocket -Subscribe Shutdown
        $b = New-SctpSocket -Subscribe Shutdown
        $splat = @{ $Parameter = $null }
        { $a, $b | Set-SctpNotification @splat -ErrorAction SilentlyContinue } | Should -Not -Throw
        $a, $b | Set-SctpNotification @splat -PassThru -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 2
        Assert-SctpError $err[0] -ErrorId 'Notification.NullEventType' -Category InvalidArgument -TargetObject $a
        Assert-SctpError $err[1] -ErrorId 'Notification.NullEventType' -Category InvalidArgument -TargetObject $b
        "$($err[0])" | Should -Match "-$Parameter is \`$null: name the notification types .*AssociationChange.*or leave -$Parameter out"
        $a.Subscriptions | Should -Be @('Shutdown')
    }
}

Describe 'Set-SctpSocketOption and Get-SctpSocketOption with $null' -Tag Kernel {
    BeforeAll { $fds = Get-OpenFdCount }
    AfterEach { Get-SctpSocket | Close-SctpSocket }
    AfterAll { Get-OpenFdCount | Should -Be $fds -Because 'no descriptor may leak' }

    It 'writes SetOption.NullValue for an option given $null, and changes none of the options given with it' {
        $s = New-SctpSocket
        $before = Get-SctpSocketOption -Socket $s
        { Set-SctpSocketOption -Socket $s -RtoMinMs $null -ErrorAction SilentlyContinue } | Should -Not -Throw
        Set-SctpSocketOption -Socket $s -RtoMinMs $null -HeartbeatEnabled $null -NoDelay $true -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        Assert-SctpError $err[0] -ErrorId 'SetOption.NullValue' -Category InvalidArgument -TargetObject $s
        "$($err[0])" | Should -Match '-RtoMinMs, -HeartbeatEnabled are \$null: give each a value, or leave them out'
        (Get-SctpSocketOption -Socket $s).NoDelay | Should -Be $before.NoDelay
        (Get-SctpSocketOption -Socket $s).RtoMinMs | Should -Be $before.RtoMinMs
    }

    It 'writes GetOption.UnknownName for a $null among the -Name values, naming the options there are, and reads the others' {
        $s = New-SctpSocket
        $o = Get-SctpSocketOption -Socket $s -Name 'RtoMinMs', $null -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'GetOption.UnknownName' -Category InvalidArgument
        "$($err[0])" | Should -Match '-Name holds \$null: give option names, or leave -Name out.*Known: RtoInitialMs'
        $o.RtoMinMs | Should -BeGreaterThan 0 -Because 'the other names are read'
    }
}
