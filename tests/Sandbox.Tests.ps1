# Kernel tests of the sandbox itself (tests/sandbox/run-in-sandbox.sh): what it must show the
# tests and the benchmarks so that they behave as on the host, only with kernel SCTP.
BeforeDiscovery {
    $inSandbox = [bool]$env:SCTPPS_IN_SANDBOX
}

Describe 'The sandbox' -Tag Kernel -Skip:(-not $inSandbox) {
    It 'has a second loopback address, so that wildcard-bound peers are multi-homed' {
        (ip -o addr show dev lo) -join "`n" | Should -Match 'inet 127\.0\.0\.2/8'
    }

    It 'shows the host CPU caches (the .NET runtime sizes its gen0 budget from them)' {
        # UML's kernel reports none; the runner copies the host's (if it shows any) and says what it copied.
        $seen = foreach ($index in Get-ChildItem /sys/devices/system/cpu/cpu0/cache -Directory -ErrorAction SilentlyContinue | Sort-Object Name) {
            '{0}:{1}:{2}' -f $index.Name, (Get-Content (Join-Path $index.FullName 'level')), (Get-Content (Join-Path $index.FullName 'size'))
        }
        ($seen -join ' ') | Should -Be ((-split $env:SCTPPS_HOST_CPU_CACHES | Sort-Object) -join ' ')
        # What UML's cpu0 held is still there.
        Test-Path /sys/devices/system/cpu/cpu0/topology | Should -BeTrue
    }
}
