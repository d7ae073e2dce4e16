# Fuzzing (issue 17): a few hundred generated calls of every exported cmdlet (read from
# Get-Command, so a new cmdlet is covered without editing this file), from a fixed seed,
# mixing values the binder takes and values it refuses, live, closed and foreign sockets and
# associations, and pipeline input of the wrong type. tests/Fuzz.Engine.ps1 makes and runs the
# calls in a pwsh of its own; this file starts it and judges its report.
#
# Replay a failure: the seed is printed first. In the sandbox, for example
#   SCTPPS_FUZZ_SEED=17 SCTPPS_FUZZ_CMDLET=Send-SctpMessage tests/sandbox/run-in-sandbox.sh -- \
#     dotnet pwsh -NoProfile -Command "Import-Module ~/.nuget/packages/pester/6.2.0/tools/Pester.psd1; Invoke-Pester tests/Fuzz.Tests.ps1 -Output Detailed"
# runs the same calls of that cmdlet again (each cmdlet's calls depend only on the seed and its
# name). SCTPPS_FUZZ_CALLS sets the calls per cmdlet (default 200).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $fuzzed = @((Get-Command -Module SctpPS -CommandType Cmdlet).Name | Sort-Object)
    if ($env:SCTPPS_FUZZ_CMDLET) { $fuzzed = @($env:SCTPPS_FUZZ_CMDLET -split ',') }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $seed = if ($env:SCTPPS_FUZZ_SEED) { [int]$env:SCTPPS_FUZZ_SEED } else { 17 }
    $calls = if ($env:SCTPPS_FUZZ_CALLS) { [int]$env:SCTPPS_FUZZ_CALLS } else { 200 }
    $replay = "replay: SCTPPS_FUZZ_SEED=$seed SCTPPS_FUZZ_CMDLET=<cmdlet> (see tests/Fuzz.Tests.ps1)"
    Write-Host "Fuzz seed $seed, up to $calls calls per cmdlet ($replay)"

    $scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("sctpps-fuzz-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $scratch | Out-Null
    # Runs the engine in a pwsh of its own and reads its report; -Extra goes to the engine as it is.
    function Invoke-FuzzEngine([string] $Name, [int] $Calls, [string[]] $Extra = @(), [int] $KillAfterSeconds = 240) {
        $resultPath = Join-Path $scratch "$Name.json"
        $logPath = Join-Path $scratch "$Name.log"
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Fuzz.Engine.ps1'),
                '-ModulePath', (Get-SctpPSModulePath), '-Seed', $seed, '-Calls', $Calls, '-ResultPath', $resultPath, '-LogPath', $logPath) + $Extra) {
            $info.ArgumentList.Add("$a")
        }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $exited = $process.WaitForExit($KillAfterSeconds * 1000)
        if (-not $exited) { $process.Kill($true); $process.WaitForExit(10000) | Out-Null }
        $result = [pscustomobject]@{
            Exited   = $exited
            ExitCode = if ($exited) { $process.ExitCode } else { $null }
            Output   = "$($stdout.Result)$($stderr.Result)".Trim()
            Report   = if (Test-Path $resultPath) { Get-Content -Raw $resultPath | ConvertFrom-Json } else { $null }
            # What the engine was doing last: the call that was running if it died.
            LastCall = if (Test-Path $logPath) { Get-Content $logPath -Tail 1 } else { '(no call was started)' }
            Seconds  = [math]::Round($clock.Elapsed.TotalSeconds, 1)
        }
        $process.Dispose()
        $result
    }
    $engineArgs = if ($env:SCTPPS_FUZZ_CMDLET) { @('-Cmdlet', $env:SCTPPS_FUZZ_CMDLET) } else { @() }
    # The engine bounds its calls to 80 s in all; this bounds the engine itself.
    $engine = Invoke-FuzzEngine -Name 'report' -Calls $calls -Extra $engineArgs
    if ($engine.Report) {
        $total = ($engine.Report.Cmdlets | Measure-Object Calls -Sum).Sum
        Write-Host "Fuzz: $total calls in $($engine.Seconds) s (seed $seed)"
        foreach ($c in $engine.Report.Cmdlets) {
            $ok = [int]$c.Outcomes.ok
            Write-Host ("  {0,-28} {1,4} calls {2,6:N1} s (fixtures {3,4:N1} s)  {4,4} without error  {5} problems" -f $c.Name, $c.Calls, $c.Seconds, $c.FixtureSeconds, $ok, $c.ProblemCount)
        }
    }
}

AfterAll { Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue }

Describe 'Fuzz: generated calls of every cmdlet' -Tag Kernel {
    It 'runs every call to the end in a pwsh that stays alive' {
        $because = "seed $seed; the last call started: $($engine.LastCall); engine output: $($engine.Output)"
        $engine.Exited | Should -BeTrue -Because "the fuzz engine did not end within 240 s; $because"
        $engine.ExitCode | Should -Be 0 -Because "the fuzz engine's pwsh ended badly (it crashed, or was killed); $because"
        $engine.Report | Should -Not -BeNullOrEmpty -Because $because
        $engine.Report.Fatal | Should -BeNullOrEmpty -Because $because
        $engine.Report.Finished | Should -BeTrue -Because $because
    }

    It '<_>: every error is a binding error or from the catalogue, no call overruns its timeout, no descriptor leaks' -ForEach $fuzzed {
        $name = $_
        $entry = @($engine.Report.Cmdlets | Where-Object Name -EQ $name)[0]
        $entry | Should -Not -BeNullOrEmpty -Because "the fuzz engine made no call of $name (seed $seed; last call: $($engine.LastCall))"
        # A cmdlet's share of the time may end its calls early (each call that waits out its
        # -TimeoutSeconds costs it), but only after the engine's minimum.
        $entry.Calls | Should -BeGreaterOrEqual ([math]::Min($engine.Report.MinCalls, $calls)) -Because "$name had only $($entry.Calls) calls in $($entry.Seconds) s (seed $seed)"
        $lines = foreach ($p in $entry.Problems) { "  call #$($p.Index): $($p.Call)`n    -> $($p.Problem)" }
        $entry.ProblemCount | Should -Be 0 -Because ("seed $seed ($name's own seed $($entry.Seed)); $replay; the first of each kind:`n" + ($lines -join "`n") + "`n")
        $entry.LeakedDescriptors | Should -Be 0
    }

    It 'leaves as many socket descriptors open as before its calls' {
        $engine.Report.FdEnd | Should -Be $engine.Report.FdBaseline -Because "seed $seed"
    }

    It 'ends within its time bound (its calls have 80 s; pwsh''s start and the minimum calls come on top)' {
        # Under 2 minutes on this project's machines when nothing else runs (issue 17); the bound
        # here leaves room for a busy host, and the time is printed above for the record.
        $engine.Seconds | Should -BeLessThan 180 -Because "the fuzz engine ran $($engine.Seconds) s (seed $seed)"
    }

    It 'reports a call that runs past its time limit (the check itself works: a 5 s call given 0.5 s is one)' {
        @($engine.Report.TimeCheck).Count | Should -Be 1 -Because "the engine judged one call that overran, and found: $($engine.Report.TimeCheck -join '; ')"
        @($engine.Report.TimeCheck)[0] | Should -Match '^ran past its time limit \(0\.5 s'
    }
}
