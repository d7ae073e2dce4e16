# The release: what the package holds and what its manifest says (Host), and the package as a
# user gets it (Package, in the sandbox): installed from a local repository into an empty module
# path, imported by name, the demo, help, a peel-off, uninstalled. build.ps1 -Task Test builds the
# package first (-Task Package).
BeforeAll {
    $script:Root = Split-Path $PSScriptRoot
    $script:Source = Import-PowerShellDataFile (Join-Path $Root 'SctpPS.psd1')
    $script:Version = $Source.ModuleVersion
    $script:Built = Join-Path $Root 'out/SctpPS'
    $script:Packages = Join-Path $Root 'out/packages'
    $script:Nupkg = Join-Path $Packages "SctpPS.$Version.nupkg"
    # What the package must hold: the module (manifest, assembly, its format and type files,
    # en-US help) and the three documents. Nothing else: no pdb, no tests.
    $script:ModuleFiles = @(
        'SctpPS.psd1', 'SctpPS.dll', 'en-US/SctpPS.dll-Help.xml', 'en-US/about_SctpPS.help.txt',
        'LICENSE', 'README.md', 'CHANGELOG.md'
    ) + @($Source['FormatsToProcess']) + @($Source['TypesToProcess']) | Where-Object { $_ } | Sort-Object -Unique
    function Get-ChangelogSection([string] $Version) {
        # Independent of build.ps1's reader: the lines between this version's heading and the next.
        $lines = Get-Content (Join-Path $Root 'CHANGELOG.md')
        $start = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -like "## ``[$Version``]*" })
        if ($start -lt 0) { return $null }
        $end = [array]::FindIndex($lines, $start + 1, [Predicate[string]] { param($l) $l -like '## *' })
        if ($end -lt 0) { $end = $lines.Count }
        (($lines[($start + 1)..($end - 1)] -join "`n") -replace '(?s)<!--.*?-->\s*', '' -replace '\n{3,}', "`n`n").Trim()
    }
}

Describe 'The release' -Tag Host {
    It 'has a semantic version, the same in the manifest and the assembly' {
        $Version | Should -Match '^\d+\.\d+\.\d+$'
        ([xml](Get-Content -Raw (Join-Path $Root 'src/SctpPS/SctpPS.csproj'))).Project.PropertyGroup.Version | Where-Object { $_ } | Should -Be $Version
        [Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $Built 'SctpPS.dll')).ProductVersion | Should -Match ('^' + [regex]::Escape($Version) + '(\+|$)')
    }

    It 'carries the CHANGELOG section of its version as the built manifest''s ReleaseNotes' {
        $section = Get-ChangelogSection $Version
        $section | Should -Not -BeNullOrEmpty -Because "CHANGELOG.md needs a '## [$Version]' section"
        (Import-PowerShellDataFile (Join-Path $Built 'SctpPS.psd1')).PrivateData.PSData.ReleaseNotes | Should -Be $section
    }

    It 'has license and project links and the tags the PowerShell Gallery uses' {
        $data = $Source.PrivateData.PSData
        $data.LicenseUri | Should -Match '^https://'
        $data.ProjectUri | Should -Match '^https://'
        $data.Tags | Should -Contain 'PSEdition_Core'
        $data.Tags | Should -Contain 'Linux'
        $data.Tags | Where-Object { $_ -match '\s' } | Should -BeNullOrEmpty -Because 'a tag cannot hold a space'
    }

    It 'has an MIT LICENSE whose holder is the manifest''s author' {
        $license = Get-Content -Raw (Join-Path $Root 'LICENSE')
        $license | Should -Match '^MIT License'
        $license | Should -Match "Copyright \(c\) \d{4} $([regex]::Escape($Source.Author))"
        $Source.Copyright | Should -Match 'MIT'
    }

    It 'leaves nothing of the packaging in the repository (NuGet''s config goes to the scratch HOME)' {
        Join-Path $Root 'NuGet' | Should -Not -Exist
    }

    It 'packs exactly the module, its help and its documents' {
        $Nupkg | Should -Exist -Because 'build.ps1 -Task Package (and -Task Test) builds it'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Nupkg)
        try {
            $entries = @($zip.Entries | ForEach-Object FullName)
            # NuGet's own parts of a package.
            $nuget = @($entries | Where-Object { $_ -in '_rels/.rels', '[Content_Types].xml', 'SctpPS.nuspec' -or $_ -match '^package/services/metadata/core-properties/\w+\.psmdcp$' })
            $nuget.Count | Should -Be 4
            $entries | Where-Object { $_ -notin $nuget } | Sort-Object | Should -Be $ModuleFiles
            # The same bytes as the built module, the manifest with its release notes included.
            foreach ($name in 'SctpPS.dll', 'SctpPS.psd1') {
                $stream = $zip.GetEntry($name).Open(); $copy = [IO.MemoryStream]::new()
                try { $stream.CopyTo($copy) } finally { $stream.Dispose() }
                [Convert]::ToHexString($copy.ToArray()) | Should -Be ([Convert]::ToHexString([IO.File]::ReadAllBytes((Join-Path $Built $name))))
            }
            $reader = [IO.StreamReader]::new($zip.GetEntry('SctpPS.nuspec').Open())
            try { $nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.licenseUrl | Should -Be $Source.PrivateData.PSData.LicenseUri
        $nuspec.package.metadata.releaseNotes | Should -Be (Get-ChangelogSection $Version)
    }
}

