# Get-/Set-SctpKernelSetting: the net.sctp.* sysctls of sctp(7) SYSCTLS, read typed from
# /proc/sys/net/sctp and written as sysctl(8) writes them. Every value a test changes is put
# back; the last block checks that the kernel holds what it held before this file ran.
BeforeDiscovery {
    # One setting of each kind, a value other than the kernel's default, and how it reads back.
    $script:SetCases = @(
        @{ Name = 'rto_min'; Value = 500; Expected = [long]500; Kind = 'Milliseconds' }
        @{ Name = 'hb_interval'; Value = [timespan]::FromSeconds(5); Expected = [long]5000; Kind = 'Milliseconds' }
        @{ Name = 'max_autoclose'; Value = 3600; Expected = [long]3600; Kind = 'Seconds' }
        @{ Name = 'auth_enable'; Value = $true; Expected = $true; Kind = 'Boolean' }
        @{ Name = 'reconf_enable'; Value = 1; Expected = $true; Kind = 'Boolean' }
        @{ Name = 'path_max_retrans'; Value = 3; Expected = [long]3; Kind = 'Integer' }
        @{ Name = 'cookie_hmac_alg'; Value = 'none'; Expected = 'none'; Kind = 'String' }
        @{ Name = 'sctp_wmem'; Value = @(4096, 32768, 4194304); Expected = [long[]]@(4096, 32768, 4194304); Kind = 'IntegerList' }
        @{ Name = 'sctp_rmem'; Value = '4096 262144 4194304'; Expected = [long[]]@(4096, 262144, 4194304); Kind = 'IntegerList' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    # What the kernel holds before this file changes anything.
    $script:Original = @{}
    if (Test-Path /proc/sys/net/sctp) {   # (not on a host without SCTP, where only the help is tested)
        foreach ($f in Get-ChildItem /proc/sys/net/sctp) { $script:Original[$f.Name] = (Get-Content -Raw $f.FullName).TrimEnd("`n") }
    }
    $script:RootProperty = [SctpPS.SctpKernelSettings].GetProperty('Root', [System.Reflection.BindingFlags]'NonPublic,Static')
    function Use-SettingsRoot([string] $Path, [scriptblock] $Body) {
        $saved = $RootProperty.GetValue($null)
        $RootProperty.SetValue($null, $Path)
        try { & $Body } finally { $RootProperty.SetValue($null, $saved) }
    }
    function Get-Raw([string] $Name) { (Get-Content -Raw "/proc/sys/net/sctp/$Name").TrimEnd("`n") }
}

AfterAll {
    # Whatever a failed test left behind goes back (the last Describe reports it).
    foreach ($name in $Original.Keys) {
        if ((Get-Raw $name) -ne $Original[$name]) {
            # One write(2), as sysctl(8) does (lists with their tabs, as read).
            $stream = [IO.FileStream]::new("/proc/sys/net/sctp/$name", [IO.FileMode]::Open, [IO.FileAccess]::Write)
            try { $bytes = [Text.Encoding]::ASCII.GetBytes($Original[$name] + "`n"); $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
        }
    }
}

Describe 'Get-SctpKernelSetting' -Tag Kernel {
    It 'lists every setting under /proc/sys/net/sctp, typed, with what the file says' {
        $all = @(Get-SctpKernelSetting)
        $files = @(Get-ChildItem /proc/sys/net/sctp | ForEach-Object Name | Sort-Object { $_ } -Culture ([cultureinfo]::InvariantCulture))
        $all.Name | Should -Be $files
        foreach ($s in $all) {
            $s | Should -BeOfType SctpPS.SctpKernelSetting
            $s.FullName | Should -Be "net.sctp.$($s.Name)"
            $s.RawValue | Should -Be $Original[$s.Name]
            $s.IsKnown | Should -BeTrue -Because "Linux 6.1's $($s.Name) is in the module's table"
            $s.Description | Should -Not -BeNullOrEmpty
            switch ($s.Kind) {
                'Boolean' { $s.Value | Should -BeOfType [bool]; $s.Value | Should -Be ($s.RawValue -ne '0') }
                'String' { $s.Value | Should -BeOfType [string]; $s.Value | Should -Be $s.RawValue }
                'IntegerList' { ,$s.Value | Should -BeOfType [long[]]; $s.Value | Should -Be ([long[]]($s.RawValue -split '\s+')) }
                default { $s.Value | Should -BeOfType [long]; $s.Value | Should -Be ([long]$s.RawValue) }
            }
        }
    }

    It 'types each kind as a runbook expects: <Name> is <Kind> in <Unit>' -TestCases @(
        @{ Name = 'rto_min'; Kind = 'Milliseconds'; Unit = 'ms' }
        @{ Name = 'valid_cookie_life'; Kind = 'Milliseconds'; Unit = 'ms' }
        @{ Name = 'max_autoclose'; Kind = 'Seconds'; Unit = 's' }
        @{ Name = 'addip_enable'; Kind = 'Boolean'; Unit = '' }
        @{ Name = 'association_max_retrans'; Kind = 'Integer'; Unit = '' }
        @{ Name = 'cookie_hmac_alg'; Kind = 'String'; Unit = '' }
        @{ Name = 'sctp_mem'; Kind = 'IntegerList'; Unit = 'pages' }
        @{ Name = 'sctp_rmem'; Kind = 'IntegerList'; Unit = 'bytes' }
    ) {
        param($Name, $Kind, $Unit)
        $s = Get-SctpKernelSetting $Name
        "$($s.Kind)" | Should -Be $Kind
        $s.Unit | Should -Be $Unit
    }

    It 'gives the bounds the kernel takes now, some of which are other settings' {
        $min = Get-SctpKernelSetting rto_min
        $max = Get-SctpKernelSetting rto_max
        $min.Minimum | Should -Be 1
        $min.Maximum | Should -Be $max.Value
        $max.Minimum | Should -Be $min.Value
        $max.Maximum | Should -Be 86400000
        (Get-SctpKernelSetting sack_timeout).Maximum | Should -Be 500
        (Get-SctpKernelSetting pf_retrans).Maximum | Should -Be (Get-SctpKernelSetting ps_retrans).Value
    }

    It 'takes short and sysctl names, wildcards, and names from the pipeline' {
        @(Get-SctpKernelSetting rto_*).Name | Should -Be @('rto_alpha_exp_divisor', 'rto_beta_exp_divisor', 'rto_initial', 'rto_max', 'rto_min')
        (Get-SctpKernelSetting net.sctp.hb_interval).Value | Should -Be ([long](Get-Raw hb_interval))
        (Get-SctpKernelSetting NET.SCTP.HB_INTERVAL).Name | Should -Be 'hb_interval'
        @('rto_min', 'rto_max' | Get-SctpKernelSetting).Count | Should -Be 2
        @([pscustomobject]@{ Name = 'sack_timeout' } | Get-SctpKernelSetting).Name | Should -Be 'sack_timeout'
        @(Get-SctpKernelSetting rto_min, rto_m*).Count | Should -Be 2 -Because 'a setting named twice is listed once'
    }

    It 'reports a name this kernel lacks as GetKernelSetting.NotFound, and a wildcard that matches nothing as nothing' {
        $r = @(Get-SctpKernelSetting rto_min, no_such_setting -ErrorVariable err -ErrorAction SilentlyContinue)
        $r.Name | Should -Be @('rto_min')
        Assert-SctpError $err[0] -ErrorId 'GetKernelSetting.NotFound' -Category ObjectNotFound -Errno ENOENT -TargetObject 'no_such_setting'
        "$($err[0])" | Should -Match 'no setting net\.sctp\.no_such_setting'
        Get-SctpKernelSetting 'no_such_*' -ErrorVariable none | Should -BeNullOrEmpty
        $none | Should -BeNullOrEmpty
    }

    It 'lists the settings of a newer kernel too, their kind guessed from the value' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "sctpps-sysctl-$([guid]::NewGuid())"
        New-Item -ItemType Directory $dir | Out-Null
        try {
            Set-Content (Join-Path $dir 'rto_min') '1000'
            Set-Content (Join-Path $dir 'quantum_enable') '1'
            Set-Content (Join-Path $dir 'quantum_window') "10`t20`t30"
            Set-Content (Join-Path $dir 'quantum_alg') 'kyber'
            Use-SettingsRoot $dir {
                $all = @(Get-SctpKernelSetting)
                $all.Name | Should -Be @('quantum_alg', 'quantum_enable', 'quantum_window', 'rto_min')
                $q = $all | Where-Object Name -eq 'quantum_enable'
                $q.IsKnown | Should -BeFalse
                "$($q.Kind)" | Should -Be 'Integer'
                $q.Value | Should -Be 1
                "$(($all | Where-Object Name -eq 'quantum_window').Kind)" | Should -Be 'IntegerList'
                ($all | Where-Object Name -eq 'quantum_alg').Value | Should -Be 'kyber'
                ($all | Where-Object Name -eq 'rto_min').IsKnown | Should -BeTrue
                $table = $all | Out-String -Width 100
                $table | Should -Match 'quantum_enable\s+1\s+\(not known to SctpPS'
                # Set writes an unknown setting as given, without bounds to check.
                Set-SctpKernelSetting quantum_enable 0 -PassThru | ForEach-Object { $_.OldValue, $_.NewValue } | Should -Be @(1, 0)
                (Get-Content (Join-Path $dir 'quantum_enable')) | Should -Be '0'
            }
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It 'shows a table of name, value, unit and description that fits an 80-column console (79 columns)' {
        $lines = @((Get-SctpKernelSetting auth_enable, hb_interval, sctp_rmem | Out-String -Width 79) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+Value\s+Unit\s+Description$'
        $lines.Count | Should -Be 5
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
        $lines[2] | Should -Match "^auth_enable\s+(True|False)\s+Offer chunk authentication"
        $lines[3] | Should -Match "^hb_interval\s+$(Get-Raw hb_interval)\s+ms\s+Interval between HEARTBEATs"
        $lines[4] | Should -Match "^sctp_rmem\s+$((Get-Raw sctp_rmem) -replace '\s+', ' ')\s+bytes\s+Receive buffer"
    }

    It 'completes setting names on Tab' {
        $completions = (TabExpansion2 -inputScript 'Get-SctpKernelSetting rto_m' -cursorColumn 'Get-SctpKernelSetting rto_m'.Length).CompletionMatches
        $completions.CompletionText | Should -Be @('rto_max', 'rto_min')
        $completions[0].ToolTip | Should -Match 'Upper bound'
        (TabExpansion2 -inputScript 'Set-SctpKernelSetting net.sctp.sack' -cursorColumn 'Set-SctpKernelSetting net.sctp.sack'.Length).CompletionMatches.CompletionText | Should -Be @('sack_timeout')
    }

    It 'reports a setting that cannot be read as GetKernelSetting.Failed' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "sctpps-sysctl-$([guid]::NewGuid())"
        New-Item -ItemType Directory $dir | Out-Null
        try {
            Set-Content (Join-Path $dir 'rto_min') '1000'
            # A file that exists but fails to read (EIO at offset 0, even for root).
            New-Item -ItemType SymbolicLink -Path (Join-Path $dir 'broken') -Target '/proc/self/mem' | Out-Null
            Use-SettingsRoot $dir {
                $r = @(Get-SctpKernelSetting -ErrorVariable err -ErrorAction SilentlyContinue)
                $r.Name | Should -Be @('rto_min') -Because 'the others are still read'
                Assert-SctpError $err[0] -ErrorId 'GetKernelSetting.Failed' -Category ReadError -TargetObject 'broken'
                "$($err[0])" | Should -Match 'Reading net\.sctp\.broken .* failed'
                Set-SctpKernelSetting broken 1 -ErrorVariable err2 -ErrorAction SilentlyContinue
                Assert-SctpError $err2[0] -ErrorId 'SetKernelSetting.Failed' -Category WriteError -TargetObject 'broken'
            }
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It 'reports a host without the sctp module as GetKernelSetting.NotLoaded and SetKernelSetting.NotLoaded' {
        Use-SettingsRoot '/proc/sys/net/no-sctp-here' {
            Get-SctpKernelSetting -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $err[0] -ErrorId 'GetKernelSetting.NotLoaded' -Category NotInstalled -Errno ENOENT -TargetObject '/proc/sys/net/no-sctp-here'
            "$($err[0])" | Should -Match 'sctp module is not loaded'
            Set-SctpKernelSetting rto_min 500 -ErrorVariable err2 -ErrorAction SilentlyContinue
            Assert-SctpError $err2[0] -ErrorId 'SetKernelSetting.NotLoaded' -Category NotInstalled -Errno ENOENT
        }
    }
}

Describe 'Set-SctpKernelSetting' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'sets <Name> (<Kind>) to <Value>, shows old and new value, and restores it' -TestCases $SetCases {
        param($Name, $Value, $Expected, $Kind)
        $before = Get-SctpKernelSetting $Name
        try {
            $change = Set-SctpKernelSetting $Name -Value $Value -PassThru
            $change | Should -BeOfType SctpPS.SctpKernelSettingChange
            $change.Name | Should -Be $Name
            "$($change.OldValue)" | Should -Be "$($before.Value)"
            $change.NewValue | Should -Be $Expected
            $change.Changed | Should -Be ("$($before.Value)" -ne "$Expected")
            (Get-SctpKernelSetting $Name).Value | Should -Be $Expected -Because 'the kernel holds the new value'
        }
        finally { $before | Set-SctpKernelSetting }
        Get-Raw $Name | Should -Be $Original[$Name]
    }

    It 'reaches sockets created afterwards' {
        $before = Get-SctpKernelSetting hb_interval, rto_initial
        try {
            Set-SctpKernelSetting hb_interval 7000
            Set-SctpKernelSetting net.sctp.rto_initial 1500
            $o = Get-SctpSocketOption -Socket (New-SctpSocket) -Name HeartbeatIntervalMs, RtoInitialMs
            $o.HeartbeatIntervalMs | Should -Be 7000
            $o.RtoInitialMs | Should -Be 1500
        }
        finally { $before | Set-SctpKernelSetting }
    }

    It 'changes nothing with -WhatIf' {
        $raw = Get-Raw rto_min
        Set-SctpKernelSetting rto_min 700 -WhatIf | Should -BeNullOrEmpty
        Get-Raw rto_min | Should -Be $raw
    }

    It 'shows the old and new value in a table' {
        $before = Get-SctpKernelSetting rto_min
        try {
            $lines = @((Set-SctpKernelSetting rto_min 600 -PassThru | Out-String -Width 79) -split "`r?`n" | Where-Object { $_.Trim() })
            $lines[0] | Should -Match '^Name\s+OldValue\s+NewValue\s+Unit$'
            $lines[2] | Should -Match "^rto_min\s+$($before.Value)\s+600\s+ms$"
        }
        finally { $before | Set-SctpKernelSetting }
    }

    It 'refuses <Name> = <Value> as out of range before writing: <Because>' -TestCases @(
        @{ Name = 'sack_timeout'; Value = 501; Because = 'the delayed SACK timer takes 1 to 500 ms'; Bounds = '1 to 500 ms' }
        @{ Name = 'sack_timeout'; Value = 0; Because = 'the delayed SACK timer takes 1 to 500 ms'; Bounds = '1 to 500 ms' }
        @{ Name = 'rto_min'; Value = 999999; Because = 'rto_min is at most rto_max'; Bounds = '1 to \d+ ms' }
        @{ Name = 'rto_max'; Value = 1; Because = 'rto_max is at least rto_min'; Bounds = '\d+ to 86400000 ms' }
        @{ Name = 'plpmtud_probe_interval'; Value = 100; Because = 'probing is off (0) or at least 5000 ms'; Bounds = '0 \(off\) or 5000 to' }
        @{ Name = 'rwnd_update_shift'; Value = 17; Because = 'the shift is 1 to 16'; Bounds = '1 to 16' }
        @{ Name = 'udp_port'; Value = 65536; Because = 'a port is at most 65535'; Bounds = '0 to 65535' }
        @{ Name = 'association_max_retrans'; Value = 0; Because = 'at least one retransmission'; Bounds = '1 to 2147483647' }
    ) {
        param($Name, $Value, $Because, $Bounds)
        $raw = Get-Raw $Name
        Set-SctpKernelSetting $Name $Value -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'SetKernelSetting.OutOfRange' -Category InvalidArgument -Errno EINVAL -TargetObject "net.sctp.$Name = $((Get-SctpKernelSetting $Name).DisplayValue)"
        "$($err[0])" | Should -Match "net\.sctp\.$Name takes $Bounds"
        "$($err[0])" | Should -Match 'Nothing was changed'
        Get-Raw $Name | Should -Be $raw
    }

    It 'reports a value the kernel itself refuses (a cookie HMAC it was not built with) as SetKernelSetting.OutOfRange' {
        $raw = Get-Raw cookie_hmac_alg
        Set-SctpKernelSetting cookie_hmac_alg whirlpool -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetKernelSetting.OutOfRange' -Category InvalidArgument -Errno EINVAL
        "$($err[0])" | Should -Match 'kernel refused whirlpool for net\.sctp\.cookie_hmac_alg'
        Get-Raw cookie_hmac_alg | Should -Be $raw
    }

    It 'refuses a value of the wrong kind as SetKernelSetting.InvalidValue: <Name> = <Value>' -TestCases @(
        @{ Name = 'auth_enable'; Value = 2 }
        @{ Name = 'auth_enable'; Value = 'maybe' }
        @{ Name = 'rto_min'; Value = 'fast' }
        @{ Name = 'rto_min'; Value = $true }
        @{ Name = 'sctp_rmem'; Value = @(4096, 8192) }
        @{ Name = 'cookie_hmac_alg'; Value = 'two words' }
        # Values that .NET's Convert would have turned into something else without a word:
        @{ Name = 'rto_min'; Value = [char]'7' }                   # its code point, 55
        @{ Name = 'rto_min'; Value = 1500.5 }                      # rounded to 1500 or 1501
        @{ Name = 'sctp_rmem'; Value = @(4096, 87380.5, 8388608) }
        @{ Name = 'cookie_hmac_alg'; Value = @{ alg = 'sha1' } }   # 'System.Collections.Hashtable'
        @{ Name = 'cookie_hmac_alg'; Value = [datetime]::UnixEpoch }
    ) {
        param($Name, $Value)
        $raw = Get-Raw $Name
        Set-SctpKernelSetting $Name -Value $Value -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetKernelSetting.InvalidValue' -Category InvalidArgument
        "$($err[0])" | Should -Match "net\.sctp\.$Name takes .*Nothing was changed"
        Get-Raw $Name | Should -Be $raw
    }

    It 'reports a setting this kernel lacks as SetKernelSetting.NotFound' {
        Set-SctpKernelSetting no_such_setting 1 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'SetKernelSetting.NotFound' -Category ObjectNotFound -Errno ENOENT -TargetObject 'no_such_setting'
    }

    It 'refuses a user who is not root as SetKernelSetting.PermissionDenied, and changes nothing' {
        $raw = Get-Raw rto_min
        # uid nobody, keeping only the right to read the toolchain under /root.
        $wrapper = @('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                     '--inh-caps=+dac_read_search', '--ambient-caps=+dac_read_search')
        $r = Invoke-ChildPwsh -Wrapper $wrapper -Environment @{ HOME = '/tmp'; DOTNET_CLI_HOME = '/tmp' } -Script {
            $read = (Get-SctpKernelSetting rto_min).Value
            Set-SctpKernelSetting rto_min 321 -ErrorVariable err -ErrorAction SilentlyContinue
            [pscustomobject]@{
                Uid = (& id -u); Read = $read; ErrorId = $err[0].FullyQualifiedErrorId; Category = "$($err[0].CategoryInfo.Category)"
                Message = "$($err[0])"; Target = "$($err[0].TargetObject)"
            }
        }
        $r.Uid | Should -Be '65534'
        $r.Read | Should -Be ([long]$raw) -Because 'reading needs no privilege'
        $r.ErrorId | Should -Be 'SetKernelSetting.PermissionDenied,SctpPS.Commands.SetSctpKernelSettingCommand'
        $r.Category | Should -Be 'PermissionDenied'
        $r.Message | Should -Match 'EACCES, errno 13'
        $r.Message | Should -Match 'root only'
        $r.Target | Should -Be "net.sctp.rto_min = $raw ms"
        Get-Raw rto_min | Should -Be $raw
    }
}

Describe 'Get-SctpKernelSetting help' -Tag Host {
    It 'names every setting the module knows, by kind' {
        $help = (Get-Help Get-SctpKernelSetting -Full | Out-String -Width 4000) -replace '\s+', ' '
        foreach ($d in [SctpPS.SctpKernelSettings]::Known) { $help | Should -Match "\b$($d.Name)\b" -Because "$($d.Name) is a setting Get-SctpKernelSetting returns" }
    }

    It 'says what each setting does, in Get- and Set-SctpKernelSetting''s help (<_>)' -ForEach 'Get-SctpKernelSetting', 'Set-SctpKernelSetting' {
        $help = (Get-Help $_ -Full | Out-String -Width 4000) -replace '\s+', ' '
        foreach ($d in [SctpPS.SctpKernelSettings]::Known) {
            $unit = if ($d.Unit) { ", $($d.Unit)" } else { '' }
            $help | Should -Match ([regex]::Escape("$($d.Name) ($($d.Kind)$unit): $($d.Description -replace '\s+', ' ')")) -Because "$($d.Name) is described once, in SctpKernelSettings.Known"
        }
    }
}

Describe 'The kernel settings after these tests' -Tag Kernel {
    It 'are what they were before' {
        foreach ($name in $Original.Keys) { Get-Raw $name | Should -Be $Original[$name] -Because "net.sctp.$name must be restored" }
    }
}
