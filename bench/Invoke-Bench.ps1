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
      Managed  SctpSocket.PeelOff for each id, in a C# loop (bench/ManagedBench, its own process)
      Cmdlet   Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff (listing included)

    Messages: 1 KiB, 16 KiB and 64 KiB messages on loopback, SCTP_NODELAY on, stream 1, ppid 46.
      C        bench/msgbench.c: sendmsg with SCTP_SNDINFO, recvmsg with SCTP_RCVINFO
      Managed  SctpSocket.Send / SctpSocket.ReceiveInto (no allocation), in a C# loop (bench/ManagedBench)
      Cmdlet   Send-SctpMessage fed from the pipeline, Receive-SctpMessage -Count
    All three send a batch (2 MiB of messages, at most 64), then receive it (see msgbench.c for
    why: one CPU under UML), on sockets with 4 MiB buffers; every contender gets one warm-up round
    that is not counted (the runtime's JIT, first page faults), then the median of -Rounds.
    Targets: managed >= 0.9 of C at every size; cmdlets >= 0.5 at 1 KiB and >= 0.8 at 64 KiB.

    Import: what 'Import-Module SctpPS' adds to a pwsh start, on the machine it runs on (build.ps1
      runs it on the host, not in the sandbox). -Package is installed with Install-PSResource into
      a scratch HOME; then, taking turns, a bare 'pwsh -NoProfile -Command exit', a pwsh that
      imports SctpPS by name, and one that imports Microsoft.PowerShell.Utility (pwsh's own: the
      engine's first Import-Module costs the same for any module), each a new process timed from
      start to exit; median of -Rounds after a warm-up round. Target: less than 300 ms added.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/SctpPS'),
    [string] $NativeDir = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $Associations = 1000,
    [int] $Rounds = 5,
    [string[]] $Only = @('PeelOff', 'Messages'),
    # Import: the package to install (out/packages/SctpPS.<version>.nupkg).
    [string] $Package
)
$ErrorActionPreference = 'Stop'
$Only = $Only -split ','   # pwsh -File passes a list as one comma-separated string
$port = 31000

if ('Import' -in $Only) {
    if (-not $Package -or -not (Test-Path $Package)) { throw "Import needs -Package (the .nupkg that build.ps1 -Task Package writes)." }
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "sctpps-import-$([guid]::NewGuid())"
    $scratchHome = Join-Path $scratch 'home'
    $modules = Join-Path $scratchHome '.local/share/powershell/Modules'
    New-Item -ItemType Directory -Path $modules, (Join-Path $scratchHome '.config') | Out-Null
    $pwsh = Join-Path $PSHOME 'pwsh.dll'
    # Every pwsh here sees only the scratch HOME and module path (nothing of the user's). pwsh
    # keeps a JIT profile of its last start in its cache folder and compiles those methods ahead
    # on the next start; each contender gets a cache folder of its own, so that each starts as it
    # would when run again and again, not with the profile of whichever ran before it.
    function Invoke-ScratchPwsh([string] $Command, [string] $Cache = 'setup') {
        $out = & env -u XDG_DATA_HOME -u XDG_CONFIG_HOME "XDG_CACHE_HOME=$(Join-Path $scratch "cache-$Cache")" "HOME=$scratchHome" "PSModulePath=$modules" `
            'POWERSHELL_TELEMETRY_OPTOUT=1' 'POWERSHELL_UPDATECHECK=Off' dotnet $pwsh -NoProfile -NonInteractive -Command $Command
        if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed (exit $LASTEXITCODE): $out" }
        $out
    }
    function Get-Median($List) { ($List | Sort-Object)[[int][Math]::Floor(@($List).Count / 2)] }
    # CPU time (user + system) of the children this process has waited for, from /proc/self/stat
    # (cutime, cstime): unlike wall time it hardly grows when other work shares the CPUs.
    $ticksPerSecond = [double](& getconf CLK_TCK)
    function Get-ChildCpuMs {
        $fields = ((Get-Content -Raw /proc/self/stat) -replace '^.*\) ', '') -split ' '
        ([double]$fields[13] + [double]$fields[14]) * 1000 / $ticksPerSecond
    }
    try {
        $version = ([IO.Path]::GetFileNameWithoutExtension($Package) -split '\.', 2)[1]
        $null = Invoke-ScratchPwsh ("`$ErrorActionPreference = 'Stop'; Register-PSResourceRepository -Name SctpPSLocal -Uri '$(Split-Path $Package)' -Trusted; " +
            "Install-PSResource -Name SctpPS -Version $version -Repository SctpPSLocal -Scope CurrentUser")
        # Where such a pwsh finds SctpPS by name (checked once, untimed: printing costs time too).
        $base = Invoke-ScratchPwsh 'Import-Module SctpPS; (Get-Module SctpPS).ModuleBase'
        if ("$base" -ne (Join-Path $modules "SctpPS/$version")) { throw "SctpPS was imported from '$base', not from the installed package." }
        # Each a new process, timed from start to exit. Utility, a module of pwsh's own, shows
        # what the first Import-Module of a session costs whatever the module.
        $contenders = [ordered]@{
            Bare    = 'exit'
            SctpPS  = 'Import-Module SctpPS -ErrorAction Stop'
            Utility = 'Import-Module Microsoft.PowerShell.Utility -ErrorAction Stop'
        }
        $times = @{}; $cpu = @{}
        foreach ($k in $contenders.Keys) { $times[$k] = [Collections.Generic.List[double]]::new(); $cpu[$k] = [Collections.Generic.List[double]]::new() }
        $warm = [Collections.Generic.List[double]]::new()
        $loadBefore = (Get-Content /proc/loadavg) -replace ' \S+ \S+$'
        foreach ($r in 0..$Rounds) {
            foreach ($k in $contenders.Keys) {
                $cpuBefore = Get-ChildCpuMs
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $null = Invoke-ScratchPwsh $contenders[$k] -Cache $k
                if ($r -gt 0) { $times[$k].Add($clock.Elapsed.TotalMilliseconds); $cpu[$k].Add((Get-ChildCpuMs) - $cpuBefore) }
            }
            # SctpPS's own part: Import-Module inside pwsh once the engine's module code is warm
            # (Measure-Command's module, Utility, has been loaded by then).
            $own = Invoke-ScratchPwsh '[Math]::Round((Measure-Command { Import-Module SctpPS }).TotalMilliseconds, 1)' -Cache Warm
            if ($r -gt 0) { $warm.Add([double]"$own") }
        }
        # Each round's processes ran back to back, under much the same load: their difference is
        # steadier than the difference of the medians when other work shares the CPUs.
        # Methods the runtime compiled by the end of each kind of start, counted once each (untimed;
        # their own cache folders hold the same JIT profiles as in the rounds): this pwsh's
        # System.Management.Automation has no ReadyToRun code, so what the engine runs first, it compiles.
        $jit = @{}
        foreach ($k in $contenders.Keys) {
            $count = '[Console]::Out.Write([System.Runtime.JitInfo]::GetCompiledMethodCount())'
            $jit[$k] = [int]"$(Invoke-ScratchPwsh $(if ($k -eq 'Bare') { $count } else { "$($contenders[$k]); $count" }) -Cache $k)"
        }
        $added = @{}; $addedCpu = @{}
        foreach ($k in 'SctpPS', 'Utility') {
            $added[$k] = Get-Median @(for ($i = 0; $i -lt $Rounds; $i++) { $times[$k][$i] - $times.Bare[$i] })
            $addedCpu[$k] = Get-Median @(for ($i = 0; $i -lt $Rounds; $i++) { $cpu[$k][$i] - $cpu.Bare[$i] })
        }
        Write-Host "Import: SctpPS $version installed from $Package; new pwsh processes on this host, median of $Rounds rounds after a warm-up, taking turns"
        @(
            [pscustomobject]@{ Benchmark = 'pwsh -NoProfile -Command exit (bare start)'; Ms = [Math]::Round((Get-Median $times.Bare), 1); AddedMs = $null; CpuMs = Get-Median $cpu.Bare; AddedCpuMs = $null; JitMethods = $jit.Bare }
            [pscustomobject]@{ Benchmark = 'pwsh -NoProfile -Command Import-Module SctpPS'; Ms = [Math]::Round((Get-Median $times.SctpPS), 1); AddedMs = [Math]::Round($added.SctpPS, 1); CpuMs = Get-Median $cpu.SctpPS; AddedCpuMs = $addedCpu.SctpPS; JitMethods = $jit.SctpPS }
            [pscustomobject]@{ Benchmark = 'pwsh -NoProfile -Command Import-Module Microsoft.PowerShell.Utility'; Ms = [Math]::Round((Get-Median $times.Utility), 1); AddedMs = [Math]::Round($added.Utility, 1); CpuMs = Get-Median $cpu.Utility; AddedCpuMs = $addedCpu.Utility; JitMethods = $jit.Utility }
            [pscustomobject]@{ Benchmark = 'Import-Module SctpPS inside pwsh, module code warm (Measure-Command)'; Ms = Get-Median $warm; AddedMs = $null; CpuMs = $null; AddedCpuMs = $null; JitMethods = $null }
        ) | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
        Write-Host ("  Import-Module SctpPS adds {0:N0} ms to a bare pwsh start (target: less than 300 ms): {1}" -f $added.SctpPS, $(if ($added.SctpPS -lt 300) { 'met' } else { 'MISSED' }))
        foreach ($k in $contenders.Keys) { Write-Host ("  rounds, {0}: {1} ms (CPU {2} ms)" -f $k, (($times[$k] | ForEach-Object { '{0:N0}' -f $_ }) -join ' '), (($cpu[$k] | ForEach-Object { '{0:N0}' -f $_ }) -join ' ')) }
        Write-Host ("  load average {0} before, {1} after (Added* are medians of the rounds' differences; CPU is user + system time)" -f $loadBefore, ((Get-Content /proc/loadavg) -replace ' \S+ \S+$'))
    }
    finally { Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue }
}