Describe 'The installed package' -Tag Package {
    BeforeAll {
        $Nupkg | Should -Exist -Because 'build.ps1 -Task Package (and -Task Test) builds it'
        function Get-UserState {
            # What a run must not change: the user's PSResourceGet repositories and module folders.
            $store = Join-Path $HOME '.local/share/PSResourceGet/PSResourceRepository.xml'
            $paths = "$HOME/.local/share/powershell/Modules", '/usr/local/share/powershell/Modules'
            [pscustomobject]@{
                Store  = if (Test-Path $store) { (Get-FileHash $store).Hash } else { 'none' }
                SctpPS = @($paths | Where-Object { Test-Path (Join-Path $_ 'SctpPS') }) -join ';'
            } | ConvertTo-Json -Compress
        }
        $script:UserBefore = Get-UserState
        $script:Scratch = Join-Path ([IO.Path]::GetTempPath()) "sctpps-package-$([guid]::NewGuid())"
        $script:ScratchHome = Join-Path $Scratch 'home'
        $script:Modules = Join-Path $ScratchHome '.local/share/powershell/Modules'
        # A HOME as a user has it (.NET reports ApplicationData as '' when ~/.config is missing).
        New-Item -ItemType Directory -Path $Modules, (Join-Path $ScratchHome '.config') | Out-Null
        $outFile = Join-Path $Scratch 'result.json'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        # A pwsh whose HOME and PSModulePath are the scratch folder (XDG_* would move them elsewhere).
        $log = & env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME "HOME=$ScratchHome" "PSModulePath=$Modules" `
            'POWERSHELL_TELEMETRY_OPTOUT=1' 'POWERSHELL_UPDATECHECK=Off' `
            dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Package.Smoke.ps1') `
            -Repository $Packages -Version $Version -Demo (Join-Path $Root 'docs/Demo.ps1') -OutFile $outFile 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path $outFile)) { throw "the smoke run failed (exit $LASTEXITCODE): $($log -join [Environment]::NewLine)" }
        $script:R = Get-Content -Raw $outFile | ConvertFrom-Json
        Write-Host ("    smoke run of the installed package: {0:N1} s; {1}" -f $clock.Elapsed.TotalSeconds,
            (($R.PSObject.Properties | ForEach-Object { '{0} {1:N1} s' -f $_.Name, ($_.Value.Ms / 1000) }) -join ', '))
        $script:Expected = (Join-Path $Modules "SctpPS/$Version")
    }
    AfterAll {
        if ($Scratch) { Remove-Item $Scratch -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'installs from a local repository into the empty module path' {
        $R.Install.Ok | Should -BeTrue -Because $R.Install.Error
        $R.Install.Value.EntriesBefore | Should -Be 0
        $R.Install.Value.Count | Should -Be 1
        $R.Install.Value.Version | Should -Be $Version
        $R.Install.Value.Repository | Should -Be 'SctpPSLocal'
        $R.Install.Value.InstalledLocation | Should -Be $Modules
        # The package's files, and PSResourceGet's record of the installation.
        $R.Install.Value.Files | Should -Be (@($ModuleFiles) + 'PSGetModuleInfo.xml' | Sort-Object)
    }

    It 'imports SctpPS by name from there, with every cmdlet and its release notes' {
        $R.Import.Ok | Should -BeTrue -Because $R.Import.Error
        $R.Import.Value.ModuleBase | Should -Be $Expected
        # pwsh adds its shared and its own module folders after PSModulePath; ours comes first.
        @($R.Import.Value.Available)[0] | Should -Be $Expected
        $R.Import.Value.Version | Should -Be $Version
        $R.Import.Value.Cmdlets | Should -Be ($Source.CmdletsToExport | Sort-Object)
        $R.Import.Value.ReleaseNotes | Should -Be (Get-ChangelogSection $Version)
        $R.Import.Value.Supported | Should -BeTrue
    }

    It 'runs the demo (docs/Demo.ps1) on the installed module' {
        $R.Demo.Ok | Should -BeTrue -Because $R.Demo.Error
        $R.Demo.Value.Module | Should -Be $Expected
        $text = $R.Demo.Value.Output
        $text | Should -Match 'PS> \$script:peeled = Get-SctpAssociation -Socket \$script:server'
        $text | Should -Match 'S1 Setup Response'
        $text | Should -Match 'open sockets: 0;'
        $text | Should -Not -Match 'Exception|FullyQualifiedErrorId'
    }

    It 'shows the sctp_peeloff(3) man page and about_SctpPS in Get-Help' {
        $R.Help.Ok | Should -BeTrue -Because $R.Help.Error
        $text = $R.Help.Value.PeelOff -replace '\s+', ' '
        $text | Should -Match ([regex]::Escape('From the man page sctp_peeloff(3), DESCRIPTION:'))
        $text | Should -Match ([regex]::Escape('From the man page sctp_peeloff(3), ERRORS:'))
        # The page's own first sentence, read from the installed man page (never pasted here).
        $page = (& gzip -dc /usr/share/man/man3/sctp_peeloff.3.gz) -join "`n"
        $description = [regex]::Match($page, '(?s)\.SH DESCRIPTION\n(.*?)\n\.PP').Groups[1].Value -replace '(?m)^\.[BI] ', '' -replace '\s+', ' '
        $description | Should -Match 'peeloff'
        $text | Should -Match ([regex]::Escape($description.Trim()))
        $text | Should -Match 'PeelOff\.InvalidAssociation \(ObjectNotFound; EINVAL, errno 22\)'
        $R.Help.Value.About | Should -Match 'about_SctpPS'
        $R.Help.Value.About | Should -Match 'peel'
    }

    It 'peels an association off and talks over the new socket' {
        $R.PeelOff.Ok | Should -BeTrue -Because $R.PeelOff.Error
        $p = $R.PeelOff.Value
        $p.Peeled | Should -Be 1
        $p.Style | Should -Be 'OneToOne'
        $p.FromServer | Should -BeTrue
        $p.LeftOnServer | Should -Be 0
        $p.OnPeeled | Should -Be 1
        $p.Text | Should -Be 'after the peel-off'
        $p.Stream | Should -Be 1
        $p.PayloadProtocolId | Should -Be 46
    }

    It 'uninstalls with Uninstall-PSResource, leaving nothing behind' {
        $R.Uninstall.Ok | Should -BeTrue -Because $R.Uninstall.Error
        $R.Uninstall.Value.Installed | Should -Be 0
        $R.Uninstall.Value.Available | Should -Be 0
        $R.Uninstall.Value.BaseLeft | Should -BeFalse
        Join-Path $Modules 'SctpPS' | Should -Not -Exist
        @(Get-ChildItem -Force $Modules) | Should -BeNullOrEmpty
    }

    It 'changes nothing of the user''s own repositories and module folders' {
        Get-UserState | Should -Be $UserBefore
    }
}
