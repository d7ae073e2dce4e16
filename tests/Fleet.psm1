# A small fleet inside the sandbox, for the tests of remoting and multi-homing (tests/Fleet.Tests.ps1):
# three hosts h1, h2, h3, each a network namespace with its own SCTP stack and its own sshd (with
# the PowerShell subsystem), on a LAN (a bridge in the sandbox's own namespace, which is where the
# tests run), and two more links between h1 and h2, for multi-homing:
#
#            10.213.0.254 (the tests)
#                 | bridge
#     +-----------+-----------+
#  lan0 10.213.0.1  10.213.0.2  10.213.0.3
#     h1 ==== link-a: 10.213.1.1 - 10.213.1.2 ==== h2            h3
#        ==== link-b: 10.213.2.1 - 10.213.2.2 ====
#
# Every address is the project's own, inside the sandbox: nothing reaches this machine's networks.
# Start-SctpFleet builds it, Stop-SctpFleet takes it down: namespaces, links, sshd and every process
# left in the namespaces (by PID), the bind mount of /etc/hosts (names h1, h2, h3), the temp folder.

$script:Lan = '10.213.0'
$script:LinkNets = [ordered]@{ a = '10.213.1'; b = '10.213.2' }

function Invoke-FleetNative {
    param([Parameter(Mandatory)][string] $File, [string[]] $Arguments = @())
    $output = & $File @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed ($LASTEXITCODE): $($output -join ' ')" }
    $output
}

