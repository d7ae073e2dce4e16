<#
.SYNOPSIS
    SctpPS benchmarks, each measured against a C reference in the same kernel boot.
.DESCRIPTION
    Run by 'dotnet pwsh ./build.ps1 -Task Bench' (in the sandbox when the host kernel has no
    SCTP). Prints a table per benchmark: time, rate, and speed as a ratio to C (1.0 = as fast).

    PeelOff: 1,000 associations on one one-to-many socket, all peeled off.
      C        bench/peeloff.c: a getsockopt(SCTP_SOCKOPT_PEELOFF_FLAGS) loop
      C+check  the same, with the free-descriptor check SctpPS makes first (dup, close): the
               kernel destroys the association when the peel-off itself hits EMFILE
      Managed  SctpSocket.PeelOff for each id, in a C# loop (compiled here with Add-Type)
      Cmdlet   Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff (listing included)
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/SctpPS'),
    [string] $NativeDir = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $Associations = 1000,
    [int] $Rounds = 5
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$port = 31000

# The managed-API loops run as C#, so that PowerShell's own cost is not counted against the API.
Add-Type -IgnoreWarnings -ReferencedAssemblies ([SctpPS.SctpSocket].Assembly.Location), System.Net.Primitives, System.Net.Sockets, System.Linq, System.Collections -TypeDefinition @'
using System.Diagnostics;
public static class ManagedBench
{
    public static double PeelOffAll(SctpPS.SctpSocket server)
    {
        var ids = server.GetAssociationIds();
        var clock = Stopwatch.StartNew();
        foreach (var id in ids) server.PeelOff(id);
        return clock.Elapsed.TotalMilliseconds;
    }
}
'@

function New-PeelOffFixture([int] $Count) {
    $script:port++
    $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $script:port -Listen
    for ($i = 0; $i -lt $Count; $i++) {
        $null = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $script:port
    }
    while ($server.GetAssociationIds().Count -lt $Count) { Start-Sleep -Milliseconds 5 }
    $server
}

function Measure-Median([scriptblock] $Round) {
    $times = foreach ($r in 1..$Rounds) { & $Round; Get-SctpSocket | Close-SctpSocket }
    ($times | Sort-Object)[[int][Math]::Floor($Rounds / 2)]
}

Write-Host "PeelOff: $Associations associations, median of $Rounds rounds"
function Measure-C([string] $Mode) {
    Measure-Median {
        $script:port++
        $line = & (Join-Path $NativeDir 'peeloff') $Associations $script:port $Mode
        if ($LASTEXITCODE -ne 0) { throw "peeloff (C) failed: $line" }
        [double]($line -split ' ')[1]
    }
}
$c = Measure-C 'plain'
$cChecked = Measure-C 'guard'
$managed = Measure-Median {
    $server = New-PeelOffFixture $Associations
    [ManagedBench]::PeelOffAll($server)
}
$cmdlet = Measure-Median {
    $server = New-PeelOffFixture $Associations
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $peeled = Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff
    $ms = $clock.Elapsed.TotalMilliseconds
    if (@($peeled).Count -ne $Associations) { throw "cmdlet peeled off $(@($peeled).Count) of $Associations" }
    $ms
}
$rows = foreach ($r in @(@{ Name = 'C (getsockopt loop)'; Ms = $c }, @{ Name = 'C + free-descriptor check'; Ms = $cChecked }, @{ Name = 'Managed API (SctpSocket.PeelOff)'; Ms = $managed },
                         @{ Name = 'Cmdlet (Get-SctpAssociation | Invoke-SctpPeelOff)'; Ms = $cmdlet })) {
    [pscustomobject]@{
        Benchmark     = $r.Name
        Associations  = $Associations
        Ms            = [Math]::Round($r.Ms, 1)
        PerSecond     = [Math]::Round($Associations / ($r.Ms / 1000))
        SpeedVsC      = [Math]::Round($c / $r.Ms, 3)
    }
}
$rows | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
