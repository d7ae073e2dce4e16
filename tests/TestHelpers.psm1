# Shared by every Pester suite: where the built module is, descriptor counting,
# error record checks, and child pwsh processes for per-process conditions.

$script:Root = Split-Path $PSScriptRoot -Parent
$script:ModulePath = Join-Path $script:Root 'out/SctpPS'

function Get-SctpPSModulePath { $script:ModulePath }

function Get-OpenFdCount {
    <# The descriptors this process has open (what a leak would raise). #>
    [System.IO.Directory]::GetFileSystemEntries('/proc/self/fd').Count
}

function Assert-SctpError {
    <#
    .SYNOPSIS
        Checks one ErrorRecord: ErrorId, category, errno name and number in the message, and target.
    #>
    param(
        [Parameter(Mandatory)] $ErrorRecord,
        [Parameter(Mandatory)] [string] $ErrorId,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorCategory] $Category,
        [string] $Errno,
        $TargetObject
    )
    $ErrorRecord | Should -Not -BeNullOrEmpty -Because "an error record was expected"
    $ErrorRecord.FullyQualifiedErrorId.Split(',')[0] | Should -Be $ErrorId
    $ErrorRecord.CategoryInfo.Category | Should -Be $Category
    if ($Errno) {
        $number = [int][SctpPS.Native.Errno]$Errno
        "$ErrorRecord" | Should -Match "\b$Errno, errno $number\b"
    }
    if ($PSBoundParameters.ContainsKey('TargetObject')) {
        "$($ErrorRecord.TargetObject)" | Should -Be "$TargetObject"
    }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script in a new pwsh (same engine) with the module imported, optionally wrapped
        (setpriv, unshare, ...); returns what the script wrote to the pipeline, as objects (JSON).
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Wrapper = @(),
        [hashtable] $Environment = @{}
    )
    $scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("sctpps-child-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $scratch | Out-Null
    try {
        $file = Join-Path $scratch 'child.ps1'
        $outFile = Join-Path $scratch 'out.json'
        Set-Content -Path $file -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModulePath'
`$result = & { $Script }
`$result | ConvertTo-Json -Depth 4 -Compress | Set-Content '$outFile'
"@
        & chmod -R a+rwx $scratch
        $pwsh = Join-Path $PSHOME 'pwsh.dll'
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try {
            $all = @($Wrapper) + @('dotnet', $pwsh, '-NoProfile', '-NonInteractive', '-File', $file)
            $output = & $all[0] @($all | Select-Object -Skip 1) 2>&1
            if ($LASTEXITCODE -ne 0 -or -not (Test-Path $outFile)) {
                throw "child pwsh failed (exit $LASTEXITCODE): $($output -join [Environment]::NewLine)"
            }
        }
        finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
        Get-Content -Raw $outFile | ConvertFrom-Json
    }
    finally {
        Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-SctpPSModulePath, Get-OpenFdCount, Assert-SctpError, Invoke-ChildPwsh
