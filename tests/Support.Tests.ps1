# Test-SctpSupport and the remedies of the module's messages: what an installed module tells a
# user, per distribution, and the modprobe.d lines that keep sctp from loading.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:Root = Split-Path $PSScriptRoot
    function Use-Internal([string] $Property, $Value, [scriptblock] $Body) {
        $p = [SctpPS.SctpSupport].GetProperty($Property, [System.Reflection.BindingFlags]'NonPublic,Static')
        $saved = $p.GetValue($null)
        $p.SetValue($null, $Value)
        try { & $Body } finally { $p.SetValue($null, $saved) }
    }
}

Describe 'Test-SctpSupport -Detailed and modprobe.d' -Tag Kernel {
    BeforeAll {
        $script:Dir = Join-Path ([IO.Path]::GetTempPath()) "sctpps-modprobe-$([guid]::NewGuid())"
        New-Item -ItemType Directory $Dir | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force $Dir }

    It 'detects the blacklist RHEL and Fedora ship with kernel-modules-extra' {
        Set-Content (Join-Path $Dir 'sctp-blacklist.conf') "# Remove the blacklist by adding a comment # at the start of the line.`nblacklist sctp"
        Use-Internal ModprobeDirectories ([string[]]@($Dir)) {
            $info = Test-SctpSupport -Detailed
            $info.SctpModuleBlacklisted | Should -BeTrue
            $info.ModprobeRules | Should -Be @("$Dir/sctp-blacklist.conf:2: blacklist sctp")
            # SCTP works here (the module is loaded): the blacklist is reported, and nothing needs doing.
            $info.IsSupported | Should -BeTrue
            $info.Remedy | Should -BeNullOrEmpty
        }
    }

    It 'detects an install rule that replaces loading sctp, and ignores comments and other modules' {
        Set-Content (Join-Path $Dir 'sctp-blacklist.conf') "#blacklist sctp`nblacklist sctp_diag"
        Set-Content (Join-Path $Dir 'CIS.conf') 'install sctp /bin/true'
        Use-Internal ModprobeDirectories ([string[]]@($Dir)) {
            $info = Test-SctpSupport -Detailed
            $info.SctpModuleBlacklisted | Should -BeTrue
            $info.ModprobeRules | Should -Be @("$Dir/CIS.conf:1: install sctp /bin/true")
        }
        Remove-Item (Join-Path $Dir 'CIS.conf')
        Use-Internal ModprobeDirectories ([string[]]@($Dir)) {
            (Test-SctpSupport -Detailed).SctpModuleBlacklisted | Should -BeFalse
        }
    }

    It 'names the distribution from os-release' {
        $osRelease = Join-Path $Dir 'os-release'
        Set-Content $osRelease "NAME=`"Fedora Linux`"`nID=fedora`nPRETTY_NAME=`"Fedora Linux 40 (Server Edition)`""
        Use-Internal OsReleasePath $osRelease { (Test-SctpSupport -Detailed).Distribution | Should -Be 'Fedora Linux 40 (Server Edition)' }
    }
}

Describe 'Messages of an installed module' -Tag Host {
    It 'name no build script, sandbox or repository path' {
        $hits = Get-ChildItem (Join-Path $Root 'src/SctpPS') -Recurse -Include *.cs, *.ps1xml |
            Where-Object FullName -notmatch '[\\/](obj|bin)[\\/]' |
            Select-String -Pattern 'build\.ps1|sandbox|tests/' |
            # Comments are for the project's readers, not messages a user sees.
            Where-Object { $_.Line.Trim() -notmatch '^(//|<!--|-->)' } |
            ForEach-Object { "$($_.Filename):$($_.LineNumber): $($_.Line.Trim())" }
        $hits | Should -BeNullOrEmpty
    }

    It 'say what to install and how to load the module, on this host' {
        $info = Test-SctpSupport -Detailed
        if ($info.IsSupported) { $info.Remedy | Should -BeNullOrEmpty }
        else {
            $info.Remedy | Should -Match 'modprobe sctp'
            $info.Reason | Should -Match "$($info.Errno), errno \d+"
            $info.Remedy | Should -Not -Match 'build\.ps1|sandbox'
        }
    }
}