if (-not ($Only | Where-Object { $_ -in 'PeelOff', 'Messages' })) { return }
Import-Module $ModulePath

# The managed API runs as a C# program of its own (bench/ManagedBench), as a C# user would call it.
$managedBench = Join-Path $NativeDir 'managed/ManagedBench.dll'
function Invoke-ManagedBench([string[]] $Arguments) {
    $line = & dotnet $managedBench @Arguments
    if ($LASTEXITCODE -ne 0) { throw "ManagedBench $($Arguments -join ' ') failed: $line" }
    $line
}
# The batch every contender uses (as msgbench.c): 2 MiB of messages, at most 64.
function Get-Batch([int] $Size) { [Math]::Max(1, [Math]::Min(64, [Math]::Floor(2MB / $Size))) }

# pwsh's own start-up work (multi-core JIT of its startup profile, module analysis) runs on
# background threads for a few seconds; on the sandbox's one CPU it would be timed with whatever
# runs first. Let it finish.
Start-Sleep -Seconds 3

function New-PeelOffFixture([int] $Count) {
    $script:port++
    $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $script:port -Listen
    for ($i = 0; $i -lt $Count; $i++) {
        $null = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $script:port
    }
    while ($server.GetAssociationIds().Count -lt $Count) { Start-Sleep -Milliseconds 5 }
    $server
}

