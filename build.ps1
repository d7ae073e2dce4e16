#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The one entry point of SctpPS: build the module, run its tests and its demo.
.DESCRIPTION
    Build  compiles src/SctpPS and lays out a ready module folder at out/SctpPS, with its help,
           LICENSE, README.md and CHANGELOG.md; the built manifest's ReleaseNotes are the
           CHANGELOG.md section of its ModuleVersion.
    Help   generates the help: docs/*.md (PlatyPS schema 2.0.0) merged with the lksctp man
           pages mapped in docs/ManPages.json (read from -ManPath) and the error catalogue,
           into out/SctpPS/en-US (MAML and about_SctpPS.help.txt) and out/help (merged markdown).
           -UpdateDocs brings docs/*.md in line with the cmdlets first (like Update-MarkdownHelp).
    Package  builds, then makes out/packages/SctpPS.<version>.nupkg from out/SctpPS with
           PSResourceGet's Publish-PSResource (to a local folder repository; no network).
    Test   builds the package, then runs every test: xunit and Pester on the host, and every
           test that needs kernel SCTP in one boot of the sandbox (a User-Mode
           Linux kernel with SCTP) when the host kernel has no SCTP; in that boot the
           package is installed into an empty module path and smoke-tested. Ends with
           "Tests: N passed, N failed, N skipped"; exits non-zero on any failure.
    Demo   builds, then runs docs/Demo.ps1 on kernel SCTP (in the sandbox when needed).
    Bench  builds the module and the C references (gcc), then runs bench/Invoke-Bench.ps1
           on kernel SCTP; every number is a ratio to C measured in the same boot. Import
           (on this host) installs the package and times 'Import-Module SctpPS' against a
           bare pwsh start.
    Clean  removes out/ and the bin/obj folders.
    Debian packages the tests need are installed when missing (as root), or the
    exact apt-get command is printed.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Package', 'Test', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Run kernel tests in the sandbox even when the host kernel has SCTP.
    [switch] $ForceSandbox,
    # Bench: which benchmarks (PeelOff; Batch, Streaming, RequestResponse, or Messages for those
    # three; Import) and how many rounds each.
    [string[]] $Bench = @('PeelOff', 'Messages', 'Import'),
    # Bench: the message benchmarks' contenders (C, Managed, Java, Go, Cmdlets, Floor).
    [string[]] $Contenders = @('C', 'Managed', 'Java', 'Go', 'Cmdlets', 'Floor'),
    [int] $Rounds = 5,   # 5: UML runs vary up to ±15%, a median of 3 moved ratios by 0.1
    # Help: where the man pages are (man3/, man7/ below it).
    [string] $ManPath = '/usr/share/man',
    # Help: rewrite docs/*.md's syntax and parameter metadata from the cmdlets (new ones get placeholders).
    [switch] $UpdateDocs
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'SctpPS'
$ResultsDir = Join-Path $Out 'test-results'
$PackagesDir = Join-Path $Out 'packages'
# What out/SctpPS may hold that must not ship in the package.
$PackageExclude = @('*.pdb', '*.deps.json')
$Sandbox = Join-Path $Root 'tests/sandbox/run-in-sandbox.sh'

# What the tests and the demo need from Debian: the sandbox kernel and its tools,
# the man pages and headers, and SCTP peers that are not this module (lksctp-tools,
# socat, ncat, and OpenJDK's jdk.sctp over libsctp1), and the telecom daemons of
# tests/Interop.Tests.ps1 and TestConnection.Tests.ps1 (osmo-stp for M3UA, kamailio with its sctp module for SIP), and
# openssh-server for the fleet of tests/Fleet.psm1 (an sshd per network namespace, started by the
# test with a config of its own; the package's own ssh.service is not what the tests meet).
# Installing them starts no daemon the tests meet: osmo-stp.service is not enabled on a
# first install; kamailio's init script does nothing until /etc/default/kamailio says
# RUN_KAMAILIO=yes, and on systemd hosts kamailio.service runs the packaged config (UDP and
# TCP 5060, no SCTP). The tests start their own, with their own configs, and stop them by PID.
$DebianPackages = @('user-mode-linux', 'kmod', 'iproute2', 'libsctp-dev', 'libsctp1', 'lksctp-tools', 'socat', 'ncat', 'openjdk-17-jdk-headless',
    'osmo-stp', 'kamailio', 'kamailio-sctp-modules', 'openssh-server')
# What the Bench task adds: the peers a user would compare SctpPS with, built at bench time from
# Debian's packages only (no network): Go with github.com/ishidawataru/sctp (GOPATH=/usr/share/gocode),
# and Java's jdk.sctp (OpenJDK 17, over libsctp1, both in the list above).
$BenchPackages = @('golang-go', 'golang-github-ishidawataru-sctp-dev')

function Write-Step([string] $Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Install-DebianPackages([string[]] $Also = @()) {
    $missing = @(@($DebianPackages) + $Also | Where-Object {
        $status = & dpkg-query -W -f '${Status}' $_ 2>$null
        $LASTEXITCODE -ne 0 -or $status -notmatch 'install ok installed'
    })
    if (-not $missing) { return }
    $command = "apt-get update && apt-get install -y $($missing -join ' ')"
    if ((& id -u) -ne '0') {
        throw "Missing Debian packages: $($missing -join ', '). Run as root: $command"
    }
    Write-Step "Installing Debian packages: $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-q')
    Invoke-Native apt-get (@('install', '-y', '-q', '--no-install-recommends') + $missing)
}

function Invoke-Build {
    Write-Step "Building SctpPS ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/SctpPS/SctpPS.csproj'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:NoSummary')
    $bin = Join-Path $Root "src/SctpPS/bin/$Configuration/net8.0"
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null
    Copy-Item (Join-Path $Root 'SctpPS.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'src/SctpPS/SctpPS.Format.ps1xml') $ModuleOut
    Copy-Item (Join-Path $Root 'src/SctpPS/SctpPS.Types.ps1xml') $ModuleOut
    Copy-Item (Join-Path $bin 'SctpPS.dll') $ModuleOut
    foreach ($document in 'LICENSE', 'README.md', 'CHANGELOG.md') { Copy-Item (Join-Path $Root $document) $ModuleOut }
    Write-ReleaseNotes (Join-Path $ModuleOut 'SctpPS.psd1')
    Invoke-Help
    Write-Host "    module ready: $ModuleOut"
}

function Get-ChangelogSection([string] $Version) {
    # The body of CHANGELOG.md's '## [<Version>] ...' section, without HTML comments.
    $text = Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')
    $match = [regex]::Match($text, "(?ms)^## \[$([regex]::Escape($Version))\][^\n]*\n(?<body>.*?)(?=^## |\z)")
    if (-not $match.Success) { throw "CHANGELOG.md has no section '## [$Version]' for the manifest's ModuleVersion: add one." }
    $body = [regex]::Replace($match.Groups['body'].Value, '(?s)<!--.*?-->\s*', '')
    return ([regex]::Replace($body, '\n{3,}', "`n`n")).Trim()
}

function Write-ReleaseNotes([string] $Manifest) {
    # The source manifest keeps a placeholder; the built one gets this version's CHANGELOG section.
    $version = (Import-PowerShellDataFile $Manifest).ModuleVersion
    $notes = Get-ChangelogSection $version
    if ($notes -match 'TO FILL') { Write-Warning "CHANGELOG.md's [$version] section still has a TO FILL line: fill it in before releasing." }
    $pattern = [regex]::new("(?m)^(\s*ReleaseNotes\s*=\s*)'(?:[^']|'')*'")
    $text = Get-Content -Raw $Manifest
    if ($pattern.Matches($text).Count -ne 1) { throw "$Manifest needs exactly one single-quoted ReleaseNotes = '...' line." }
    $quoted = "'" + ($notes -replace "'", "''") + "'"
    $text = $pattern.Replace($text, { param($m) $m.Groups[1].Value + $quoted })
    Set-Content -Path $Manifest -Value $text -NoNewline
    if ((Import-PowerShellDataFile $Manifest).PrivateData.PSData.ReleaseNotes -ne $notes) { throw "ReleaseNotes did not survive the round trip through $Manifest." }
}

function Invoke-IsolatedPwsh {
    # A pwsh of its own whose HOME (and so PSResourceGet's repository list and the user module
    # path) is a scratch folder: nothing of the user's is read or changed.
    param([string] $HomePath, [string] $Command)
    $pwsh = Join-Path $PSHOME 'pwsh.dll'
    # Without ~/.config, .NET's ApplicationData folder is '' and Publish-PSResource's NuGet writes
    # NuGet/NuGet.Config into the current folder (seen: in the repository's root).
    New-Item -ItemType Directory -Force -Path (Join-Path $HomePath '.config') | Out-Null
    & env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME "HOME=$HomePath" 'PSModulePath=' `
        'POWERSHELL_TELEMETRY_OPTOUT=1' 'POWERSHELL_UPDATECHECK=Off' dotnet $pwsh -NoProfile -NonInteractive -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "pwsh (HOME=$HomePath) failed with exit code $LASTEXITCODE" }
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile (Join-Path $ModuleOut 'SctpPS.psd1')).ModuleVersion
    Write-Step "Packaging SctpPS $version with PSResourceGet"
    if (Test-Path $PackagesDir) { Remove-Item $PackagesDir -Recurse -Force }
    New-Item -ItemType Directory -Path $PackagesDir | Out-Null
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "sctpps-package-$([guid]::NewGuid())"
    $stage = Join-Path $scratch 'SctpPS'
    try {
        New-Item -ItemType Directory -Path $stage, (Join-Path $scratch 'home') | Out-Null
        Copy-Item (Join-Path $ModuleOut '*') $stage -Recurse
        Get-ChildItem $stage -Recurse -File -Include $PackageExclude | Remove-Item
        $q = { param($s) "'" + ($s -replace "'", "''") + "'" }
        Invoke-IsolatedPwsh -HomePath (Join-Path $scratch 'home') -Command (
            "`$ErrorActionPreference = 'Stop'; " +
            "Register-PSResourceRepository -Name SctpPSBuild -Uri $(& $q $PackagesDir) -Trusted; " +
            "Publish-PSResource -Path $(& $q $stage) -Repository SctpPSBuild")
    }
    finally { Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue }
    $package = Join-Path $PackagesDir "SctpPS.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Publish-PSResource did not write $package" }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($package)
    try { $entries = $zip.Entries | Sort-Object FullName | ForEach-Object { '      {0,9:N0}  {1}' -f $_.Length, $_.FullName } }
    finally { $zip.Dispose() }
    Write-Host ("    package ready: {0} ({1:N0} bytes)" -f $package, (Get-Item $package).Length)
    $entries | Write-Host
}

function Invoke-Help {
    Write-Step 'Generating help from docs/ and the lksctp man pages'
    if ($ManPath -eq '/usr/share/man' -and -not (Test-Path '/usr/share/man/man7/sctp.7.gz')) { Install-DebianPackages }
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/SctpPS.HelpGen/SctpPS.HelpGen.csproj'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:NoSummary')
    $helpGen = Join-Path $Root "src/SctpPS.HelpGen/bin/$Configuration/net10.0/SctpPS.HelpGen.dll"
    $docs = Join-Path $Root 'docs'
    if ($UpdateDocs) { Invoke-Native dotnet @($helpGen, '--docs', $docs, '--update-docs') }
    $helpOut = Join-Path $ModuleOut 'en-US'
    $markdownOut = Join-Path $Out 'help'
    Invoke-Native dotnet @($helpGen, '--docs', $docs, '--man-path', $ManPath, '--out', $helpOut, '--markdown-out', $markdownOut)
    # Where PlatyPS is installed, its New-ExternalHelp turns the same merged markdown into the MAML.
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        New-ExternalHelp -Path $markdownOut -OutputPath $helpOut -Force | Out-Null
        Write-Host "    MAML written by PlatyPS's New-ExternalHelp"
    }
}

function Test-HostSctp {
    # A probe socket in a child process, so this build process never loads the module.
    $probe = & dotnet pwsh -NoProfile -Command "Import-Module '$ModuleOut'; Test-SctpSupport"
    return ($probe | Select-Object -Last 1) -eq 'True'
}

function Invoke-InKernel {
    # Runs a command where kernel SCTP is: here, or inside the sandbox.
    param([string[]] $Command, [int] $TimeoutSeconds = 3600)
    if (-not $ForceSandbox -and (Test-HostSctp)) {
        Write-Step 'The host kernel has SCTP: running directly'
        & $Command[0] @($Command | Select-Object -Skip 1) | Out-Host
    }
    else {
        Install-DebianPackages
        Write-Step 'The host kernel has no SCTP: running in the sandbox (User-Mode Linux with sctp.ko)'
        & bash $Sandbox --timeout $TimeoutSeconds -- @Command | Out-Host
    }
    return $LASTEXITCODE
}

function Get-TestCounts {
    # Sums xunit (trx) and Pester (the suite's JSON summaries) results under out/test-results.
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem $ResultsDir -Filter *.trx -ErrorAction SilentlyContinue) {
        $c = ([xml](Get-Content -Raw $trx.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$c.passed
        $counts.Failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $counts.Skipped += [int]$c.notExecuted
    }
    foreach ($summary in Get-ChildItem $ResultsDir -Filter 'pester-*.json' -ErrorAction SilentlyContinue) {
        $r = Get-Content -Raw $summary.FullName | ConvertFrom-Json
        $counts.Passed += $r.Passed
        $counts.Failed += $r.Failed
        $counts.Skipped += $r.Skipped
    }
    return [pscustomobject]$counts
}

function Invoke-Test {
    Invoke-Package
    Install-DebianPackages
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ResultsDir | Out-Null
    $started = Get-Date
    $problems = [System.Collections.Generic.List[string]]::new()

    Write-Step 'Building the xunit tests'
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/SctpPS.Tests/SctpPS.Tests.csproj'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:NoSummary')

    Write-Step 'Compiling the SCTP peers that are not SctpPS (C over libsctp, Java jdk.sctp)'
    $peers = Join-Path $Out 'peers'
    New-Item -ItemType Directory -Force -Path $peers | Out-Null
    foreach ($source in Get-ChildItem (Join-Path $Root 'tests/peers') -Filter *.c) {
        Invoke-Native gcc @('-O2', '-Wall', '-Werror', '-o', (Join-Path $peers $source.BaseName), $source.FullName, '-lsctp')
    }
    Invoke-Native javac @('-d', $peers, (Join-Path $Root 'tests/peers/JavaSctpPeer.java'))

    # -NonInteractive: a test that makes PowerShell ask for a parameter fails at once instead of
    # waiting on standard input (interactive, pwsh prints the prompt and reads it).
    Write-Step 'Host tests (no kernel SCTP needed)'
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-TestSuite.ps1') -Scope Host -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { $problems.Add("host tests exited with $LASTEXITCODE") }

    # The package's smoke suite shares the kernel tests' boot and process (it runs the installed
    # module in a pwsh of its own): a boot and a pwsh start cost seconds under UML.
    Write-Step 'Kernel tests (need kernel SCTP), then the installed package''s smoke suite'
    $rc = Invoke-InKernel -Command @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/Invoke-TestSuite.ps1'), '-Scope', 'Kernel,Package', '-Configuration', $Configuration)
    if ($rc -ne 0) { $problems.Add("kernel or package tests exited with $rc") }

    $counts = Get-TestCounts
    # A suite that crashed before reporting counts as a failure, not as nothing.
    foreach ($expected in 'xunit-Host.trx', 'pester-Host.json', 'xunit-Kernel.trx', 'pester-Kernel.json', 'pester-Package.json') {
        if (-not (Test-Path (Join-Path $ResultsDir $expected))) {
            $problems.Add("$expected was not written: that suite did not run to the end")
            $counts.Failed++
        }
    }
    Write-Host ''
    Write-Host ("Suite wall time: {0:N1} s; results in {1}" -f ((Get-Date) - $started).TotalSeconds, $ResultsDir)
    if ($counts.Passed + $counts.Failed -eq 0) { $problems.Add('no test ran') }
    foreach ($p in $problems) { Write-Host "problem: $p" -ForegroundColor Red }
    Write-Host "Tests: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    if ($counts.Failed -gt 0 -or $problems.Count -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $rc = Invoke-InKernel -Command @('dotnet', 'pwsh', '-NoProfile', '-File', (Join-Path $Root 'docs/Demo.ps1'), '-ModulePath', $ModuleOut) -TimeoutSeconds 600
    if ($rc -ne 0) { throw "The demo failed (exit code $rc)" }
}

function New-ReadyToRunPwsh {
    # The project's pwsh (the dotnet tool) ships its assemblies as IL only; Microsoft's pwsh
    # packages are ReadyToRun-compiled (PowerShell/PowerShell#12361). A copy of the same pwsh,
    # compiled with the SDK's crossgen2, shows the import cost users of those packages see.
    # Made once per pwsh version (about a minute); returns its pwsh.dll.
    $target = Join-Path $Out 'bench/pwsh-readytorun'
    $stamp = Join-Path $target '.made-from'
    if ((Test-Path $stamp) -and (Get-Content -Raw $stamp).Trim() -eq $PSHOME) { return (Join-Path $target 'pwsh.dll') }
    Write-Step "Compiling a ReadyToRun copy of this pwsh ($PSHOME) with crossgen2"
    $project = Join-Path $Root 'bench/ReadyToRunPwsh/ReadyToRunPwsh.csproj'
    $null = Invoke-Native dotnet @('restore', $project, '--nologo', '-v', 'quiet')
    $assets = Get-Content -Raw (Join-Path $Root 'bench/ReadyToRunPwsh/obj/project.assets.json') | ConvertFrom-Json -AsHashtable
    $packages = @($assets.packageFolders.Keys)[0]
    $download = $assets.project.frameworks.Values.downloadDependencies | Where-Object name -like 'Microsoft.NETCore.App.Crossgen2.*'
    $crossgen = Join-Path $packages "$($download.name.ToLowerInvariant())/$($download.version.Trim('[]').Split(',')[0].Trim())/tools/crossgen2"
    if (-not (Test-Path $crossgen)) { throw "crossgen2 is not where the restore put it: $crossgen" }
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    Remove-Item $target -Recurse -Force -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force (Split-Path $target)
    Copy-Item $PSHOME $target -Recurse
    foreach ($assembly in Get-ChildItem (Join-Path $PSHOME '*.dll')) {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new([IO.File]::OpenRead($assembly.FullName))
        try { $ilOnly = $pe.HasMetadata -and $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -eq 0 }
        catch [BadImageFormatException] { $ilOnly = $false }   # a native library
        finally { $pe.Dispose() }
        if (-not $ilOnly) { continue }
        # A response file: pwsh would expand the references' wildcards itself (native globbing on Unix).
        $response = Join-Path $target 'crossgen2.rsp'
        Set-Content $response @($assembly.FullName, '-o', (Join-Path $target $assembly.Name), '-r', (Join-Path $framework '*.dll'),
            '-r', (Join-Path $PSHOME '*.dll'), '--targetos', 'linux', '--targetarch', 'x64', '-O')
        $null = Invoke-Native $crossgen @("@$response")
    }
    Remove-Item $response
    Set-Content $stamp $PSHOME
    Join-Path $target 'pwsh.dll'
}

function Invoke-Bench {
    # Import is about this machine's pwsh start, so it runs here, on the installed package.
    if ('Import' -in $Bench) {
        Invoke-Package
        $readyToRun = New-ReadyToRunPwsh
        $version = (Import-PowerShellDataFile (Join-Path $ModuleOut 'SctpPS.psd1')).ModuleVersion
        Write-Step 'Import benchmark (this host)'
        & dotnet pwsh -NoProfile -File (Join-Path $Root 'bench/Invoke-Bench.ps1') -Only Import -Rounds $Rounds -Package (Join-Path $PackagesDir "SctpPS.$version.nupkg") -ReadyToRunPwsh $readyToRun
        if ($LASTEXITCODE -ne 0) { throw "The import benchmark failed (exit code $LASTEXITCODE)" }
    }
    else { Invoke-Build }
    $kernelBench = @($Bench | Where-Object { $_ -ne 'Import' })
    if (-not $kernelBench) { return }
    Install-DebianPackages -Also $BenchPackages
    $native = Join-Path $Out 'bench'
    New-Item -ItemType Directory -Force -Path $native | Out-Null
    foreach ($source in Get-ChildItem (Join-Path $Root 'bench') -Filter *.c) {
        Write-Step "Compiling the C reference $($source.Name)"
        Invoke-Native gcc @('-O2', '-Wall', '-pthread', '-o', (Join-Path $native $source.BaseName), $source.FullName)
    }
    Write-Step 'Building the managed-API benchmark (bench/ManagedBench) and the floor''s no-op cmdlets (bench/NoOpCmdlets)'
    Invoke-Native dotnet @('build', (Join-Path $Root 'bench/ManagedBench/ManagedBench.csproj'), '-c', $Configuration, '-o', (Join-Path $native 'managed'), '--nologo', '-v', 'quiet', '-clp:NoSummary')
    Invoke-Native dotnet @('build', (Join-Path $Root 'bench/NoOpCmdlets/NoOpCmdlets.csproj'), '-c', $Configuration, '-o', (Join-Path $native 'noop'), '--nologo', '-v', 'quiet', '-clp:NoSummary')
    Write-Step 'Compiling the Java contender (bench/java, jdk.sctp) and the Go contender (bench/go, ishidawataru/sctp from Debian, offline)'
    Invoke-Native javac @('-d', (Join-Path $native 'java'), (Join-Path $Root 'bench/java/SctpBench.java'))
    $goEnvironment = @{ GO111MODULE = 'off'; GOPATH = '/usr/share/gocode'; GOCACHE = (Join-Path $Out 'go-cache'); GOFLAGS = '' }
    $saved = @{}; foreach ($k in $goEnvironment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $goEnvironment[$k]) }
    Push-Location (Join-Path $Root 'bench/go/sctpbench')
    try { Invoke-Native go @('build', '-o', (Join-Path $native 'sctpbench-go'), '.') }
    finally {
        Pop-Location
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
    }
    # The host's load average beside the results: the sandbox shares this machine's CPUs with other work.
    Write-Step "Load average on this host before the benchmarks: $((Get-Content /proc/loadavg) -replace ' \S+ \S+$')"
    # Tiered compilation off in the driver pwsh: see bench/Invoke-Bench.ps1.
    $rc = Invoke-InKernel -Command @('env', 'DOTNET_TieredCompilation=0', 'dotnet', 'pwsh', '-NoProfile', '-File', (Join-Path $Root 'bench/Invoke-Bench.ps1'), '-ModulePath', $ModuleOut, '-NativeDir', $native,
        '-Rounds', $Rounds, '-Only', ($kernelBench -join ','), '-Contenders', ($Contenders -join ',')) -TimeoutSeconds 3000
    Write-Step "Load average on this host after the benchmarks: $((Get-Content /proc/loadavg) -replace ' \S+ \S+$')"
    if ($rc -ne 0) { throw "The benchmarks failed (exit code $rc)" }
}

function Invoke-Clean {
    Write-Step 'Cleaning'
    foreach ($path in @($Out) + @(Get-ChildItem $Root -Recurse -Directory -Include bin, obj | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Help' { if (-not (Test-Path (Join-Path $ModuleOut 'SctpPS.dll'))) { Invoke-Build } else { Invoke-Help } }
        'Package' { Invoke-Package }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Clean' { Invoke-Clean }
    }
}
