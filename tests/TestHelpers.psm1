# Shared by every Pester suite: where the built module is, descriptor counting,
# error record checks, and child pwsh processes for per-process conditions.

$script:Root = Split-Path $PSScriptRoot -Parent
$script:ModulePath = Join-Path $script:Root 'out/SctpPS'

function Get-SctpPSModulePath { $script:ModulePath }

function Get-JavaPeerPath { Join-Path $script:Root 'out/peers' }

function Start-SctpTestPeer {
    <#
    .SYNOPSIS
        Starts tests/peers/sctp_peer.c (built to out/peers by build.ps1): an SCTP peer that is not
        SctpPS and prints every association change it sees. -Listen PORT or -Connect PORT (127.0.0.1).
        Its output goes to a file (read with Wait-SctpTestPeer), its stdin takes commands
        (Send-SctpTestPeerCommand: send TEXT, eof, abort, close, verbose).
    #>
    param([int] $Listen, [int] $Connect)
    $binary = Join-Path $script:Root 'out/peers/sctp_peer'
    if (-not (Test-Path $binary)) { throw "$binary is missing: build.ps1 -Task Test compiles tests/peers/sctp_peer.c" }
    $log = [System.IO.Path]::GetTempFileName()
    $arguments = if ($Listen) { @('listen', "$Listen") } else { @('connect', '127.0.0.1', "$Connect") }
    $info = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    foreach ($a in @('-c', 'exec "$0" "$@" > "$SCTP_PEER_LOG" 2>&1', $binary) + $arguments) { $info.ArgumentList.Add($a) }
    $info.Environment['SCTP_PEER_LOG'] = $log
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $peer = [pscustomobject]@{ Process = $process; Log = $log; Port = if ($Listen) { $Listen } else { $Connect } }
    if (-not (Wait-SctpTestPeer $peer 'READY')) { Stop-SctpTestPeer $peer; throw "sctp_peer did not start: $(Get-Content -Raw $log)" }
    $peer
}

function Get-SctpTestPeerOutput {
    param([Parameter(Mandatory)] $Peer)
    @(Get-Content -LiteralPath $Peer.Log -ErrorAction SilentlyContinue)
}

function Wait-SctpTestPeer {
    <# Waits for a line of the peer's output that matches; returns it (or nothing on timeout). #>
    param([Parameter(Mandatory)] $Peer, [Parameter(Mandatory)][string] $Pattern, [int] $TimeoutMs = 10000)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    do {
        $line = Get-SctpTestPeerOutput $Peer | Where-Object { $_ -match $Pattern } | Select-Object -First 1
        if ($line) { return $line }
        Start-Sleep -Milliseconds 20
    } while ($clock.ElapsedMilliseconds -lt $TimeoutMs)
}

function Send-SctpTestPeerCommand {
    param([Parameter(Mandatory)] $Peer, [Parameter(Mandatory)][string] $Command)
    $Peer.Process.StandardInput.WriteLine($Command)
    $Peer.Process.StandardInput.Flush()
}

function Stop-SctpTestPeer {
    <# Ends the peer (SIGKILL with -Kill, else end of its stdin) and removes its log. #>
    param($Peer, [switch] $Kill)
    if ($null -eq $Peer) { return }
    $p = $Peer.Process
    if (-not $p.HasExited) {
        if ($Kill) { $p.Kill() } else { try { $p.StandardInput.Close() } catch { } }
        if (-not $p.WaitForExit(5000)) { $p.Kill(); $p.WaitForExit(5000) | Out-Null }
    }
    $p.Dispose()
    Remove-Item -LiteralPath $Peer.Log -ErrorAction SilentlyContinue
}

function Get-OpenFdCount {
    <#
    The socket descriptors this process has open: what a leaked SCTP descriptor raises.
    (Counting every descriptor would also count files the engine opens in the background.)
    #>
    @([System.IO.Directory]::GetFileSystemEntries('/proc/self/fd') | Where-Object {
        "$([System.IO.FileInfo]::new($_).LinkTarget)".StartsWith('socket:')
    }).Count
}

function Start-Peer {
    <#
    .SYNOPSIS
        Starts an SCTP peer that is not this module (socat, sctp_darn, ncat), with its
        standard input kept open so that it stays connected until Stop-Peer.
    #>
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    # Drain the output asynchronously so the peer never blocks on a full pipe.
    $process.BeginErrorReadLine()
    $process
}

function Stop-Peer {
    param([System.Diagnostics.Process] $Process)
    if ($null -eq $Process) { return }
    if (-not $Process.HasExited) { try { $Process.Kill() } catch { } }
    $Process.WaitForExit(5000) | Out-Null
    $Process.Dispose()
}