function Measure-Interleaved([System.Collections.Specialized.OrderedDictionary] $Contenders) {
    # Round by round, each contender in turn, so that a drift of the sandbox over time (its
    # memory, the kernel's state) weighs on all alike. Round 0 warms up (the runtime's JIT, first
    # page faults) and is not counted. Returns the median milliseconds of each contender.
    $times = @{}
    foreach ($name in $Contenders.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
    foreach ($r in 0..$Rounds) {
        foreach ($name in $Contenders.Keys) {
            $t = & $Contenders[$name]
            Get-SctpSocket | Close-SctpSocket
            if ($r -gt 0) { $times[$name].Add($t) }
        }
    }
    $medians = [ordered]@{}
    foreach ($name in $Contenders.Keys) { $medians[$name] = ($times[$name] | Sort-Object)[[int][Math]::Floor($Rounds / 2)] }
    $medians
}

if ('PeelOff' -in $Only) {
Write-Host "PeelOff: $Associations associations, median of $Rounds rounds after a warm-up, contenders taking turns"
function Invoke-CPeelOff([string] $Mode) {
    $script:port++
    $line = & (Join-Path $NativeDir 'peeloff') $Associations $script:port $Mode
    if ($LASTEXITCODE -ne 0) { throw "peeloff (C) failed: $line" }
    [double]($line -split ' ')[1]
}
$m = Measure-Interleaved ([ordered]@{
    C        = { Invoke-CPeelOff 'plain' }
    CChecked = { Invoke-CPeelOff 'guard' }
    Managed  = { $script:port++; [double]((Invoke-ManagedBench @('peeloff', $Associations, $script:port)) -split ' ')[1] }
    Cmdlet   = {
        $server = New-PeelOffFixture $Associations
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $peeled = Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff
        $ms = $clock.Elapsed.TotalMilliseconds
        if (@($peeled).Count -ne $Associations) { throw "cmdlet peeled off $(@($peeled).Count) of $Associations" }
        $ms
    }
})
$c = $m.C; $cChecked = $m.CChecked; $managed = $m.Managed; $cmdlet = $m.Cmdlet
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
}

if ('Messages' -in $Only) {
    $sizes = @(@{ Size = 1024; Count = 20000 }, @{ Size = 16384; Count = 20000 }, @{ Size = 65536; Count = 10000 })
    Write-Host "Messages: loopback, SCTP_NODELAY, 4 MiB socket buffers, median of $Rounds rounds after a warm-up, contenders taking turns"
    # 4 MiB buffers need net.core.rmem_max/wmem_max of at least that (the sandbox runs as root).
    foreach ($limit in 'rmem_max', 'wmem_max') {
        $path = "/proc/sys/net/core/$limit"
        if ([long](Get-Content $path) -lt 8MB) {
            $stream = [IO.FileStream]::new($path, [IO.FileMode]::Open, [IO.FileAccess]::Write)
            try { $bytes = [Text.Encoding]::ASCII.GetBytes("$(8MB)`n"); $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
        }
    }
    function New-MessagePair {
        $script:port++
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $script:port -Listen -NoDelay
        $client = New-SctpSocket -NoDelay
        $server, $client | ForEach-Object { Set-SctpSocketOption -Socket $_ -SendBufferSize 4MB -ReceiveBufferSize 4MB }
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $script:port
        $null = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
        [pscustomobject]@{ Server = $server; Client = $client; Association = $association }
    }
    $rows = foreach ($case in $sizes) {
        $n = $case.Count; $size = $case.Size
        $m = Measure-Interleaved ([ordered]@{
            C       = {
                $script:port++
                $line = & (Join-Path $NativeDir 'msgbench') $n $size $script:port
                if ($LASTEXITCODE -ne 0) { throw "msgbench (C) failed: $line" }
                [double]($line -split ' ')[2]
            }
            Managed = { $script:port++; [double]((Invoke-ManagedBench @('messages', $n, $size, $script:port)) -split ' ')[2] }
            Cmdlets = {
                $p = New-MessagePair
                $batch = Get-Batch $size
                $payload = [byte[]]::new($size)
                $messages = [object[]]::new($batch); for ($i = 0; $i -lt $batch; $i++) { $messages[$i] = $payload }
                $clock = [Diagnostics.Stopwatch]::StartNew()
                for ($done = 0; $done -lt $n; $done += $count) {
                    $count = [Math]::Min($batch, $n - $done)
                    # Piping the array sends each element (a byte[]) as one message.
                    if ($count -eq $batch) { $messages | Send-SctpMessage -Association $p.Association -Stream 1 -PayloadProtocolId 46 }
                    else { $messages | Select-Object -First $count | Send-SctpMessage -Association $p.Association -Stream 1 -PayloadProtocolId 46 }
                    $null = Receive-SctpMessage -Socket $p.Server -Count $count
                }
                $clock.Elapsed.TotalMilliseconds
            }
        })
        $c = $m.C; $managed = $m.Managed; $cmdlet = $m.Cmdlets
        Write-Host "  $size bytes: C $([Math]::Round($c)) ms, managed $([Math]::Round($managed)) ms, cmdlets $([Math]::Round($cmdlet)) ms"
        foreach ($r in @(@{ Name = 'C (sendmsg/recvmsg)'; Ms = $c }, @{ Name = 'Managed API'; Ms = $managed }, @{ Name = 'Cmdlets'; Ms = $cmdlet })) {
            [pscustomobject]@{
                Size      = "$($size / 1024) KiB"
                Benchmark = $r.Name
                Messages  = $n
                Ms        = [Math]::Round($r.Ms, 1)
                MsgPerSec = [Math]::Round($n / ($r.Ms / 1000))
                MBPerSec  = [Math]::Round($n * $size / 1MB / ($r.Ms / 1000), 1)
                SpeedVsC  = [Math]::Round($c / $r.Ms, 3)
            }
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
}
