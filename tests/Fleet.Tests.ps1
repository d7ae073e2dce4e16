# Kernel tests on a small fleet inside the sandbox (tests/Fleet.psm1): three hosts (network
# namespaces, each with its own SCTP stack and sshd), PowerShell remoting over SSH to them, the
# fan-out example of about_SctpPS, and multi-homing over two real links that fail and come back.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'RoundTrip.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Fleet.psm1') -Force
    $script:RoundTripModule = Join-Path $PSScriptRoot 'RoundTrip.psm1'
}

Describe 'A fleet of three hosts' -Tag Kernel {
    BeforeAll {
        $script:fleet = Start-SctpFleet
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ssh = $script:fleet.SshParameters
        $script:sessions = New-PSSession -HostName h1, h2 @ssh
        Write-Host ("    fleet: built in {0:N1} s, sessions to h1 and h2 opened in {1:N1} s" -f $script:fleet.StartSeconds, $clock.Elapsed.TotalSeconds)
        $script:h1 = $script:sessions | Where-Object ComputerName -eq 'h1'
        $script:h2 = $script:sessions | Where-Object ComputerName -eq 'h2'
        # h3 offers an SCTP service (a peer that is not SctpPS) on its LAN address, port 3868.
        $script:service = Start-SctpFleetProcess -Fleet $script:fleet -HostName h3 -FilePath socat -ArgumentList '-u', 'SCTP-LISTEN:3868,fork,reuseaddr', 'OPEN:/dev/null'
    }
    AfterAll {
        Stop-SctpFleet $script:fleet
        @(& ip netns list) | Where-Object { $_ -like "sctpps$($script:fleet.Id)-*" } | Should -BeNullOrEmpty -Because 'the fleet leaves nothing behind'
    }

    Context 'remoting' {
        It 'returns SctpPS objects of every kind from two hosts, with PSComputerName, property by property' {
            $out = @(Invoke-Command -Session $script:sessions -ArgumentList $script:RoundTripModule -ScriptBlock {
                    param($RoundTrip)
                    Import-Module SctpPS; Import-Module $RoundTrip
                    $objects = @(New-SctpObjectSample -Port 6000)
                    $witnesses = ConvertTo-Json -InputObject @($objects | ForEach-Object { Get-SctpWitness $_ }) -Depth 4 -Compress
                    $objects
                    $witnesses
                })
            foreach ($name in 'h1', 'h2') {
                $mine = @($out | Where-Object PSComputerName -eq $name)
                $witnesses = @($mine[-1] | ConvertFrom-Json)
                $copies = $mine[0..($mine.Count - 2)]
                $copies.Count | Should -Be $witnesses.Count -Because "every object of $name came back"
                $copies.Count | Should -BeGreaterThan 10
                for ($i = 0; $i -lt $copies.Count; $i++) {
                    Compare-SctpWitness -Copy $copies[$i] -Witness $witnesses[$i] | Should -BeNullOrEmpty -Because "$name object $i, $($copies[$i].PSObject.TypeNames[0])"
                }
                $association = $copies | Where-Object { $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpAssociation' }
                $association.State | Should -Be 'Established'
                $association.Paths[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.SctpPS.SctpPath'
                $association.Statistics.PacketsSent | Should -BeGreaterThan 0
                # On its host, the association had the host's own addresses.
                $association.LocalAddresses | Should -Contain $script:fleet.Hosts[$name].Address
            }
            $table = $out | Where-Object { $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpSocket' } | Sort-Object PSComputerName, Id | Format-Table | Out-String -Width 120
            Write-Host $table
            # The socket table, and PowerShell's own column for the host the object came from.
            $table | Should -Match 'Id\s+Fd\s+Style\s+Family\s+LocalPort\s+Listening\s+Closed\s+PeeledFrom\s+LocalAddresses\s+PSComputerName'
            $table | Should -Match '(?m)^\s+\d+\s+\d+\s+OneToMany\s+IPv4\s+6000\s+True\s+False\s.*\sh1\s*$'
            $table | Should -Match '(?m)^\s+\d+\s+\d+\s+OneToOne\s+IPv4\s+6000\s+False\s+False\s+\d+/\d+\s.*\sh2\s*$'
            Invoke-Command -Session $script:sessions { Get-SctpSocket | Close-SctpSocket }
        }

        It 'names the buffer size limit in a network namespace too, where /proc/sys/net/core shows no wmem_max' {
            $warning = Invoke-Command -Session $script:h1 {
                $socket = New-SctpSocket
                try { Set-SctpSocketOption -Socket $socket -SendBufferSize 16MB -WarningVariable w -WarningAction SilentlyContinue; "$w" }
                finally { $socket | Close-SctpSocket }
            }
            Test-Path /proc/sys/net/core/wmem_max | Should -BeTrue -Because 'the sandbox''s own namespace shows it'
            $wmem = [int](Get-Content /proc/sys/net/core/wmem_max)
            $warning | Should -Match "SendBufferSize: 16777216 bytes asked, the kernel gave $(2 * $wmem): it caps the size at twice net\.core\.wmem_max \($wmem bytes, as its answer shows; this network namespace does not show /proc/sys/net/core/wmem_max\)"
        }

        It 'runs the fan-out example of about_SctpPS (Many hosts) against h3, and its table names each host' {
            $about = Get-Content -Raw (Join-Path (Split-Path $PSScriptRoot -Parent) 'docs/about_SctpPS.md')
            $section = $about.Substring($about.IndexOf('## Many hosts'))
            $code = [regex]::Match($section, '```powershell\r?\n(.*?)```', 'Singleline').Groups[1].Value
            $code | Should -Match 'Invoke-Command -Session \$sessions -ThrottleLimit'
            # What the example leaves to ~/.ssh: this fleet's key and known hosts.
            $PSDefaultParameterValues['New-PSSession:KeyFilePath'] = $script:fleet.SshParameters.KeyFilePath
            $PSDefaultParameterValues['New-PSSession:Options'] = $script:fleet.SshParameters.Options
            $clock = [Diagnostics.Stopwatch]::StartNew()
            try {
                $rendered = . ([scriptblock]::Create($code)) | Out-String -Width 120
            }
            finally {
                $PSDefaultParameterValues.Remove('New-PSSession:KeyFilePath')
                $PSDefaultParameterValues.Remove('New-PSSession:Options')
            }
            Write-Host ("    the example took {0:N1} s:" -f $clock.Elapsed.TotalSeconds)
            Write-Host $rendered
            $unreachable | Should -BeNullOrEmpty
            $failed | Should -BeNullOrEmpty
            $sessions.State | Should -Be @('Closed', 'Closed') -Because 'the example removes its sessions'
            @($probes).Count | Should -Be 2
            ($probes.PSComputerName | Sort-Object) | Should -Be @('h1', 'h2')
            $probes.Reachable | Should -Be @($true, $true)
            $probes.ShutdownComplete | Should -Be @($true, $true) -Because 'the probe ended with SHUTDOWN on both hosts'
            $probes[0].PeerAddresses[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.SctpPS.SctpPath' -Because 'its paths came back as objects'
            $probes.PeerAddresses.State | Should -Not -Contain $null
            $rendered | Should -Match '(?m)^ComputerName\s+RemotePort\s+Reachable\s+SetupTimeMs\s+Streams\s+Result\s+PSComputerName\s*$'
            $rendered | Should -Match '(?m)^10\.213\.0\.3\s+3868\s+True\s+[\d.]+\s+10/10\s+\*10\.213\.0\.3 Active\s+h1\s*$'
            @($results).Count | Should -Be 2
            ($results.PSComputerName | Sort-Object) | Should -Be @('h1', 'h2')
            $results.State | Should -Be @('Established', 'Established')
            $results.PeerEndPoint | Should -Be @('10.213.0.3:3868', '10.213.0.3:3868')
            # At 120 columns: the association table, its ports, and the host each came from (PowerShell's column).
            $rendered | Should -Match '(?m)^\s+Id\s+State\s+SocketId\s+LocalEndPoint\s+PeerEndPoint\s+Streams\s+PSComputerName\s*$'
            $rendered | Should -Match '(?m)^\s+\d+\s+Established\s+\d+\s+10\.213\.\d\.1:\d+ \(\+2\)\s+10\.213\.0\.3:3868\s+10/10\s+h1\s*$'
            $rendered | Should -Match '(?m)^\s+\d+\s+Established\s+\d+\s+10\.213\.\d\.2:\d+ \(\+2\)\s+10\.213\.0\.3:3868\s+10/10\s+h2\s*$'
            # The summary of nested values, true ones: each host's path to the peer, Active, and the
            # packets its association sent (INIT and COOKIE ECHO at least).
            $rendered | Should -Match '(?m)^PSComputerName\s+PeerEndPoint\s+Paths\s+PacketsSent\s*$'
            foreach ($name in 'h1', 'h2') {
                $rendered | Should -Match "(?m)^$name\s+10\.213\.0\.3:3868\s+10\.213\.0\.3 Active\s+\d+\s*`$"
                ($results | Where-Object PSComputerName -eq $name).Statistics.PacketsSent | Should -BeGreaterOrEqual 2
            }
        }
    }

    Context 'multi-homing over two links (h1 = 10.213.1.1 + 10.213.2.1, h2 = 10.213.1.2 + 10.213.2.2)' {
        BeforeAll {
            # Failure detection tuned low, so that the test is quick: the same on both ends.
            $script:tune = [ordered]@{ HeartbeatIntervalMs = 200; RtoInitialMs = 200; RtoMinMs = 200; RtoMaxMs = 500; PathMaxRetransmits = 2; AssociationMaxRetransmits = 30 }
            $script:times = [ordered]@{}
            # On each end: its socket, what it calls the peer's address on link a, a receiver that
            # timestamps everything it receives, and a way to wait for a path state.
            $setup = {
                param($Tune, $LocalAddresses, $PeerOnA, [bool] $Listen)
                Import-Module SctpPS
                $script:peerOnA = $PeerOnA
                $script:sock = if ($Listen) {
                    New-SctpSocket -LocalAddress $LocalAddresses -LocalPort 5000 -Listen -NoDelay -Subscribe AssociationChange, PeerAddressChange
                } else {
                    New-SctpSocket -LocalAddress $LocalAddresses -NoDelay -Subscribe AssociationChange, PeerAddressChange
                }
                Set-SctpSocketOption -Socket $script:sock @Tune
                $script:received = [Collections.Concurrent.ConcurrentQueue[object]]::new()
                $script:control = [hashtable]::Synchronized(@{ Stop = $false; Sent = 0 })
                $script:receiver = Start-ThreadJob -ArgumentList $script:sock, $script:received, $script:control -ScriptBlock {
                    param($Socket, $Received, $Control)
                    while (-not $Control.Stop) {
                        foreach ($item in @(Receive-SctpMessage -Socket $Socket -AsText -TimeoutSeconds 1 -ErrorAction SilentlyContinue)) {
                            $Received.Enqueue([pscustomobject]@{ At = [DateTime]::UtcNow; Item = $item })
                        }
                    }
                }
                function global:Wait-PathState([string] $State, [int] $TimeoutMs = 20000) {
                    # Polls here, on the host, so that the time is this end's: returns when, then the association.
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    do {
                        $association = Get-SctpAssociation -Socket $script:sock | Select-Object -First 1
                        if (($association.Paths | Where-Object PeerAddress -eq $script:peerOnA).State -eq $State) { [DateTime]::UtcNow; $association; return }
                        Start-Sleep -Milliseconds 10
                    } while ($clock.ElapsedMilliseconds -lt $TimeoutMs)
                    $association
                }
                function global:Start-PathWatch([string] $State, [int] $TimeoutMs = 60000) {
                    # Wait-PathState, started before the link changes (a remote call that starts after it
                    # may come too late to see when): a thread that polls, and says so before this returns.
                    $ready = [hashtable]::Synchronized(@{ Polling = $false })
                    $script:watch = Start-ThreadJob -ArgumentList $script:sock, $script:peerOnA, $State, $TimeoutMs, $ready -ScriptBlock {
                        param($Socket, $PeerOnA, $State, $TimeoutMs, $Ready)
                        $clock = [Diagnostics.Stopwatch]::StartNew()
                        do {
                            $association = Get-SctpAssociation -Socket $Socket | Select-Object -First 1
                            $Ready.Polling = $true
                            if (($association.Paths | Where-Object PeerAddress -eq $PeerOnA).State -eq $State) { [DateTime]::UtcNow; $association; return }
                            Start-Sleep -Milliseconds 10
                        } while ($clock.ElapsedMilliseconds -lt $TimeoutMs)
                        $association
                    }
                    while (-not $ready.Polling -and $script:watch.State -in 'NotStarted', 'Running') { Start-Sleep -Milliseconds 10 }
                }
                function global:Receive-PathWatch { $script:watch | Wait-Job | Receive-Job; $script:watch | Remove-Job }
                function global:Get-Received([datetime] $Since = [datetime]::MinValue) {
                    # Flat records (what each item was, when it came): messages by number and source, notifications by text.
                    foreach ($r in $script:received.ToArray()) {
                        if ($r.At -lt $Since) { continue }
                        if ($r.Item -is [SctpPS.SctpMessage]) {
                            # A message's text: its number and when the sender sent it (the same clock: one kernel).
                            $number, $ticks = $r.Item.Text -split ' '
                            [pscustomobject]@{ At = $r.At; Number = [int]$number; SentAt = [datetime]::new([long]$ticks, [DateTimeKind]::Utc); From = $r.Item.RemoteEndPoint; Text = $null }
                        }
                        else { [pscustomobject]@{ At = $r.At; Number = $null; From = $r.Item.Address; Text = $r.Item.Text; State = "$($r.Item.State)" } }
                    }
                }
            }
            Invoke-Command -Session $script:h2 -ScriptBlock $setup -ArgumentList $script:tune, @('10.213.1.2', '10.213.2.2'), '10.213.1.1', $true
            Invoke-Command -Session $script:h1 -ScriptBlock $setup -ArgumentList $script:tune, @('10.213.1.1', '10.213.2.1'), '10.213.1.2', $false
            # h1 connects to both of h2's addresses (sctp_connectx) and sends a numbered message every 20 ms,
            # with the time it sent it: the far end's receiver thread stamps what it reads, and on a busy
            # machine it may read late; the two times together say whether a delay was the network's.
            $script:association = Invoke-Command -Session $script:h1 {
                $script:association = Connect-SctpAssociation -Socket $script:sock -RemoteAddress 10.213.1.2, 10.213.2.2 -RemotePort 5000 -TimeoutSeconds 10
                $script:sender = Start-ThreadJob -ArgumentList $script:association, $script:control -ScriptBlock {
                    param($Association, $Control)
                    $n = 0
                    while (-not $Control.Stop) {
                        $n++
                        Send-SctpMessage -Association $Association -Text ('{0:D6} {1}' -f $n, [DateTime]::UtcNow.Ticks) -TimeoutSeconds 30
                        $Control.Sent = $n
                        Start-Sleep -Milliseconds 20
                    }
                }
                $script:association
            }
            function Get-LinkTx { $a = Get-SctpFleetLinkCounter -Fleet $script:fleet -Link a -HostName h1; $b = Get-SctpFleetLinkCounter -Fleet $script:fleet -Link b -HostName h1; [pscustomobject]@{ A = $a.TxPackets; B = $b.TxPackets } }
            function Get-Sent { Invoke-Command -Session $script:h1 { $script:control.Sent } }
            # Progress, not a rate: waits (however long a busy machine takes) until the sender has sent
            # message $Number; returns how many it has sent then.
            function Wait-Sent([int] $Number, [int] $TimeoutSeconds = 120) {
                $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
                while (($sent = Get-Sent) -lt $Number) {
                    if ([DateTime]::UtcNow -gt $deadline) { throw "The sender at h1 had sent $sent messages after $TimeoutSeconds s, not yet $Number." }
                    Start-Sleep -Milliseconds 200
                }
                $sent
            }
            # The messages numbered $From to $Through as h2 received them, once every one of them has come (or the time is up).
            function Wait-Received([int] $From, [int] $Through, [int] $TimeoutSeconds = 60) {
                $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
                do {
                    $got = @(Invoke-Command -Session $script:h2 -ArgumentList $From, $Through { param($From, $Through) Get-Received | Where-Object { $_.Number -ge $From -and $_.Number -le $Through } })
                    if ($got.Count -ge $Through - $From + 1) { break }
                    Start-Sleep -Milliseconds 200
                } while ([DateTime]::UtcNow -lt $deadline)
                $got
            }
        }
        AfterAll {
            Invoke-Command -Session $script:sessions { $script:control.Stop = $true; Get-Job | Wait-Job -Timeout 10 | Remove-Job -Force; Get-SctpSocket | Close-SctpSocket } -ErrorAction SilentlyContinue
            $t = $script:tune
            Write-Host ''
            Write-Host "    Failover timings (heartbeat $($t.HeartbeatIntervalMs) ms, RTO $($t.RtoMinMs)-$($t.RtoMaxMs) ms, initial $($t.RtoInitialMs) ms, PathMaxRetransmits $($t.PathMaxRetransmits)):"
            foreach ($k in $script:times.Keys) { Write-Host ("      {0,-58} {1}" -f $k, $script:times[$k]) }
        }

        It 'has two Active paths, seen from both ends, primary on link a' {
            $now = @(Invoke-Command -Session $script:sessions { Wait-PathState Active })
            foreach ($name in 'h1', 'h2') {
                $association = $now | Where-Object { $_.PSComputerName -eq $name -and $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpAssociation' }
                $association.Paths.Count | Should -Be 2 -Because "$name has a path per peer address"
                $association.Paths.State | Should -Be @('Active', 'Active') -Because "both links carry $name's heartbeats"
            }
            $h1view = $now | Where-Object { $_.PSComputerName -eq 'h1' -and $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpAssociation' }
            $h1view.PrimaryPeerAddress | Should -Be '10.213.1.2'
            ($h1view.Paths | Where-Object IsPrimary).PeerAddress | Should -Be '10.213.1.2'
            Write-Host ($h1view.Paths | Format-Table | Out-String -Width 120)
            $expected = $script:tune.HeartbeatIntervalMs + (0..$script:tune.PathMaxRetransmits | ForEach-Object { [math]::Min($script:tune.RtoMaxMs, $script:tune.RtoMinMs * [math]::Pow(2, $_)) } | Measure-Object -Sum).Sum
            $script:times['expected failure detection (heartbeat + RTOs backing off)'] = "about $expected ms"
        }

        It 'marks the path over link a Inactive on both ends when the link goes down, and goes on over link b' {
            $null = Wait-Sent ((Get-Sent) + 10)   # some traffic on link a first (the sender's thread may take a while to start)
            $before = Get-LinkTx
            Invoke-Command -Session $script:sessions { Start-PathWatch Inactive }
            $link = Set-SctpFleetLink -Fleet $script:fleet -Link a -HostName h1 -State down
            $seen = @(Invoke-Command -Session $script:sessions { Receive-PathWatch })
            $notes = @(Invoke-Command -Session $script:sessions -ArgumentList $link.Requested { param($Since) Get-Received $Since | Where-Object Text })
            # The messages go on, over link b: the far end receives them from h1's address on b (however
            # long its receiver takes to read them on a busy machine).
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ($firstOnB = Invoke-Command -Session $script:h2 -ArgumentList $link.Requested { param($Since) Get-Received $Since | Where-Object { $_.Number -and $_.From -like '10.213.2.1:*' } | Select-Object -First 1 }) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 200
            }
            $firstOnB | Should -Not -BeNullOrEmpty -Because 'the messages go on over link b'
            $lastOnA = Invoke-Command -Session $script:h2 -ArgumentList $link.Requested { param($Since) Get-Received $Since | Where-Object { $_.Number -and $_.From -like '10.213.1.1:*' } | Select-Object -Last 1 }
            # When link a stopped carrying: when h1 sent the first message it lost (the one after the last
            # that came over it; every message says when it was sent, one every 20 ms or so). Neither the
            # test's request nor ip is that moment: starting ip from pwsh can take seconds here, and ip
            # itself returns only after the kernel has waited for the device's readers, which takes a
            # second or more under load, after the link stopped. Times before it (the request, ip's
            # start and end) are printed for the record; the others count from it.
            $lost = if ($lastOnA) { Invoke-Command -Session $script:h2 -ArgumentList ($lastOnA.Number + 1) { param($Number) Get-Received | Where-Object Number -eq $Number } }
            $down = if ($lost) { $lost.SentAt } else { $link.After }
            $script:times['link a down: h1 sent the first message it lost (times count from it)'] = if ($lost) { "#$($lost.Number)" } else { '(none found: times count from the end of ip link set)' }
            $script:times['link a down: test asked, ip started, ip returned'] = '{0:N0} / {1:N0} / {2:N0} ms' -f ($link.Requested - $down).TotalMilliseconds, ($link.Before - $down).TotalMilliseconds, ($link.After - $down).TotalMilliseconds
            if ($lastOnA) { $script:times['link a down -> last message over link a at h2 (sent at)'] = '{0:N0} ms (#{1}, sent at {2:N0} ms)' -f ($lastOnA.At - $down).TotalMilliseconds, $lastOnA.Number, ($lastOnA.SentAt - $down).TotalMilliseconds }
            $script:times['link a down -> first message over link b at h2 (sent at)'] = '{0:N0} ms (#{1}, sent at {2:N0} ms)' -f ($firstOnB.At - $down).TotalMilliseconds, $firstOnB.Number, ($firstOnB.SentAt - $down).TotalMilliseconds
            foreach ($name in 'h1', 'h2') {
                $at = $seen | Where-Object { $_.PSComputerName -eq $name -and $_ -is [datetime] }
                $at | Should -Not -BeNullOrEmpty -Because "$name must see the path over link a fail"
                $script:times["link a down -> path Inactive on $name (Get-SctpAssociation)"] = '{0:N0} ms' -f ($at - $down).TotalMilliseconds
                $association = $seen | Where-Object { $_.PSComputerName -eq $name -and $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpAssociation' }
                # The other path carries on (a retransmission timeout under load may make it PotentiallyFailed a while).
                @($association.Paths | Where-Object State -ne Inactive).Count | Should -Be 1 -Because "$name's path over link b carries on"
                $association.State | Should -Be Established
            }
            # Each end's notification (PeerAddressChange Unreachable), timestamped when it was read.
            foreach ($name in 'h1', 'h2') {
                $unreachable = $notes | Where-Object { $_.PSComputerName -eq $name -and $_.State -eq 'Unreachable' } | Select-Object -First 1
                $unreachable | Should -Not -BeNullOrEmpty -Because "$name is told (PeerAddressChange Unreachable)"
                $unreachable.From | Should -Be (@{ h1 = '10.213.1.2'; h2 = '10.213.1.1' }[$name])
                $script:times["link a down -> PeerAddressChange Unreachable on $name"] = '{0:N0} ms' -f ($unreachable.At - $down).TotalMilliseconds
            }
            # Both ends have seen the failure: from now on every message goes over link b. Judged by the
            # sender's own count, not by a rate: the next 10 it sends, however long that takes here,
            # must all arrive, all from h1's address on link b.
            $from = (Get-Sent) + 1
            $through = Wait-Sent ($from + 9)
            $after = @(Wait-Received $from $through)
            $after.Count | Should -Be ($through - $from + 1) -Because "messages $from to $through, sent while link a was down, all arrive"
            ($after.From | Select-Object -Unique) | Should -Be ('10.213.2.1:' + $script:association.LocalPort)
            $tx = Get-LinkTx
            ($tx.B - $before.B) | Should -BeGreaterThan $after.Count -Because 'link b carries the data and its SACKs now'
            $script:times['link b packets sent by h1, from before link a went down to now'] = "$($tx.B - $before.B) (link a: $($tx.A - $before.A))"
        }

        It 'makes the path Active again on both ends when the link comes back (a heartbeat confirms it)' {
            Invoke-Command -Session $script:sessions { Start-PathWatch Active }
            $link = Set-SctpFleetLink -Fleet $script:fleet -Link a -HostName h1 -State up
            # Nothing crosses the link to say when it came up: times count from when ip started (it cannot
            # have come up before), and it came up while ip ran (ip returns only once the kernel has told
            # everyone, a second or more under load).
            $up = $link.Before
            $script:times['link a up: ip link set ran (times count from its start)'] = '{0:N0} ms (started {1:N0} ms after the test asked)' -f $link.IpMs, $link.StartMs
            $seen = @(Invoke-Command -Session $script:sessions { Receive-PathWatch })
            foreach ($name in 'h1', 'h2') {
                $at = $seen | Where-Object { $_.PSComputerName -eq $name -and $_ -is [datetime] }
                $at | Should -Not -BeNullOrEmpty -Because "$name must see the path over link a again"
                $script:times["link a up -> path Active on $name"] = '{0:N0} ms' -f ($at - $up).TotalMilliseconds
            }
            $notes = @(Invoke-Command -Session $script:sessions -ArgumentList $link.Requested { param($Since) Get-Received $Since | Where-Object Text })
            foreach ($name in 'h1', 'h2') {
                $available = $notes | Where-Object { $_.PSComputerName -eq $name -and $_.State -eq 'Available' } | Select-Object -First 1
                $available | Should -Not -BeNullOrEmpty -Because "$name is told (PeerAddressChange Available)"
                $available.Text | Should -Match 'HeartbeatSuccess'
                $script:times["link a up -> PeerAddressChange Available on $name"] = '{0:N0} ms' -f ($available.At - $up).TotalMilliseconds
            }
        }

        It 'moves the traffic to link b with Set-SctpPrimaryAddress (both ends'' SctpPS objects and the link counters show it)' {
            # Failures are detected and done with. From here a retransmission timeout would only be a busy
            # machine answering late, and the kernel would send a few messages over the other link for it
            # (it retransmits to another path and avoids a potentially failed one): RTOs of seconds now.
            Invoke-Command -Session $script:h1 { Set-SctpSocketOption -Association $script:association -RtoMinMs 1000 -RtoMaxMs 3000 }
            # Back on the primary, link a, for a while: 10 more messages.
            $null = Wait-Sent ((Get-Sent) + 10)
            # What the link counters of h1 say while it sends 20 messages (a count, not a time: a busy machine sends slower).
            $before = Get-LinkTx
            $null = Wait-Sent ((Get-Sent) + 20)
            $onA = Get-LinkTx
            # Both ends, before: h1 sends to its primary, h2's address on link a; h2 receives from h1's address on link a.
            $pathsBefore = Invoke-Command -Session $script:h1 { $script:association | Get-SctpAssociation | ForEach-Object Paths }
            ($pathsBefore | Where-Object IsPrimary).PeerAddress | Should -Be '10.213.1.2'
            # With the new primary, how many messages the sender had sent: the remote call itself can
            # take a second on a busy host, so a time window after $switch does not say which came later.
            # (And $switch is when h1 ran it, not when this process asked.)
            $changed, $sentAtSwitch, $switch = Invoke-Command -Session $script:h1 {
                $at = [DateTime]::UtcNow
                Set-SctpPrimaryAddress -Association $script:association -Address 10.213.2.2 -PassThru
                $script:control.Sent
                $at
            }
            $changed.PrimaryPeerAddress | Should -Be '10.213.2.2'
            ($changed.Paths | Where-Object IsPrimary).PeerAddress | Should -Be '10.213.2.2'
            $switched = Get-LinkTx
            # The next 20 messages the sender sends, however long it takes.
            $through = Wait-Sent ($sentAtSwitch + 21)
            $onB = Get-LinkTx
            $received = @(Wait-Received ($sentAtSwitch - 5) $through)
            $received.Count | Should -Be ($through - $sentAtSwitch + 6) -Because "h2 received messages $($sentAtSwitch - 5) to $through"
            # Messages sent before the switch (and the one being sent during it) may still go over
            # link a; every later one comes over b.
            $late = @($received | Where-Object { $_.Number -gt $sentAtSwitch + 1 })
            $late.Count | Should -Be ($through - $sentAtSwitch - 1) -Because "the sender had sent $sentAtSwitch messages at the switch, and $through now"
            $trace = ($received | ForEach-Object { '{0:N0} ms {1} #{2}' -f ($_.At - $switch).TotalMilliseconds, $_.From, $_.Number }) -join '; '
            ($late.From | Select-Object -Unique) | Should -Be ('10.213.2.1:' + $script:association.LocalPort) -Because "after the switch: $trace"
            $firstOnB = $received | Where-Object { $_.Number -gt $sentAtSwitch - 5 -and $_.From -like '10.213.2.1:*' } | Select-Object -First 1
            $script:times['Set-SctpPrimaryAddress -> first message over link b at h2'] = '{0:N0} ms (#{1}; #{2} had been sent when it returned)' -f ($firstOnB.At - $switch).TotalMilliseconds, $firstOnB.Number, $sentAtSwitch
            # SctpPS's own objects, from both ends, after: h1's association, read again, has its primary on
            # link b, both paths Active; h2 keeps its own primary (h1's address on link a: the primary is
            # each end's choice of where it sends) and both paths Active, and the messages it receives, its
            # SctpMessage objects, come from h1's address on link b (the checks above: RemoteEndPoint).
            $h1now = Invoke-Command -Session $script:h1 { $script:association | Get-SctpAssociation }
            $h1now.PrimaryPeerAddress | Should -Be '10.213.2.2'
            ($h1now.Paths | Where-Object IsPrimary).PeerAddress | Should -Be '10.213.2.2'
            @($h1now.Paths | Where-Object IsPrimary).Count | Should -Be 1
            $h1now.Paths.State | Should -Be @('Active', 'Active')
            $h2now = Invoke-Command -Session $script:h2 { Get-SctpAssociation -Socket $script:sock }
            $h2now.PrimaryPeerAddress | Should -Be '10.213.1.1'
            $h2now.Paths.State | Should -Be @('Active', 'Active')
            # No property of a path shows which one carries the data: Linux keeps no per-path counters
            # (sctp_paddrinfo has state, cwnd, srtt, rto and mtu); heartbeats measure the RTT of an idle
            # path as data does a busy one's; and the cwnd grows only when the data fills it, which
            # 6-byte messages never do, while an idle path's is set to 4 MTUs at each heartbeat
            # (RFC 9260 7.2.1). Counters that show it: the far end's messages and the links' (below).
            Write-Host '    h1''s paths before and after the switch:'
            Write-Host (@($pathsBefore) + @($h1now.Paths) | Format-Table PeerAddress, State, Primary, Cwnd, SrttMs, RtoMs, Mtu | Out-String -Width 120)
            ($onA.A - $before.A) | Should -BeGreaterThan ($onA.B - $before.B) -Because 'before, link a carried the data'
            ($onB.B - $switched.B) | Should -BeGreaterThan ($onB.A - $switched.A) -Because 'after, link b does'
            $script:times['h1 packets on a / b while it sent 20 messages, before the switch'] = '{0} / {1}' -f ($onA.A - $before.A), ($onA.B - $before.B)
            $script:times['h1 packets on a / b while it sent 20 messages, after the switch'] = '{0} / {1}' -f ($onB.A - $switched.A), ($onB.B - $switched.B)
        }

        It 'lost no message: every numbered message arrived at h2 once, in order' {
            $sent = Invoke-Command -Session $script:h1 { $script:control.Stop = $true; $script:sender | Wait-Job -Timeout 30 | Out-Null; $script:control.Sent }
            $sent | Should -BeGreaterThan 100
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            do {
                $messages = @(Invoke-Command -Session $script:h2 { Get-Received | Where-Object Number })
                if ($messages.Count -ge $sent) { break }
                Start-Sleep -Milliseconds 200
            } while ([DateTime]::UtcNow -lt $deadline)
            $numbers = @($messages.Number)
            $numbers.Count | Should -Be $sent -Because 'the far end counted every message'
            ($numbers -join ',') | Should -Be ((1..$sent) -join ',') -Because 'in order, none lost, none twice'
            # (The first messages wait for the sender's thread to warm up: the pauses that count come after.)
            $gaps = for ($i = 10; $i -lt $messages.Count; $i++) { [pscustomobject]@{ Ms = ($messages[$i].At - $messages[$i - 1].At).TotalMilliseconds; After = $messages[$i - 1].Number } }
            $worst = $gaps | Sort-Object Ms -Descending | Select-Object -First 1
            $script:times['messages sent and received'] = "$sent / $($numbers.Count), none lost"
            $script:times['longest pause between two messages at h2'] = '{0:N0} ms (after message {1})' -f $worst.Ms, $worst.After
            # From sending to reading: the network's part (a failover) and the receiver's (a busy machine).
            $late = $messages | ForEach-Object { [pscustomobject]@{ Ms = ($_.At - $_.SentAt).TotalMilliseconds; Number = $_.Number } } | Sort-Object Ms
            $script:times['sent -> read at h2: median / longest'] = '{0:N0} ms / {1:N0} ms (message {2})' -f $late[[int]($late.Count / 2)].Ms, $late[-1].Ms, $late[-1].Number
            $bySource = $messages | Group-Object From | ForEach-Object { "$($_.Name): $($_.Count)" }
            $script:times['messages by the address they came from'] = $bySource -join ', '
        }
    }
}
