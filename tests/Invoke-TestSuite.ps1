<#
.SYNOPSIS
    Runs one scope of the SctpPS tests: the xunit tests and the Pester tests of that scope.
.DESCRIPTION
    Host:   tests that need no kernel SCTP (tagged Host; xunit tests without the Kernel trait).
    Kernel: tests that need kernel SCTP (tagged Kernel; xunit tests with Category=Kernel).
    build.ps1 runs Host on the host and Kernel where kernel SCTP is (the sandbox).
    Results: out/test-results/xunit-<Scope>.trx and .junit.xml, pester-<Scope>.xml (NUnit)
    and pester-<Scope>.json (counts). Exit code 0 only when nothing failed.
#>
param(
    [Parameter(Mandatory)][ValidateSet('Host', 'Kernel')] [string] $Scope,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
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

# xunit: the test assembly was built by build.ps1.
$filter = if ($Scope -eq 'Kernel') { 'Category=Kernel' } else { 'Category!=Kernel' }
$started = Get-Date
& dotnet test (Join-Path $PSScriptRoot 'SctpPS.Tests/SctpPS.Tests.csproj') -c $Configuration --no-build --nologo `
    --filter $filter --logger "trx;LogFileName=xunit-$Scope.trx" --logger "junit;LogFilePath=$results/xunit-$Scope.junit.xml" --results-directory $results | Out-Host
if ($LASTEXITCODE -ne 0) { $failed = $true }
Write-Host ("xunit ({0}): {1:N1} s" -f $Scope, ((Get-Date) - $started).TotalSeconds)

# Pester
Import-Pester
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Filter.Tag = $Scope
$config.Output.Verbosity = 'Normal'
if ($env:CI) { $config.Output.RenderMode = 'Plaintext' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $results "pester-$Scope.xml"
$run = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed  = $run.PassedCount
    Failed  = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
    Skipped = $run.SkippedCount
} | ConvertTo-Json | Set-Content (Join-Path $results "pester-$Scope.json")
if ($run.Result -ne 'Passed') { $failed = $true }
exit ([int]$failed)
