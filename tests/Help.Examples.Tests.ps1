# Every example of every cmdlet's help runs, as written, on kernel SCTP: help that shows
# code which does not work is worse than none.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:Examples = foreach ($command in Get-Command -Module SctpPS) {
        $i = 0
        foreach ($example in (Get-Help $command.Name -Full).examples.example) {
            $i++
            @{ Command = $command.Name; Number = $i; Title = ($example.title -replace '^-+ | -+$', ''); Code = $example.code }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-SctpPSModulePath
}

Describe 'The examples in Get-Help' -Tag Kernel {
    It '<Command>: <Title>' -TestCases $Examples {
        param($Command, $Number, $Title, $Code)
        $before = Get-OpenFdCount
        # A runspace of its own, as a user's fresh session (nested runspaces import explicitly).
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModulePath'; `$ErrorActionPreference = 'Stop'").AddStatement().AddScript($Code)
            $output = $ps.Invoke()
            $errors = @($ps.Streams.Error)
            $errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty -Because "example $Number of $Command must run without errors"
            # (HadErrors is also true for errors an example handles itself with -ErrorAction SilentlyContinue.)
            ($output | Out-String) | Should -Not -BeNullOrEmpty -Because 'an example shows something'
            # The example closes what it opened.
            $ps.Commands.Clear()
            @($ps.AddScript('Get-SctpSocket').Invoke()).Count | Should -Be 0 -Because 'the example closes its sockets'
        }
        finally {
            $ps.Commands.Clear()
            $null = $ps.AddScript('Get-SctpSocket | Close-SctpSocket').Invoke()
            $ps.Dispose()
        }
        Get-OpenFdCount | Should -Be $before
    }
}