function Wait-Until {
    <# Polls a condition up to a timeout; returns whether it became true. #>
    param([Parameter(Mandatory)][scriptblock] $Condition, [int] $TimeoutMs = 10000)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while ($clock.ElapsedMilliseconds -lt $TimeoutMs) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds 20
    }
    return [bool](& $Condition)
}

function Wait-SctpListener {
    <# Waits until some process listens for SCTP on the port (/proc/net/sctp/eps). #>
    param([Parameter(Mandatory)][int] $Port)
    # Column 6 is LPORT (the header's own sixth word is "LPORT", never a number).
    Wait-Until { Get-Content /proc/net/sctp/eps | Where-Object { ($_.Trim() -split '\s+')[5] -eq "$Port" } }
}

function Set-SctpSysctl {
    <#
    Sets net.sctp.NAME (the sandbox runs as root). One write(2) of the value, as sysctl(8) does:
    Set-Content's way of writing does not reach a /proc/sys file.
    #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)] $Value)
    $path = "/proc/sys/net/sctp/$Name"
    $stream = [System.IO.FileStream]::new($path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Write)
    try { $bytes = [System.Text.Encoding]::ASCII.GetBytes("$Value`n"); $stream.Write($bytes, 0, $bytes.Length) }
    finally { $stream.Dispose() }
    if ((Get-Content $path) -ne "$Value") { throw "Could not set net.sctp.$Name to $Value." }
}

function Use-SctpSysctl {
    <# Runs a block with net.sctp.* values set, and restores them; sockets copy most of these when created. #>
    param([Parameter(Mandatory)][hashtable] $Values, [Parameter(Mandatory)][scriptblock] $Body)
    $saved = @{}
    foreach ($k in $Values.Keys) { $saved[$k] = Get-Content "/proc/sys/net/sctp/$k"; Set-SctpSysctl $k $Values[$k] }
    try { & $Body } finally { foreach ($k in $saved.Keys) { Set-SctpSysctl $k $saved[$k] } }
}

function Assert-SctpError {
    <#
    .SYNOPSIS
        Checks one ErrorRecord: ErrorId, category, errno name and number in the message, and target.
    #>
    param(
        [Parameter(Mandatory)] $ErrorRecord,
        [Parameter(Mandatory)] [string] $ErrorId,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorCategory] $Category,
        [string] $Errno,
        $TargetObject
    )
    $ErrorRecord | Should -Not -BeNullOrEmpty -Because "an error record was expected"
    $ErrorRecord.FullyQualifiedErrorId.Split(',')[0] | Should -Be $ErrorId
    $ErrorRecord.CategoryInfo.Category | Should -Be $Category
    if ($Errno) {
        $number = [int][SctpPS.Native.Errno]$Errno
        "$ErrorRecord" | Should -Match "\b$Errno, errno $number\b"
    }
    if ($PSBoundParameters.ContainsKey('TargetObject')) {
        "$($ErrorRecord.TargetObject)" | Should -Be "$TargetObject"
    }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script in a new pwsh (same engine) with the module imported, optionally wrapped
        (setpriv, unshare, ...); returns what the script wrote to the pipeline, as objects (JSON).
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Wrapper = @(),
        [hashtable] $Environment = @{}
    )
    $scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("sctpps-child-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $scratch | Out-Null
    try {
        $file = Join-Path $scratch 'child.ps1'
        $outFile = Join-Path $scratch 'out.json'
        Set-Content -Path $file -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModulePath'
function Get-OpenSocketCount { @([System.IO.Directory]::GetFileSystemEntries('/proc/self/fd') | Where-Object { "`$([System.IO.FileInfo]::new(`$_).LinkTarget)".StartsWith('socket:') }).Count }
`$result = & { $Script }
`$result | ConvertTo-Json -Depth 4 -Compress | Set-Content '$outFile'
"@
        & chmod -R a+rwx $scratch
        $pwsh = Join-Path $PSHOME 'pwsh.dll'
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try {
            $all = @($Wrapper) + @('dotnet', $pwsh, '-NoProfile', '-NonInteractive', '-File', $file)
            $output = & $all[0] @($all[1..($all.Count - 1)]) 2>&1
            if ($LASTEXITCODE -ne 0 -or -not (Test-Path $outFile)) {
                throw "child pwsh failed (exit $LASTEXITCODE): $($output -join [Environment]::NewLine)"
            }
        }
        finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
        Get-Content -Raw $outFile | ConvertFrom-Json
    }
    finally {
        Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-SctpPSModulePath, Get-JavaPeerPath, Start-SctpTestPeer, Get-SctpTestPeerOutput, Wait-SctpTestPeer, Send-SctpTestPeerCommand, Stop-SctpTestPeer, Get-OpenFdCount, Assert-SctpError, Set-SctpSysctl, Use-SctpSysctl, Invoke-ChildPwsh, Start-Peer, Stop-Peer, Wait-Until, Wait-SctpListener
