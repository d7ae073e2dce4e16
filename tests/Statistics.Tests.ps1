# Get-SctpStatistics: the host's counters of /proc/net/sctp/snmp (sctp(7) STATISTICS), read by
# name, and their rates. The counters are checked against what the test does to the kernel.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 26000
    function New-Port { $script:nextPort++; $script:nextPort }
    # The internal path of the counters' table, to stand in for another kernel (or none).
    $script:ProcPathProperty = [SctpPS.SctpStatistics].GetProperty('ProcPath', [System.Reflection.BindingFlags]'NonPublic,Static')
    function Use-FakeSnmp([AllowNull()][object] $Content, [scriptblock] $Body) {
        $file = Join-Path ([IO.Path]::GetTempPath()) "sctpps-snmp-$([guid]::NewGuid())"
        if ($null -ne $Content) { Set-Content -Path $file -Value $Content -NoNewline }
        $saved = $ProcPathProperty.GetValue($null)
        $ProcPathProperty.SetValue($null, $file)
        try { & $Body $file } finally { $ProcPathProperty.SetValue($null, $saved); Remove-Item $file -ErrorAction SilentlyContinue }
    }
    # Associations on loopback, each from a client socket of its own.
    function New-Associations([int] $Count) {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $clients = 1..$Count | ForEach-Object { Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10 }
        $null = Wait-Until { @(Get-SctpAssociation -Socket $server).Count -eq $Count }
        [pscustomobject]@{ Server = $server; Clients = $clients }
    }
    function Get-Change($Before, $After, [string] $Name) { [long]$After.$Name - [long]$Before.$Name }
    $null = New-Associations 1; Get-SctpSocket | Close-SctpSocket   # warm-up
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Get-SctpStatistics' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'reads every counter of /proc/net/sctp/snmp by its name, as UInt64' {
        $t0 = Get-Date
        $s = Get-SctpStatistics
        $t1 = Get-Date
        $s | Should -BeOfType SctpPS.SctpStatistics
        $lines = @(Get-Content /proc/net/sctp/snmp | Where-Object { $_.Trim() })
        $lines.Count | Should -BeGreaterOrEqual 17
        @($s.Counters.Keys) | Should -Be @($lines | ForEach-Object { ($_ -split '\s+')[0] }) -Because 'every counter, in the kernel''s order'
        foreach ($line in $lines) {
            $name, $value = $line.Trim() -split '\s+'
            $s.$name | Should -BeOfType [uint64]
            # Counters only grow between the two reads (SctpCurrEstab stays: nothing runs here).
            $s.$name | Should -BeLessOrEqual ([uint64]$value)
        }
        foreach ($name in 'SctpCurrEstab', 'SctpActiveEstabs', 'SctpPassiveEstabs', 'SctpAborteds', 'SctpShutdowns', 'SctpOutOfBlues', 'SctpChecksumErrors', 'SctpInSCTPPacks', 'SctpOutSCTPPacks') {
            $s.PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because "$name is an SCTP counter of sctp(7)"
        }
        $s.Timestamp | Should -BeGreaterOrEqual $t0
        $s.Timestamp | Should -BeLessOrEqual $t1
    }

    It 'counts what the test does: establishments, shutdowns and aborts, on both ends' {
        $before = Get-SctpStatistics
        $f = New-Associations 3
        $up = Get-SctpStatistics
        Get-Change $before $up SctpActiveEstabs | Should -Be 3 -Because 'three clients set up an association (COOKIE-ECHOED to ESTABLISHED)'
        Get-Change $before $up SctpPassiveEstabs | Should -Be 3 -Because 'the server accepted three (CLOSED to ESTABLISHED)'
        Get-Change $before $up SctpCurrEstab | Should -Be 6 -Because 'both ends of three associations are established now'
        Get-Change $before $up SctpOutSCTPPacks | Should -BeGreaterOrEqual 12 -Because 'INIT, INIT-ACK, COOKIE-ECHO and COOKIE-ACK for each'

        $f.Clients[0] | Disconnect-SctpAssociation -Abort
        $f.Clients[1] | Disconnect-SctpAssociation
        Wait-Until { @(Get-SctpAssociation -Socket $f.Server).Count -eq 1 } | Should -BeTrue
        $after = Get-SctpStatistics
        Get-Change $up $after SctpAborteds | Should -Be 2 -Because 'an ABORT closes both ends'
        Get-Change $up $after SctpShutdowns | Should -Be 2 -Because 'SHUTDOWN, SHUTDOWN-ACK and SHUTDOWN-COMPLETE close both ends gracefully'
        Get-Change $up $after SctpCurrEstab | Should -Be -4
        Get-Change $before $after SctpCurrEstab | Should -Be 2
    }

    It 'shows every counter in its default view, one per line, in the kernel''s order' {
        $text = Get-SctpStatistics | Out-String -Width 79
        $names = @(Get-Content /proc/net/sctp/snmp | Where-Object { $_.Trim() } | ForEach-Object { ($_.Trim() -split '\s+')[0] })
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines.Count | Should -Be $names.Count
        for ($i = 0; $i -lt $names.Count; $i++) { $lines[$i] | Should -Match "^$($names[$i])\s+\d+$" }
    }

    It 'shows a counter of a newer kernel as a property and in the view, read by name' {
        Use-FakeSnmp "SctpCurrEstab                   `t2`nSctpAborteds                    `t7`nSctpQuantumResets               `t42`n" {
            $s = Get-SctpStatistics
            $s.SctpAborteds | Should -Be 7
            $s.SctpQuantumResets | Should -Be 42
            $s.SctpQuantumResets | Should -BeOfType [uint64]
            @($s.NewCounters) | Should -Be @('SctpQuantumResets')
            $s.SctpShutdowns | Should -BeNullOrEmpty -Because 'a counter this kernel does not list is null, not 0'
            ($s | Out-String) | Should -Match '(?m)^SctpQuantumResets\s+42\s*$'
        }
    }

    It 'reports a host without the sctp module as GetStatistics.NotLoaded, with the remedy' {
        Use-FakeSnmp $null {
            param($missing)
            Get-SctpStatistics -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetStatistics.NotLoaded' -Category NotInstalled -Errno ENOENT -TargetObject $missing
            "$($err[0])" | Should -Match 'sctp module is not loaded'
            Get-SctpStatistics -Interval 0.1 -Count 1 -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err2[0].FullyQualifiedErrorId | Should -BeLike 'GetStatistics.NotLoaded,*'
        }
    }

    It 'reports a table that cannot be read as GetStatistics.Failed' {
        # A file that exists but fails to read (EIO at offset 0, even for root), as the table of a module unloaded meanwhile.
        $saved = $ProcPathProperty.GetValue($null)
        $ProcPathProperty.SetValue($null, '/proc/self/mem')
        try {
            Get-SctpStatistics -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetStatistics.Failed' -Category ReadError -TargetObject '/proc/self/mem'
            "$($err[0])" | Should -Match 'Reading /proc/self/mem failed'
        }
        finally { $ProcPathProperty.SetValue($null, $saved) }
    }

    It 'refuses an interval that is not positive, and -Count without -Interval, at binding' {
        { Get-SctpStatistics -Interval 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.GetSctpStatisticsCommand'
        { Get-SctpStatistics -Interval 1 -Count 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.GetSctpStatisticsCommand'
        # -Count belongs to the -Interval set (a runspace of its own, so the host does not prompt for -Interval).
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument((Get-SctpPSModulePath)).AddStatement().AddCommand('Get-SctpStatistics').AddParameter('Count', 3)
            $ps.Invoke() | Should -BeNullOrEmpty
            $ps.Streams.Error[0].FullyQualifiedErrorId | Should -Be 'MissingMandatoryParameter,SctpPS.Commands.GetSctpStatisticsCommand'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Get-SctpStatistics -Interval' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'emits -Count samples of rates per second, each over its own interval' {
        $f = New-Associations 2
        $clock = [Diagnostics.Stopwatch]::StartNew()
        # The block runs between two samples: the second interval holds the two aborts (four ends).
        $samples = @(Get-SctpStatistics -Interval 0.5 -Count 3 | ForEach-Object {
            if ($_.Sample -eq 1) { $f.Clients | Disconnect-SctpAssociation -Abort; $null = Wait-Until { @(Get-SctpAssociation -Socket $f.Server).Count -eq 0 } }
            $_
        })
        $elapsed = $clock.Elapsed.TotalSeconds
        $samples.Count | Should -Be 3
        $samples | ForEach-Object { $_ | Should -BeOfType SctpPS.SctpStatisticsRate }
        $samples.Sample | Should -Be @(1, 2, 3)
        $elapsed | Should -BeGreaterOrEqual 1.45
        foreach ($s in $samples) {
            $s.IntervalSeconds | Should -BeGreaterThan 0.2
            $s.IntervalSeconds | Should -BeLessThan 1.5
            $s.SctpAborteds | Should -Be ($s.Changes['SctpAborteds'] / $s.IntervalSeconds)
        }
        $samples[0].Changes['SctpAborteds'] | Should -Be 0
        $samples[1].Changes['SctpAborteds'] | Should -Be 4
        $samples[1].SctpAborteds | Should -BeGreaterThan 0
        $samples[2].Changes['SctpAborteds'] | Should -Be 0
        # SctpCurrEstab is a gauge: its value, not a rate.
        $samples[0].SctpCurrEstab | Should -Be ($samples[1].SctpCurrEstab + 4)
        $samples[1].Changes['SctpCurrEstab'] | Should -Be -4
    }

    It 'shows one row per sample that fits an 80-column console (79 columns: the console keeps the last one free)' {
        $text = Get-SctpStatistics -Interval 0.2 -Count 2 | Out-String -Width 79
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Time\s+Estab\s+Active/s\s+Passive/s\s+Abort/s\s+Shut/s\s+OOTB/s\s+Rtx/s\s+PktIn/s\s+PktOut/s$'
        $lines.Count | Should -Be 4 -Because 'header, rule and two rows, none wrapped'
        $lines[2] | Should -Match '^\d\d:\d\d:\d\d\s+\d+(\s+[\d.]+){8}$'
    }

    It 'samples a newer kernel''s counter too' {
        Use-FakeSnmp "SctpAborteds `t7`nSctpQuantumResets `t42`n" {
            $r = Get-SctpStatistics -Interval 0.1 -Count 1
            $r.SctpQuantumResets | Should -Be 0
            $r.Changes['SctpQuantumResets'] | Should -Be 0
        }
    }

    It 'stops on Ctrl+C promptly when sampling without -Count' {
        $ps = [powershell]::Create().AddScript({
            param($module)
            Import-Module $module
            Get-SctpStatistics -Interval 30
        }).AddArgument((Get-SctpPSModulePath))
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $async.IsCompleted | Should -BeFalse
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.ElapsedMilliseconds | Should -BeLessThan 1000
        $ps.Dispose()
    }
}
