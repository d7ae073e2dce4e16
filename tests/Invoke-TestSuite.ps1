<#
.SYNOPSIS
    Runs scopes of the SctpPS tests: the xunit tests and the Pester tests of each scope.
.DESCRIPTION
    Host:    tests that need no kernel SCTP (tagged Host; xunit tests without the Kernel trait).
    Kernel:  tests that need kernel SCTP (tagged Kernel; xunit tests with Category=Kernel).
    Package: the smoke suite of the built package, installed into an empty module path
             (tagged Package; needs kernel SCTP and out/packages from build.ps1 -Task Package).
    build.ps1 runs Host on the host, and Kernel then Package (-Scope Kernel,Package: one
    process) where kernel SCTP is (the sandbox).
    Results: out/test-results/xunit-<Scope>.trx and .junit.xml, pester-<Scope>.xml (NUnit)
    and pester-<Scope>.json (counts). Exit code 0 only when nothing failed.
#>
param(
    # One scope or several, comma-separated (pwsh -File passes a list as one string).
    [Parameter(Mandatory)] [string[]] $Scope,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$Scope = $Scope -split ','
foreach ($s in $Scope) { if ($s -notin 'Host', 'Kernel', 'Package') { throw "Unknown scope '$s': Host, Kernel or Package." } }
$root = Split-Path $PSScriptRoot -Parent
$results = Join-Path $root 'out/test-results'
New-Item -ItemType Directory -Force -Path $results | Out-Null
$failed = $false

function Import-Pester {
    $installed = Get-Module -ListAvailable Pester | Where-Object Version -GE ([version]'5.0') | Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { Import-Module $installed.Path -Force; return }
    # No Pester 5+ on this machine: the one NuGet gives us (tests/tools/Pester.csproj).
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $manifest = Get-ChildItem (Join-Path $packages 'pester') -Filter Pester.psd1 -Recurse -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $manifest) {
        & dotnet restore (Join-Path $PSScriptRoot 'tools/Pester.csproj') --nologo -v quiet | Out-Host
        if ($LASTEXITCODE -ne 0) { throw 'Could not fetch Pester from NuGet (dotnet restore tests/tools/Pester.csproj failed).' }
        $manifest = Get-ChildItem (Join-Path $packages 'pester') -Filter Pester.psd1 -Recurse | Select-Object -First 1
    }
    Import-Module $manifest.FullName -Force
}

Import-Pester
foreach ($s in $Scope) {
    $started = Get-Date
    if ($s -ne 'Package') {
        # xunit: the test assembly was built by build.ps1.
        $filter = if ($s -eq 'Kernel') { 'Category=Kernel' } else { 'Category!=Kernel' }
        & dotnet test (Join-Path $PSScriptRoot 'SctpPS.Tests/SctpPS.Tests.csproj') -c $Configuration --no-build --nologo `
            --filter $filter --logger "trx;LogFileName=xunit-$s.trx" --logger "junit;LogFilePath=$results/xunit-$s.junit.xml" --results-directory $results | Out-Host
        if ($LASTEXITCODE -ne 0) { $failed = $true }
        Write-Host ("xunit ({0}): {1:N1} s" -f $s, ((Get-Date) - $started).TotalSeconds)
    }

    # Pester
    $started = Get-Date
    $config = New-PesterConfiguration
    # The package's suite is one file: discovering all the others would cost seconds under UML.
    $config.Run.Path = if ($s -eq 'Package') { Join-Path $PSScriptRoot 'Package.Tests.ps1' } else { $PSScriptRoot }
    $config.Run.PassThru = $true
    $config.Filter.Tag = $s
    $config.Output.Verbosity = 'Normal'
    if ($env:CI) { $config.Output.RenderMode = 'Plaintext' }
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $results "pester-$s.xml"
    $run = Invoke-Pester -Configuration $config
    [pscustomobject]@{
        Passed  = $run.PassedCount
        Failed  = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
        Skipped = $run.SkippedCount
    } | ConvertTo-Json | Set-Content (Join-Path $results "pester-$s.json")
    if ($run.Result -ne 'Passed') { $failed = $true }
    Write-Host ("Pester ({0}): {1:N1} s" -f $s, ((Get-Date) - $started).TotalSeconds)
}
exit ([int]$failed)