function Start-SctpFleet {
    <#
    .SYNOPSIS
        Builds the fleet; returns an object with Hosts (Name, Namespace, Address, SshdProcess), Links (a, b),
        and SshParameters (UserName, KeyFilePath, Options) to splat into New-PSSession or Invoke-Command -HostName.
    #>
    [CmdletBinding()]
    param([string[]] $HostName = @('h1', 'h2', 'h3'))
    if ($env:SCTPPS_IN_SANDBOX -ne '1') {
        throw 'The fleet is built of network namespaces, a bridge and a bind mount of /etc/hosts, inside the sandbox only: run the tests there (tests/sandbox/run-in-sandbox.sh, or build.ps1 -Task Test -ForceSandbox).'
    }
    $id = $PID % 10000
    $dir = Join-Path ([IO.Path]::GetTempPath()) "sctpps-fleet-$PID"
    New-Item -ItemType Directory -Path $dir -Force | Out-Null
    $fleet = [pscustomobject]@{
        Id = $id; Directory = $dir; Bridge = "sfbr$id"; Hosts = [ordered]@{}; Links = [ordered]@{}
        HostsFileMounted = $false; SshParameters = $null; StartSeconds = 0
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try {
        # The LAN: a bridge here, one veth to each host.
        Invoke-FleetNative ip @('link', 'add', $fleet.Bridge, 'type', 'bridge') | Out-Null
        Invoke-FleetNative ip @('addr', 'add', "$script:Lan.254/24", 'dev', $fleet.Bridge) | Out-Null
        Invoke-FleetNative ip @('link', 'set', 'dev', $fleet.Bridge, 'up') | Out-Null
        $n = 0
        foreach ($name in $HostName) {
            $n++
            $ns = "sctpps$id-$name"
            Invoke-FleetNative ip @('netns', 'add', $ns) | Out-Null
            $fleet.Hosts[$name] = [pscustomobject]@{ Name = $name; Namespace = $ns; Address = "$script:Lan.$n"; Number = $n; SshdProcess = $null; Log = $null }
            Invoke-FleetNative ip @('-n', $ns, 'link', 'set', 'dev', 'lo', 'up') | Out-Null
            $port = "sf$id-$name"
            Invoke-FleetNative ip @('link', 'add', $port, 'type', 'veth', 'peer', 'name', 'lan0', 'netns', $ns) | Out-Null
            Invoke-FleetNative ip @('link', 'set', 'dev', $port, 'master', $fleet.Bridge, 'up') | Out-Null
            Invoke-FleetNative ip @('-n', $ns, 'addr', 'add', "$script:Lan.$n/24", 'dev', 'lan0') | Out-Null
            Invoke-FleetNative ip @('-n', $ns, 'link', 'set', 'dev', 'lan0', 'up') | Out-Null
        }
        # Two links between the first two hosts: the paths of a multi-homed association.
        $first, $second = @($fleet.Hosts.Values)[0, 1]
        foreach ($link in $script:LinkNets.Keys) {
            $net = $script:LinkNets[$link]
            $device = "link-$link"
            Invoke-FleetNative ip @('link', 'add', 'name', $device, 'netns', $first.Namespace, 'type', 'veth', 'peer', 'name', $device, 'netns', $second.Namespace) | Out-Null
            foreach ($end in $first, $second) {
                Invoke-FleetNative ip @('-n', $end.Namespace, 'addr', 'add', "$net.$($end.Number)/24", 'dev', $device) | Out-Null
                Invoke-FleetNative ip @('-n', $end.Namespace, 'link', 'set', 'dev', $device, 'up') | Out-Null
            }
            $fleet.Links[$link] = [pscustomobject]@{
                Name = $link; Device = $device
                Addresses = [ordered]@{ $first.Name = "$net.$($first.Number)"; $second.Name = "$net.$($second.Number)" }
            }
        }
        Start-FleetSsh $fleet
        $fleet.StartSeconds = $clock.Elapsed.TotalSeconds
        $fleet
    }
    catch {
        Stop-SctpFleet $fleet
        throw
    }
}

function Start-FleetSsh {
    # Keys made here and now, an sshd per host with the PowerShell subsystem, and the names h1, h2, h3.
    param($Fleet)
    $dir = $Fleet.Directory
    $key = Join-Path $dir 'id_ed25519'
    Invoke-FleetNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'sctpps-fleet', '-f', $key) | Out-Null
    Copy-Item "$key.pub" (Join-Path $dir 'authorized_keys')
    $knownHosts = Join-Path $dir 'known_hosts'
    # The remote pwsh is this one: the same dotnet host and pwsh.dll (the project's dotnet tool).
    $dotnet = (Get-Process -Id $PID).Path
    $pwsh = Join-Path $PSHOME 'pwsh.dll'
    $moduleRoot = Split-Path (Join-Path (Split-Path $PSScriptRoot -Parent) 'out/SctpPS') -Parent
    $launcher = Join-Path $dir 'sshd.sh'
    Set-Content -Path $launcher -Value @'
#!/bin/sh
# One fleet host's sshd: a /run of its own (for its privilege separation directory), in the foreground.
mount -t tmpfs tmpfs /run && mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e -f "$1" > "$2" 2>&1
'@
    $known = foreach ($h in $Fleet.Hosts.Values) {
        $hostKey = Join-Path $dir "host_$($h.Name)"
        Invoke-FleetNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', $h.Name, '-f', $hostKey) | Out-Null
        $config = Join-Path $dir "sshd_$($h.Name).conf"
        Set-Content -Path $config -Value @"
ListenAddress $($h.Address)
HostKey $hostKey
PidFile none
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PrintMotd no
MaxStartups 32
SetEnv HOME=$HOME PATH=$env:PATH PSModulePath=$moduleRoot TMPDIR=$([IO.Path]::GetTempPath().TrimEnd('/')) LANG=C.UTF-8 SCTPPS_IN_SANDBOX=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
Subsystem powershell $dotnet $pwsh -sshs -NoLogo -NoProfile
"@
        $h.Log = Join-Path $dir "sshd_$($h.Name).log"
        $info = [Diagnostics.ProcessStartInfo]::new('ip')
        foreach ($a in 'netns', 'exec', $h.Namespace, '/bin/sh', $launcher, $config, $h.Log) { $info.ArgumentList.Add($a) }
        $info.UseShellExecute = $false
        $info.RedirectStandardInput = $true
        $h.SshdProcess = [Diagnostics.Process]::Start($info)
        "$($h.Name),$($h.Address) $((Get-Content "$hostKey.pub") -replace ' \S+$', '')"
    }
    Set-Content -Path $knownHosts -Value $known
    # The names, for ssh and for Invoke-Command -HostName h1, h2: the sandbox's own view of /etc/hosts.
    $hostsFile = Join-Path $dir 'hosts'
    Set-Content -Path $hostsFile -Value (@(Get-Content /etc/hosts) + @($Fleet.Hosts.Values | ForEach-Object { "$($_.Address) $($_.Name)" }))
    Invoke-FleetNative mount @('--bind', $hostsFile, '/etc/hosts') | Out-Null
    $Fleet.HostsFileMounted = $true
    foreach ($h in $Fleet.Hosts.Values) {
        # Its log appears when its shell runs, which may take a while on a busy machine: until then there is
        # nothing to read (Select-String on a missing file throws ItemNotFoundException, SilentlyContinue or not).
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not ((Test-Path -LiteralPath $h.Log) -and (Select-String -LiteralPath $h.Log -Pattern 'Server listening' -Quiet))) {
            if ($h.SshdProcess.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                $log = if (Test-Path -LiteralPath $h.Log) { Get-Content -Raw -LiteralPath $h.Log } else { '(no log yet)' }
                throw "sshd on $($h.Name) did not start: $log"
            }
            Start-Sleep -Milliseconds 50
        }
    }
    $Fleet.SshParameters = @{
        UserName    = [Environment]::UserName
        KeyFilePath = $key
        Options     = @{ UserKnownHostsFile = $knownHosts; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes'; BatchMode = 'yes' }
    }
}

