<#
.SYNOPSIS
    What a user does with the SctpPS package, run by tests/Package.Tests.ps1 in a pwsh whose
    HOME and PSModulePath are an empty scratch folder: install from a local repository, import
    by name, the demo, Get-Help, a peel-off, uninstall.
.DESCRIPTION
    Each step's outcome (Ok, Error, Value, Ms) goes to -OutFile as JSON, for the suite to judge;
    a failing step does not stop the later ones, except that nothing runs without an import.
#>
param(
    [Parameter(Mandatory)][string] $Repository,
    [Parameter(Mandatory)][string] $Version,
    [Parameter(Mandatory)][string] $Demo,
    [Parameter(Mandatory)][string] $OutFile
)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}

function Step([string] $Name, [scriptblock] $Body) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try { $value = & $Body; $result[$Name] = [ordered]@{ Ok = $true; Value = $value } }
    catch { $result[$Name] = [ordered]@{ Ok = $false; Error = "$_ $($_.ScriptStackTrace)" } }
    $result[$Name].Ms = [Math]::Round($clock.Elapsed.TotalMilliseconds)
    $result[$Name].Ok
}

$modules = Join-Path $HOME '.local/share/powershell/Modules'

$null = Step 'Install' {
    $before = @(Get-ChildItem -Force $modules -ErrorAction SilentlyContinue).Count
    Register-PSResourceRepository -Name SctpPSLocal -Uri $Repository -Trusted
    Install-PSResource -Name SctpPS -Version $Version -Repository SctpPSLocal -Scope CurrentUser
    $installed = @(Get-InstalledPSResource -Name SctpPS)
    $base = Join-Path $installed[0].InstalledLocation "SctpPS/$($installed[0].Version)"
    [ordered]@{
        EntriesBefore     = $before
        Count             = $installed.Count
        Version           = "$($installed[0].Version)"
        Repository        = $installed[0].Repository
        InstalledLocation = $installed[0].InstalledLocation
        Files             = @(Get-ChildItem -Recurse -File $base | ForEach-Object { [IO.Path]::GetRelativePath($base, $_.FullName) } | Sort-Object)
    }
}

$imported = Step 'Import' {
    Import-Module SctpPS   # by name: PSModulePath holds only the scratch module path
    $module = Get-Module SctpPS
    [ordered]@{
        ModuleBase  = $module.ModuleBase
        Version     = "$($module.Version)"
        Available   = @(Get-Module -ListAvailable SctpPS | ForEach-Object ModuleBase)
        Cmdlets     = @(Get-Command -Module SctpPS | ForEach-Object Name | Sort-Object)
        ReleaseNotes = $module.ReleaseNotes
        Supported   = Test-SctpSupport
    }
}

if ($imported) {
    $null = Step 'Demo' {
        # The demo as README runs it, but given a module name instead of a path.
        $text = & $Demo -ModulePath SctpPS *>&1 | Out-String -Width 200
        [ordered]@{ Output = $text; Module = (Get-Module SctpPS).ModuleBase }
    }

    $null = Step 'Help' {
        [ordered]@{
            PeelOff = Get-Help Invoke-SctpPeelOff -Full | Out-String -Width 4000
            About   = Get-Help about_SctpPS | Out-String -Width 4000
        }
    }

    $null = Step 'PeelOff' {
        try {
            $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort 39412 -Listen
            $client = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort 39412 -TimeoutSeconds 10
            $null = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
            $peeled = @(Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff)
            Send-SctpMessage -Association $client -Text 'after the peel-off' -Stream 1 -PayloadProtocolId 46
            $message = Receive-SctpMessage -Socket $peeled[0] -Count 1 -AsText -TimeoutSeconds 10
            [ordered]@{
                Peeled            = $peeled.Count
                Style             = "$($peeled[0].Style)"
                FromServer        = $peeled[0].PeeledOffFrom.Id -eq $server.Id
                LeftOnServer      = @(Get-SctpAssociation -Socket $server).Count
                OnPeeled          = @(Get-SctpAssociation -Socket $peeled[0]).Count
                Text              = $message.Text
                Stream            = $message.Stream
                PayloadProtocolId = $message.PayloadProtocolId
            }
        }
        finally { Get-SctpSocket | Close-SctpSocket }
    }
}

$null = Step 'Uninstall' {
    $base = (Get-Module SctpPS).ModuleBase
    Remove-Module SctpPS -ErrorAction SilentlyContinue
    Uninstall-PSResource -Name SctpPS -Version $Version -Scope CurrentUser
    [ordered]@{
        Installed = @(Get-InstalledPSResource -Name SctpPS -ErrorAction SilentlyContinue).Count
        Available = @(Get-Module -ListAvailable SctpPS).Count
        BaseLeft  = [bool]($base -and (Test-Path $base))
    }
}

$result | ConvertTo-Json -Depth 5 | Set-Content $OutFile
