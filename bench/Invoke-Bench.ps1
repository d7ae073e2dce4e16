<#
.SYNOPSIS
    SctpPS benchmarks, each measured against a C reference (and Java and Go) in the same kernel boot.
.DESCRIPTION
    Run by 'dotnet pwsh ./build.ps1 -Task Bench' (in the sandbox when the host kernel has no
    SCTP). Prints a table per benchmark: time, rate, and speed as a ratio to C (1.0 = as fast).

    PeelOff: 1,000 associations on one one-to-many socket, all peeled off.
      C        bench/peeloff.c: a getsockopt(SCTP_SOCKOPT_PEELOFF_FLAGS) loop
      C+check  the same, with the free-descriptor check SctpPS makes first (dup, close): the
               kernel destroys the association when the peel-off itself hits EMFILE
      Managed  SctpSocket.PeelOff for each id, in a C# loop (bench/ManagedBench, its own process)
      Cmdlet   Get-SctpAssociation -Socket $server | Invoke-SctpPeelOff (listing included)

    Messages (issue 15): three patterns on loopback, each at 1 KiB, 16 KiB and 64 KiB (request/
    response: 100-byte messages), every socket with SCTP_NODELAY and 8 MiB buffers, stream 1, ppid 46:
      Batch            send a batch (2 MiB of messages, at most 64), then receive it, in one thread
                       (one-to-many sockets; Go's library has one-to-one only)
      Streaming        a sender and a receiver at once, in two processes and in two threads of one
                       process (cmdlets: a thread job and the main runspace; two pwsh processes);
                       the receiver's clock, from the end of a warm-up (the first tenth) to the last
      RequestResponse  one asks, the other echoes, on one association: round trips per second,
                       round-trip p50 and p99 (after the same warm-up)
    Contenders: C (bench/msgbench.c), Managed (bench/ManagedBench: SctpSocket.Send and the
    allocation-free ReceiveInto), Java (bench/java: jdk.sctp), Go (bench/go: ishidawataru/sctp),
    Cmdlets (bench/CmdletPatterns.ps1), and Floor: the cmdlets' pipelines with the no-op cmdlets of
    bench/NoOpCmdlets in place of Send-/Receive-SctpMessage, both ends one after the other (what
    PowerShell costs anyway). Each non-pwsh contender is two processes that stay up for the whole
    run (bench/Contenders.psm1); the cmdlets' second process is bench/CmdletPeer.ps1. Contenders
    take turns round by round; round 0 warms up and is not counted; the median of -Rounds is kept.
    bench/MessageTables.ps1 prints a table per pattern and checks the targets of issue 15.

    Import: what 'Import-Module SctpPS' adds to a pwsh start, on the machine it runs on (build.ps1
      runs it on the host, not in the sandbox). -Package is installed with Install-PSResource into
      a scratch HOME; then, taking turns, a bare 'pwsh -NoProfile -Command exit', a pwsh that
      imports SctpPS by name, and one that imports Microsoft.PowerShell.Utility (pwsh's own: the
      engine's first Import-Module costs the same for any module), each a new process timed from
      start to exit; median of -Rounds after a warm-up round. Target: less than 300 ms added.
      With -ReadyToRunPwsh, the same starts also on that pwsh: the project's pwsh (the dotnet tool)
      is IL only, so its engine JIT-compiles what a first Import-Module runs; Microsoft's pwsh
      packages are ReadyToRun-compiled (PowerShell/PowerShell#12361), as that copy is.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/SctpPS'),
    [string] $NativeDir = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $Associations = 1000,
    [int] $Rounds = 5,
    # PeelOff, Batch, Streaming, RequestResponse, Import; Messages means the three message patterns.
    [string[]] $Only = @('PeelOff', 'Messages'),
    # The message benchmarks' contenders: C, Managed, Java, Go, Cmdlets, Floor (PowerShell's own cost).
    [string[]] $Contenders = @('C', 'Managed', 'Java', 'Go', 'Cmdlets', 'Floor'),
    # Import: the package to install (out/packages/SctpPS.<version>.nupkg).
    [string] $Package,
    # Import: a ReadyToRun copy of this pwsh (build.ps1 makes it with crossgen2), timed as well.
    [string] $ReadyToRunPwsh
)
$ErrorActionPreference = 'Stop'
# build.ps1 starts this pwsh with tiered compilation off (DOTNET_TieredCompilation=0): with it on,
# the runtime recompiled what the cmdlet rounds ran hot in a background thread for a second and
# more whenever this pwsh sat waiting, that is, while the next contender was being timed on the
# sandbox's one CPU (a peel-off by the managed API took 360 ms instead of 165). The cmdlets' own
# second pwsh runs the same way. The other contenders' processes start as their users run them.
$pwshRuntime = $env:DOTNET_TieredCompilation
$env:DOTNET_TieredCompilation = $null
$Only = $Only -split ','   # pwsh -File passes a list as one comma-separated string
$Contenders = $Contenders -split ','
if ('Messages' -in $Only) { $Only = @($Only | Where-Object { $_ -ne 'Messages' }) + 'Batch', 'Streaming', 'RequestResponse' }
foreach ($name in $Only) { if ($name -notin 'PeelOff', 'Batch', 'Streaming', 'RequestResponse', 'Import') { throw "Unknown benchmark '$name': PeelOff, Batch, Streaming, RequestResponse, Messages (the three), Import." } }
$port = 31000

if ('Import' -in $Only) {
    if (-not $Package -or -not (Test-Path $Package)) { throw "Import needs -Package (the .nupkg that build.ps1 -Task Package writes)." }
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "sctpps-import-$([guid]::NewGuid())"
    $scratchHome = Join-Path $scratch 'home'
    $modules = Join-Path $scratchHome '.local/share/powershell/Modules'
    New-Item -ItemType Directory -Path $modules, (Join-Path $scratchHome '.config') | Out-Null
    # The pwsh that runs this (the project's dotnet tool, IL only) and, when given, a ReadyToRun
    # copy of it (as Microsoft ships pwsh): the same engine, with and without compiled code.
    $pwshes = [ordered]@{ 'dotnet tool' = Join-Path $PSHOME 'pwsh.dll' }
    if ($ReadyToRunPwsh) { $pwshes['ReadyToRun'] = $ReadyToRunPwsh }
    # Every pwsh here sees only the scratch HOME and module path (nothing of the user's). pwsh
    # keeps a JIT profile of its last start in its cache folder and compiles those methods ahead
    # on the next start; each contender gets a cache folder of its own, so that each starts as it
    # would when run again and again, not with the profile of whichever ran before it.
    function Invoke-ScratchPwsh([string] $Command, [string] $Cache = 'setup', [string] $Pwsh = $pwshes['dotnet tool']) {
        $out = & env -u XDG_DATA_HOME -u XDG_CONFIG_HOME "XDG_CACHE_HOME=$(Join-Path $scratch "cache-$Cache")" "HOME=$scratchHome" "PSModulePath=$modules" `
            'POWERSHELL_TELEMETRY_OPTOUT=1' 'POWERSHELL_UPDATECHECK=Off' dotnet $Pwsh -NoProfile -NonInteractive -Command $Command
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
        foreach ($p in $pwshes.Values) {
            $base = Invoke-ScratchPwsh 'Import-Module SctpPS; (Get-Module SctpPS).ModuleBase' -Pwsh $p
            if ("$base" -ne (Join-Path $modules "SctpPS/$version")) { throw "SctpPS was imported from '$base', not from the installed package." }
        }
        # Each a new process, timed from start to exit. Utility, a module of pwsh's own, shows
        # what the first Import-Module of a session costs whatever the module.
        $starts = [ordered]@{
            Bare    = 'exit'
            SctpPS  = 'Import-Module SctpPS -ErrorAction Stop'
            Utility = 'Import-Module Microsoft.PowerShell.Utility -ErrorAction Stop'
        }
        # Contender = pwsh + start, e.g. 'ReadyToRun/SctpPS'.
        $keys = foreach ($p in $pwshes.Keys) { foreach ($k in $starts.Keys) { "$p/$k" } }
        $times = @{}; $cpu = @{}; $warm = @{}
        foreach ($key in $keys) { $times[$key] = [Collections.Generic.List[double]]::new(); $cpu[$key] = [Collections.Generic.List[double]]::new() }
        foreach ($p in $pwshes.Keys) { $warm[$p] = [Collections.Generic.List[double]]::new() }
        $loadBefore = (Get-Content /proc/loadavg) -replace ' \S+ \S+$'
        foreach ($r in 0..$Rounds) {
            foreach ($p in $pwshes.Keys) {
                foreach ($k in $starts.Keys) {
                    $cpuBefore = Get-ChildCpuMs
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    $null = Invoke-ScratchPwsh $starts[$k] -Cache "$p-$k" -Pwsh $pwshes[$p]
                    if ($r -gt 0) { $times["$p/$k"].Add($clock.Elapsed.TotalMilliseconds); $cpu["$p/$k"].Add((Get-ChildCpuMs) - $cpuBefore) }
                }
                # SctpPS's own part: Import-Module inside pwsh once the engine's module code is warm
                # (Measure-Command's module, Utility, has been loaded by then).
                $own = Invoke-ScratchPwsh '[Math]::Round((Measure-Command { Import-Module SctpPS }).TotalMilliseconds, 1)' -Cache "$p-Warm" -Pwsh $pwshes[$p]
                if ($r -gt 0) { $warm[$p].Add([double]"$own") }
            }
        }
        # Methods the runtime compiled by the end of each kind of start, counted once each (untimed;
        # their own cache folders hold the same JIT profiles as in the rounds): the dotnet tool's
        # System.Management.Automation has no ReadyToRun code, so what the engine runs first, it compiles.
        $jit = @{}
        foreach ($p in $pwshes.Keys) {
            foreach ($k in $starts.Keys) {
                $count = '[Console]::Out.Write([System.Runtime.JitInfo]::GetCompiledMethodCount())'
                $jit["$p/$k"] = [int]"$(Invoke-ScratchPwsh $(if ($k -eq 'Bare') { $count } else { "$($starts[$k]); $count" }) -Cache "$p-$k" -Pwsh $pwshes[$p])"
            }
        }
        # Each round's processes ran back to back, under much the same load: their difference is
        # steadier than the difference of the medians when other work shares the CPUs.
        $added = @{}; $addedCpu = @{}
        foreach ($p in $pwshes.Keys) {
            foreach ($k in 'SctpPS', 'Utility') {
                $added["$p/$k"] = Get-Median @(for ($i = 0; $i -lt $Rounds; $i++) { $times["$p/$k"][$i] - $times["$p/Bare"][$i] })
                $addedCpu["$p/$k"] = Get-Median @(for ($i = 0; $i -lt $Rounds; $i++) { $cpu["$p/$k"][$i] - $cpu["$p/Bare"][$i] })
            }
        }
        Write-Host "Import: SctpPS $version installed from $Package; new pwsh processes on this host, median of $Rounds rounds after a warm-up, taking turns"
        Write-Host "  pwsh: 'dotnet tool' = $($pwshes['dotnet tool']) (IL only)$(if ($ReadyToRun = $pwshes['ReadyToRun']) { "; 'ReadyToRun' = $ReadyToRun (the same, compiled with crossgen2, as Microsoft's packages are)" })"
        $labels = [ordered]@{ Bare = 'pwsh -NoProfile -Command exit (bare start)'; SctpPS = 'pwsh -NoProfile -Command Import-Module SctpPS'; Utility = 'pwsh -NoProfile -Command Import-Module Microsoft.PowerShell.Utility' }
        @(foreach ($p in $pwshes.Keys) {
            foreach ($k in $starts.Keys) {
                [pscustomobject]@{ Pwsh = $p; Benchmark = $labels[$k]; Ms = [Math]::Round((Get-Median $times["$p/$k"]), 1); AddedMs = if ($k -ne 'Bare') { [Math]::Round($added["$p/$k"], 1) }
                    CpuMs = Get-Median $cpu["$p/$k"]; AddedCpuMs = if ($k -ne 'Bare') { $addedCpu["$p/$k"] }; JitMethods = $jit["$p/$k"] }
            }
            [pscustomobject]@{ Pwsh = $p; Benchmark = 'Import-Module SctpPS inside pwsh, module code warm (Measure-Command)'; Ms = Get-Median $warm[$p]; AddedMs = $null; CpuMs = $null; AddedCpuMs = $null; JitMethods = $null }
        }) | Format-Table -AutoSize | Out-String -Width 180 | Write-Host
        foreach ($p in $pwshes.Keys) {
            Write-Host ("  Import-Module SctpPS adds {0:N0} ms to a bare start of the {1} pwsh (target: less than 300 ms): {2}" -f $added["$p/SctpPS"], $p, $(if ($added["$p/SctpPS"] -lt 300) { 'met' } else { 'MISSED' }))
        }
        foreach ($key in $keys) { Write-Host ("  rounds, {0}: {1} ms (CPU {2} ms)" -f $key, (($times[$key] | ForEach-Object { '{0:N0}' -f $_ }) -join ' '), (($cpu[$key] | ForEach-Object { '{0:N0}' -f $_ }) -join ' ')) }
        Write-Host ("  load average {0} before, {1} after (Added* are medians of the rounds' differences; CPU is user + system time)" -f $loadBefore, ((Get-Content /proc/loadavg) -replace ' \S+ \S+$'))
    }
    finally { Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue }
}

if (-not ($Only | Where-Object { $_ -in 'PeelOff', 'Batch', 'Streaming', 'RequestResponse' })) { return }
Import-Module $ModulePath

# The managed API runs as a C# program of its own (bench/ManagedBench), as a C# user would call it.
$managedBench = Join-Path $NativeDir 'managed/ManagedBench.dll'
function Invoke-ManagedBench([string[]] $Arguments) {
    $line = & dotnet $managedBench @Arguments
    if ($LASTEXITCODE -ne 0) { throw "ManagedBench $($Arguments -join ' ') failed: $line" }
    $line
}

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
    # memory, the kernel's state, other work on the host) weighs on all alike. Round 0 warms up
    # (the runtime's JIT, first page faults) and is not counted. Each contender's script block gets
    # its name and returns milliseconds, or a hashtable of numbers (Ms, and P50/P99 for round
    # trips). Returns the median of each number for each contender, as a hashtable.
    $values = @{}
    foreach ($name in $Contenders.Keys) { $values[$name] = @{} }
    foreach ($r in 0..$Rounds) {
        foreach ($name in $Contenders.Keys) {
            $t = & $Contenders[$name] $name
            Get-SctpSocket | Close-SctpSocket
            if ($r -eq 0) { continue }
            $numbers = if ($t -is [hashtable]) { $t } else { @{ Ms = [double]$t } }
            foreach ($key in $numbers.Keys) {
                if (-not $values[$name].ContainsKey($key)) { $values[$name][$key] = [System.Collections.Generic.List[double]]::new() }
                $values[$name][$key].Add($numbers[$key])
            }
        }
    }
    $medians = [ordered]@{}
    foreach ($name in $Contenders.Keys) {
        $medians[$name] = @{}
        foreach ($key in $values[$name].Keys) { $medians[$name][$key] = ($values[$name][$key] | Sort-Object)[[int][Math]::Floor($Rounds / 2)] }
    }
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
        # Closing its 2,000 sockets sets off 1,000 SHUTDOWNs: let the kernel finish them before
        # the next contender is timed.
        Get-SctpSocket | Close-SctpSocket
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@(Get-Content /proc/net/sctp/assocs).Count -gt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $ms
    }
})
$c = $m.C.Ms; $cChecked = $m.CChecked.Ms; $managed = $m.Managed.Ms; $cmdlet = $m.Cmdlet.Ms
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

. (Join-Path $PSScriptRoot 'MessageTables.ps1')
$messagePatterns = @($Only | Where-Object { $_ -in 'Batch', 'Streaming', 'RequestResponse' })
if ($messagePatterns) {
    # 4 MiB buffers need net.core.rmem_max/wmem_max of at least that (the sandbox runs as root); the
    # kernel doubles what SO_SNDBUF/SO_RCVBUF ask, so every socket gets 8 MiB. The defaults go to 8 MiB
    # too: Java's SctpServerChannel takes no buffer option, and an association's receive window is
    # sized from the listening socket's buffer when it is set up. With the 208 KiB default, Java's
    # window held one 64 KiB message and every message waited for a delayed SACK (200 ms).
    foreach ($setting in 'rmem_max', 'wmem_max', 'rmem_default', 'wmem_default') {
        $path = "/proc/sys/net/core/$setting"
        if ([long](Get-Content $path) -lt 8MB) {
            $stream = [IO.FileStream]::new($path, [IO.FileMode]::Open, [IO.FileAccess]::Write)
            try { $bytes = [Text.Encoding]::ASCII.GetBytes("$(8MB)`n"); $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
        }
    }
    . (Join-Path $PSScriptRoot 'CmdletPatterns.ps1')
    Import-Module (Join-Path $PSScriptRoot 'Contenders.psm1')
    Import-Module (Join-Path $NativeDir 'noop/NoOpCmdlets.dll')
    $send = Get-Command Send-SctpMessage; $receive = Get-Command Receive-SctpMessage
    $noSend = Get-Command Send-NoOpMessage; $noReceive = Get-Command Receive-NoOpMessage
    # What the floor's no-op cmdlets bind in place of an association and a socket.
    $dummy = [pscustomobject]@{ Socket = [object]::new() }

    # Every contender but the cmdlets is a pair of processes that stay up: A sends or asks, B
    # receives or answers (bench/msgbench.c lists the commands). The cmdlets' B is a second pwsh.
    $programs = [ordered]@{
        C       = @((Join-Path $NativeDir 'msgbench'))
        Managed = @('dotnet', (Join-Path $NativeDir 'managed/ManagedBench.dll'), 'serve')
        Java    = @('java', '-cp', (Join-Path $NativeDir 'java'), 'SctpBench')
        Go      = @((Join-Path $NativeDir 'sctpbench-go'))
    }
    $native = [ordered]@{}
    foreach ($name in $programs.Keys) {
        if ($name -notin $Contenders) { continue }
        $native[$name] = @{
            A = Start-Contender "$name A" $programs[$name][0] @($programs[$name] | Select-Object -Skip 1)
            B = Start-Contender "$name B" $programs[$name][0] @($programs[$name] | Select-Object -Skip 1)
        }
    }
    $peer = $null
    if ('Cmdlets' -in $Contenders) {
        $peer = Start-Contender 'Cmdlets B (pwsh)' 'env' @("DOTNET_TieredCompilation=$(if ($pwshRuntime) { $pwshRuntime } else { 1 })", 'dotnet', (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'CmdletPeer.ps1'), '-ModulePath', $ModulePath)
    }
    try {
        # Every process answers once before anything is timed: its runtime has started, and its
        # start-up work does not share the CPU with a measured round.
        foreach ($pair in $native.Values) { foreach ($p in $pair.A, $pair.B) { $script:port++; $null = Invoke-ContenderCommand $p "batch 100 1024 $script:port" } }
        if ($peer) { $null = Invoke-ContenderCommand $peer 'ready' -TimeoutSeconds 600 }
        Start-Sleep -Seconds 2

        # A native contender's turn at a pattern; each returns milliseconds (and, for ping, the round trips' p50 and p99).
        function Invoke-NativePattern($Pair, [string] $Pattern, [int] $Count, [int] $Size) {
            $script:port++
            $arguments = "$Count $Size $script:port"
            switch ($Pattern) {
                'Batch' { @{ Ms = [double](Invoke-ContenderCommand $Pair.A "batch $arguments") } }
                'Threads' { @{ Ms = [double](Invoke-ContenderCommand $Pair.A "threads $arguments") } }
                'Processes' {
                    $null = Invoke-ContenderCommand $Pair.B "receive $arguments"   # listening
                    Send-ContenderCommand $Pair.A "send $arguments"
                    $ms = [double](Read-ContenderAnswer $Pair.B)
                    $null = Read-ContenderAnswer $Pair.A                          # sent
                    @{ Ms = $ms }
                }
                'Ping' {
                    $null = Invoke-ContenderCommand $Pair.B "echo $arguments"      # listening
                    $ms, $p50, $p99 = [double[]]((Invoke-ContenderCommand $Pair.A "ping $arguments") -split ' ')
                    $null = Read-ContenderAnswer $Pair.B                          # echoed
                    @{ Ms = $ms; P50 = $p50; P99 = $p99 }
                }
            }
        }

        # The cmdlets' turn: the same patterns as pwsh pipelines (bench/CmdletPatterns.ps1).
        function Invoke-CmdletPattern([string] $Pattern, [int] $Count, [int] $Size) {
            $script:port++
            $port = $script:port
            switch ($Pattern) {
                'Batch' {
                    $server = New-BenchSocket -Port $port -Listen -Style OneToMany
                    $association = Connect-BenchAssociation $port -Style OneToMany
                    $null = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
                    @{ Ms = Invoke-BatchPattern $send $receive $association $server $Count $Size }
                }
                'Threads' {
                    # The sender: a thread job (a runspace of its own in this process); the receiver: this runspace.
                    $listener = New-BenchSocket -Port $port -Listen
                    $job = Start-ThreadJob -ArgumentList $ModulePath, (Join-Path $PSScriptRoot 'CmdletPatterns.ps1'), $port, $Count, $Size -ScriptBlock {
                        param($ModulePath, $Patterns, $Port, $Count, $Size)
                        $ErrorActionPreference = 'Stop'
                        Import-Module $ModulePath
                        . $Patterns
                        $messages = New-MessageArray $Count $Size
                        $association = Connect-BenchAssociation $Port
                        Send-StreamPattern (Get-Command Send-SctpMessage) $association $messages
                        Close-SctpSocket -Socket $association.Socket
                    }
                    $association = Wait-SctpAssociation -Socket $listener -TimeoutSeconds 60
                    $ms = Receive-StreamPattern $receive $association.Socket $Count
                    $null = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
                    @{ Ms = $ms }
                }
                'Processes' {
                    $listener = New-BenchSocket -Port $port -Listen
                    Send-ContenderCommand $peer "send $Count $Size $port"
                    $association = Wait-SctpAssociation -Socket $listener -TimeoutSeconds 60
                    $ms = Receive-StreamPattern $receive $association.Socket $Count
                    $null = Read-ContenderAnswer $peer   # sent
                    @{ Ms = $ms }
                }
                'Ping' {
                    $null = Invoke-ContenderCommand $peer "echo $Count $Size $port"   # listening
                    $association = Connect-BenchAssociation $port
                    $r = Invoke-PingPattern $send $receive $association $Count $Size
                    $null = Read-ContenderAnswer $peer   # echoed
                    @{ Ms = $r.Ms; P50 = $r.RoundTrips[[int]($r.RoundTrips.Count / 2)]; P99 = $r.RoundTrips[[int]($r.RoundTrips.Count * 0.99)] }
                }
            }
        }

        # PowerShell's floor: the same pipelines with no-op cmdlets, both ends one after the other
        # in this runspace (on the sandbox's one CPU, two ends at once cannot take less CPU than that).
        # Returns what the cmdlets' turn returns, for the messages the cmdlets' clock counts.
        function Invoke-FloorPattern([string] $Pattern, [int] $Count, [int] $Size) {
            $timed = $Count - (Get-WarmUp $Count)
            switch ($Pattern) {
                'Batch' { @{ Ms = Invoke-BatchPattern $noSend $noReceive $dummy $dummy.Socket $Count $Size } }
                { $_ -in 'Threads', 'Processes' } {
                    $messages = New-MessageArray $Count $Size
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    Send-StreamPattern $noSend $dummy $messages
                    $sendMs = $clock.Elapsed.TotalMilliseconds
                    $receiveMs = Receive-StreamPattern $noReceive $dummy.Socket $Count
                    @{ Ms = $sendMs / $Count * $timed + $receiveMs }
                }
                'Ping' {
                    $r = Invoke-PingPattern $noSend $noReceive $dummy $Count $Size
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    Invoke-EchoPattern $noSend $noReceive $dummy $Count
                    $echoUs = $clock.Elapsed.TotalMilliseconds * 1000 / $Count
                    @{ Ms = $r.Ms + $echoUs * $timed / 1000; P50 = $r.RoundTrips[[int]($r.RoundTrips.Count / 2)] + $echoUs; P99 = $r.RoundTrips[[int]($r.RoundTrips.Count * 0.99)] + $echoUs }
                }
            }
        }

        # What each pattern runs, at which sizes, how many messages (each round of C takes a
        # second or less under UML: the whole bench stays within 15 minutes).
        $cases = [Collections.Generic.List[object]]::new()
        foreach ($size in 1024, 16384, 65536) {
            $count = @{ 1024 = 6000; 16384 = 3000; 65536 = 1200 }[$size]
            if ('Batch' -in $messagePatterns) { $cases.Add(@{ Pattern = 'Batch'; Title = 'batch then receive'; Size = $size; Count = $count }) }
            if ('Streaming' -in $messagePatterns) {
                $cases.Add(@{ Pattern = 'Processes'; Title = 'streaming, two processes'; Size = $size; Count = $count })
                $cases.Add(@{ Pattern = 'Threads'; Title = 'streaming, two threads of one process'; Size = $size; Count = $count })
            }
        }
        if ('RequestResponse' -in $messagePatterns) { $cases.Add(@{ Pattern = 'Ping'; Title = 'request/response'; Size = 100; Count = 1200 }) }

        Write-Host "Messages: loopback, SCTP_NODELAY, 4 MiB socket buffers asked (8 MiB in effect: the kernel doubles them), stream 1, ppid 46; median of $Rounds rounds after a warm-up, contenders taking turns"
        Write-Host "  load average (sandbox) before: $(Get-Content /proc/loadavg)"
        $results = [Collections.Generic.List[object]]::new()
        foreach ($case in $cases) {
            $turns = [ordered]@{}
            foreach ($name in $native.Keys) { $turns[$name] = { param($name) Invoke-NativePattern $native[$name] $case.Pattern $case.Count $case.Size } }
            if ('Cmdlets' -in $Contenders) { $turns.Cmdlets = { Invoke-CmdletPattern $case.Pattern $case.Count $case.Size } }
            if ('Floor' -in $Contenders) { $turns.Floor = { Invoke-FloorPattern $case.Pattern $case.Count $case.Size } }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $m = Measure-Interleaved $turns
            # Batch times every message; streaming and request/response time those after the warm-up.
            $timed = if ($case.Pattern -eq 'Batch') { $case.Count } else { $case.Count - (Get-WarmUp $case.Count) }
            foreach ($name in $m.Keys) {
                $results.Add([pscustomobject]@{
                    Pattern = $case.Pattern; Title = $case.Title; Size = $case.Size; Contender = $name
                    Rate = $timed / ($m[$name].Ms / 1000); P50 = $m[$name].P50; P99 = $m[$name].P99
                })
            }
            Write-Host ("  {0}, {1} bytes: {2} ({3:N0} s)" -f $case.Title, $case.Size,
                (($m.Keys | ForEach-Object { '{0} {1:N0}/s' -f $_, ($timed / ($m[$_].Ms / 1000)) }) -join ', '), $clock.Elapsed.TotalSeconds)
        }
        Write-Host "  load average (sandbox) after: $(Get-Content /proc/loadavg)"
        Write-MessageTables $results
    }
    finally {
        foreach ($pair in $native.Values) { Stop-Contender $pair.A; Stop-Contender $pair.B }
        if ($peer) { Stop-Contender $peer }
    }
}
