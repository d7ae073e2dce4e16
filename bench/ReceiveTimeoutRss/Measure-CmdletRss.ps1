<#
.SYNOPSIS
    Issue 17: resident memory of pwsh under many Receive.Timeout errors in many runspaces.
.DESCRIPTION
    N runspaces (one thread each) run Receive-SctpMessage -TimeoutSeconds 1 in a loop on sockets
    where nothing arrives. Prints RSS, the GC's live and committed bytes and threads by phase:
    P0 module and sockets, P1 runspaces open, P2 one timeout in each (every runspace busy),
    P3 after the loop, P4 runspaces disposed. Run it in the sandbox:
      tests/sandbox/run-in-sandbox.sh -- dotnet pwsh -NoProfile -File bench/ReceiveTimeoutRss/Measure-CmdletRss.ps1
    and again with MALLOC_ARENA_MAX=2 or DOTNET_GCgen0size=0x200000 set, to compare.
#>
param(
    [ValidateSet('OneToOne', 'OneToMany')] [string] $Style = 'OneToOne',
    [int] $Threads = 25,
    [int] $Rounds = 40,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/SctpPS')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$clock = [Diagnostics.Stopwatch]::StartNew()
function Show-Memory([string] $What, [switch] $Collect) {
    if ($Collect) { [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect() }
    $s = @{}
    foreach ($line in [IO.File]::ReadAllLines('/proc/self/status')) {
        $k, $v = $line -split ':', 2
        if ($k -in 'VmRSS', 'RssAnon', 'RssFile', 'Threads') { $s[$k] = [long](($v.Trim() -split ' ')[0]) }
    }
    Write-Host ('{0,6:F1}s {1,-24} RSS {2,6:F1} MiB (anon {3,5:F1}, file {4,5:F1}) threads {5,3} | GC live {6,5:F1} MiB{7}, committed {8,5:F1}' -f `
            $clock.Elapsed.TotalSeconds, $What, ($s.VmRSS / 1024), ($s.RssAnon / 1024), ($s.RssFile / 1024), $s.Threads,
            ([GC]::GetTotalMemory($false) / 1MB), $(if ($Collect) { ' (after GC)' } else { '' }), ([GC]::GetGCMemoryInfo().TotalCommittedBytes / 1MB))
}
Write-Host "$Style sockets, $Threads runspaces, $Rounds timeouts each; MALLOC_ARENA_MAX=$env:MALLOC_ARENA_MAX DOTNET_GCgen0size=$env:DOTNET_GCgen0size"
$port = 29600 + $PID % 300
$receivers = if ($Style -eq 'OneToOne') {
    $server = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -LocalPort $port -Listen
    foreach ($i in 1..$Threads) {
        $c = New-SctpSocket -Style OneToOne
        $null = Connect-SctpAssociation -Socket $c -RemoteAddress 127.0.0.1 -RemotePort $port
        $null = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
        $c
    }
}
else { foreach ($i in 1..$Threads) { New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort ($port + $i) -Listen } }
Show-Memory 'P0 module and sockets' -Collect

$iss = [initialsessionstate]::CreateDefault2()
$iss.ImportPSModule($ModulePath)
$pool = [runspacefactory]::CreateRunspacePool($Threads, $Threads, $iss, $Host)
$pool.Open()
function Invoke-InEach([string] $Script, $Argument) {
    $jobs = foreach ($s in $receivers) {
        $ps = [powershell]::Create()
        $ps.RunspacePool = $pool
        $null = $ps.AddScript($Script).AddArgument($s).AddArgument($Argument)
        [pscustomobject]@{ PS = $ps; Handle = $ps.BeginInvoke() }
    }
    while (@($jobs | Where-Object { -not $_.Handle.IsCompleted }).Count) { Start-Sleep 2; if ($Argument -gt 1) { Show-Memory '   running' } }
    foreach ($j in $jobs) { $j.PS.EndInvoke($j.Handle); $j.PS.Dispose() }
}
$null = Invoke-InEach 'param($s) Get-SctpSocket' 0
Show-Memory 'P1 runspaces open' -Collect
$null = Invoke-InEach 'param($s) Receive-SctpMessage -Socket $s -TimeoutSeconds 1 -ErrorAction SilentlyContinue' 1
Show-Memory 'P2 one timeout in each' -Collect
$kept = Invoke-InEach 'param($s, $n) for ($i = 0; $i -lt $n; $i++) { Receive-SctpMessage -Socket $s -TimeoutSeconds 1 -ErrorAction SilentlyContinue }; $Error.Count' $Rounds
Show-Memory 'P3 after the loop'
Show-Memory 'P3 after the loop' -Collect
Write-Host "Receive.Timeout records kept in the runspaces' `$Error: $(($kept | Measure-Object -Sum).Sum)"
$pool.Dispose()
Show-Memory 'P4 runspaces disposed' -Collect
Get-SctpSocket | Close-SctpSocket