function Stop-SctpFleet {
    <# Takes the fleet down: its sessions, sshd, every process left in its namespaces, the namespaces and links, /etc/hosts, the folder. #>
    param($Fleet)
    if ($null -eq $Fleet) { return }
    $names = @($Fleet.Hosts.Keys) + @($Fleet.Hosts.Values | ForEach-Object Address)
    Get-PSSession | Where-Object ComputerName -In $names | Remove-PSSession
    foreach ($h in $Fleet.Hosts.Values) {
        if ($h.SshdProcess -and -not $h.SshdProcess.HasExited) {
            $h.SshdProcess.Kill()
            $h.SshdProcess.WaitForExit(5000) | Out-Null
        }
        # What sshd started and what the tests started there (sessions' pwsh, peers): ours, by PID.
        foreach ($p in @(& ip netns pids $h.Namespace 2>$null)) {
            try { $process = [Diagnostics.Process]::GetProcessById([int]$p); $process.Kill(); $process.WaitForExit(5000) | Out-Null } catch { }
        }
        & ip netns del $h.Namespace 2>$null   # its veth ends go with it, and their peers
    }
    & ip link del $Fleet.Bridge 2>$null
    if ($Fleet.HostsFileMounted) { & umount /etc/hosts; $Fleet.HostsFileMounted = $false }
    Remove-Item -Recurse -Force $Fleet.Directory -ErrorAction SilentlyContinue
}

function Set-SctpFleetLink {
    <#
    Takes one end of a link down or up (ip link set DEV down, inside that host's namespace), and says
    when: a small shell reads the clock right before and right after ip (Before, After, UTC), so the
    link changed between the two. Requested is when this function was called: starting a process from
    pwsh can take seconds on a busy machine (StartMs says how long it took here), and a time measured
    from Requested counts that too. Measure what the link change caused from After.
    #>
    param([Parameter(Mandatory)] $Fleet, [Parameter(Mandatory)][string] $Link, [Parameter(Mandatory)][string] $HostName,
          [Parameter(Mandatory)][ValidateSet('up', 'down')][string] $State)
    $requested = [DateTime]::UtcNow
    $clock = 'date +%s%N; ip -n "$1" link set dev "$2" "$3" || exit; date +%s%N'
    $times = @(Invoke-FleetNative sh @('-c', $clock, 'sh', $Fleet.Hosts[$HostName].Namespace, $Fleet.Links[$Link].Device, $State)) |
        ForEach-Object { [DateTime]::UnixEpoch.AddTicks([long]"$_" / 100) }
    if ($times.Count -ne 2) { throw "ip link set: expected two clock readings, got: $times" }
    [pscustomobject]@{
        Requested = $requested; Before = $times[0]; After = $times[1]
        StartMs = ($times[0] - $requested).TotalMilliseconds; IpMs = ($times[1] - $times[0]).TotalMilliseconds
    }
}

function Get-SctpFleetLinkCounter {
    <# The packets and bytes one end of a link has sent and received (the interface's counters, from the kernel of that host). #>
    param([Parameter(Mandatory)] $Fleet, [Parameter(Mandatory)][string] $Link, [Parameter(Mandatory)][string] $HostName)
    $json = Invoke-FleetNative ip @('-n', $Fleet.Hosts[$HostName].Namespace, '-s', '-j', 'link', 'show', 'dev', $Fleet.Links[$Link].Device)
    $stats = ($json -join '' | ConvertFrom-Json)[0].stats64
    [pscustomobject]@{ Link = $Link; Host = $HostName; TxPackets = [long]$stats.tx.packets; RxPackets = [long]$stats.rx.packets; TxBytes = [long]$stats.tx.bytes }
}

function Start-SctpFleetProcess {
    <# Starts a program on a fleet host (inside its namespace), its output drained; Stop-SctpFleet ends it if the test does not. #>
    param([Parameter(Mandatory)] $Fleet, [Parameter(Mandatory)][string] $HostName, [Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    $info = [Diagnostics.ProcessStartInfo]::new('ip')
    foreach ($a in @('netns', 'exec', $Fleet.Hosts[$HostName].Namespace, $FilePath) + $ArgumentList) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()
    $process
}

Export-ModuleMember -Function Start-SctpFleet, Stop-SctpFleet, Set-SctpFleetLink, Get-SctpFleetLinkCounter, Start-SctpFleetProcess
