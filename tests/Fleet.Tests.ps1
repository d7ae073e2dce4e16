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
                function global:Get-Received([datetime] $Since = [datetime]::MinValue) {
                    # Flat records (what each item was, when it came): messages by number and source, notifications by text.
                    foreach ($r in $script:received.ToArray()) {
                        if ($r.At -lt $Since) { continue }
                        if ($r.Item -is [SctpPS.SctpMessage]) { [pscustomobject]@{ At = $r.At; Number = [int]$r.Item.Text; From = $r.Item.RemoteEndPoint; Text = $null } }
                        else { [pscustomobject]@{ At = $r.At; Number = $null; From = $r.Item.Address; Text = $r.Item.Text; State = "$($r.Item.State)" } }
                    }
                }
            }
            Invoke-Command -Session $script:h2 -ScriptBlock $setup -ArgumentList $script:tune, @('10.213.1.2', '10.213.2.2'), '10.213.1.1', $true
            Invoke-Command -Session $script:h1 -ScriptBlock $setup -ArgumentList $script:tune, @('10.213.1.1', '10.213.2.1'), '10.213.1.2', $false
            # h1 connects to both of h2's addresses (sctp_connectx) and sends a numbered message every 20 ms.
            $script:association = Invoke-Command -Session $script:h1 {
                $script:association = Connect-SctpAssociation -Socket $script:sock -RemoteAddress 10.213.1.2, 10.213.2.2 -RemotePort 5000 -TimeoutSeconds 10
                $script:sender = Start-ThreadJob -ArgumentList $script:association, $script:control -ScriptBlock {
                    param($Association, $Control)
                    $n = 0
                    while (-not $Control.Stop) {
                        $n++
                        Send-SctpMessage -Association $Association -Text ('{0:D6}' -f $n) -TimeoutSeconds 30
                        $Control.Sent = $n
                        Start-Sleep -Milliseconds 20
                    }
                }
                $script:association
            }
            function Get-LinkTx { $a = Get-SctpFleetLinkCounter -Fleet $script:fleet -Link a -HostName h1; $b = Get-SctpFleetLinkCounter -Fleet $script:fleet -Link b -HostName h1; [pscustomobject]@{ A = $a.TxPackets; B = $b.TxPackets } }
            function Get-Since([datetime] $Start) { ([DateTime]::UtcNow - $Start).TotalMilliseconds }
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
            Start-Sleep -Milliseconds 500   # some traffic on link a first
            $before = Get-LinkTx
            $down = [DateTime]::UtcNow
            Set-SctpFleetLink -Fleet $script:fleet -Link a -HostName h1 -State down
            $seen = @(Invoke-Command -Session $script:sessions { Wait-PathState Inactive })
            foreach ($name in 'h1', 'h2') {
                $at = $seen | Where-Object { $_.PSComputerName -eq $name -and $_ -is [datetime] }
                $at | Should -Not -BeNullOrEmpty -Because "$name must see the path over link a fail"
                $script:times["link a down -> path Inactive on $name (Get-SctpAssociation)"] = '{0:N0} ms' -f ($at - $down).TotalMilliseconds
                $association = $seen | Where-Object { $_.PSComputerName -eq $name -and $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpAssociation' }
                # The other path carries on (a retransmission timeout under load may make it PotentiallyFailed a while).
                @($association.Paths | Where-Object State -ne Inactive).Count | Should -Be 1 -Because "$name's path over link b carries on"
                $association.State | Should -Be Established
            }
            # Each end's notification (PeerAddressChange Unreachable), timestamped when it arrived.
            $notes = @(Invoke-Command -Session $script:sessions -ArgumentList $down { param($Since) Get-Received $Since | Where-Object Text })
            foreach ($name in 'h1', 'h2') {
                $unreachable = $notes | Where-Object { $_.PSComputerName -eq $name -and $_.State -eq 'Unreachable' } | Select-Object -First 1
                $unreachable | Should -Not -BeNullOrEmpty -Because "$name is told (PeerAddressChange Unreachable)"
                $unreachable.From | Should -Be (@{ h1 = '10.213.1.2'; h2 = '10.213.1.1' }[$name])
                $script:times["link a down -> PeerAddressChange Unreachable on $name"] = '{0:N0} ms' -f ($unreachable.At - $down).TotalMilliseconds
            }
            # The messages go on, over link b: the far end receives them from h1's address on b.
            $firstOnB = Invoke-Command -Session $script:h2 -ArgumentList $down { param($Since) Get-Received $Since | Where-Object { $_.Number -and $_.From -like '10.213.2.1:*' } | Select-Object -First 1 }
            $firstOnB | Should -Not -BeNullOrEmpty
            $script:times['link a down -> first message over link b at h2'] = '{0:N0} ms' -f ($firstOnB.At - $down).TotalMilliseconds
            $lastOnA = Invoke-Command -Session $script:h2 -ArgumentList $down { param($Since) Get-Received $Since | Where-Object { $_.Number -and $_.From -like '10.213.1.1:*' } | Select-Object -Last 1 }
            # (ip link set takes a moment to run: messages may still cross link a just after $down.)
            if ($lastOnA) { $script:times['link a down -> last message over link a at h2'] = '{0:N0} ms (#{1})' -f ($lastOnA.At - $down).TotalMilliseconds, $lastOnA.Number }
            $detected = [DateTime]::UtcNow
            Start-Sleep -Milliseconds 1000
            $after = @(Invoke-Command -Session $script:h2 -ArgumentList $detected { param($Since) Get-Received $Since | Where-Object Number })
            $after.Count | Should -BeGreaterThan 10 -Because 'messages keep arriving while link a is down'
            ($after.From | Select-Object -Unique) | Should -Be ('10.213.2.1:' + $script:association.LocalPort)
            $tx = Get-LinkTx
            ($tx.B - $before.B) | Should -BeGreaterThan $after.Count -Because 'link b carries the data and its SACKs now'
            $script:times['link b packets sent by h1 while link a was down'] = "$($tx.B - $before.B) (link a: $($tx.A - $before.A))"
        }

        It 'makes the path Active again on both ends when the link comes back (a heartbeat confirms it)' {
            $up = [DateTime]::UtcNow
            Set-SctpFleetLink -Fleet $script:fleet -Link a -HostName h1 -State up
            $seen = @(Invoke-Command -Session $script:sessions { Wait-PathState Active })
            foreach ($name in 'h1', 'h2') {
                $at = $seen | Where-Object { $_.PSComputerName -eq $name -and $_ -is [datetime] }
                $at | Should -Not -BeNullOrEmpty -Because "$name must see the path over link a again"
                $script:times["link a up -> path Active on $name"] = '{0:N0} ms' -f ($at - $up).TotalMilliseconds
            }
            $notes = @(Invoke-Command -Session $script:sessions -ArgumentList $up { param($Since) Get-Received $Since | Where-Object Text })
            foreach ($name in 'h1', 'h2') {
                $available = $notes | Where-Object { $_.PSComputerName -eq $name -and $_.State -eq 'Available' } | Select-Object -First 1
                $available | Should -Not -BeNullOrEmpty -Because "$name is told (PeerAddressChange Available)"
                $available.Text | Should -Match 'HeartbeatSuccess'
                $script:times["link a up -> PeerAddressChange Available on $name"] = '{0:N0} ms' -f ($available.At - $up).TotalMilliseconds
            }
        }

        It 'moves the traffic to link b with Set-SctpPrimaryAddress (the far end and the link counters show it)' {
            Start-Sleep -Milliseconds 800   # back on the primary, link a
            $before = Get-LinkTx
            Start-Sleep -Milliseconds 1000
            $onA = Get-LinkTx
            $switch = [DateTime]::UtcNow
            # With the new primary, how many messages the sender had sent: the remote call itself can
            # take a second on a busy host, so a time window after $switch does not say which came later.
            $changed, $sentAtSwitch = Invoke-Command -Session $script:h1 { Set-SctpPrimaryAddress -Association $script:association -Address 10.213.2.2 -PassThru; $script:control.Sent }
            $changed.PrimaryPeerAddress | Should -Be '10.213.2.2'
            ($changed.Paths | Where-Object IsPrimary).PeerAddress | Should -Be '10.213.2.2'
            $switched = Get-LinkTx
            Start-Sleep -Milliseconds 1500
            $onB = Get-LinkTx
            $received = @(Invoke-Command -Session $script:h2 -ArgumentList $switch { param($Since) Get-Received $Since | Where-Object Number })
            $received.Count | Should -BeGreaterThan 10
            # Messages sent before the switch (and the one being sent during it) may still go over
            # link a; every later one comes over b.
            $late = @($received | Where-Object { $_.Number -gt $sentAtSwitch + 1 })
            $late.Count | Should -BeGreaterThan 10 -Because "the sender had sent $sentAtSwitch messages at the switch"
            $trace = ($received | ForEach-Object { '{0:N0} ms {1} #{2}' -f ($_.At - $switch).TotalMilliseconds, $_.From, $_.Number }) -join '; '
            ($late.From | Select-Object -Unique) | Should -Be ('10.213.2.1:' + $script:association.LocalPort) -Because "after the switch: $trace"
            $firstOnB = $received | Where-Object From -like '10.213.2.1:*' | Select-Object -First 1
            $script:times['Set-SctpPrimaryAddress -> first message over link b at h2'] = '{0:N0} ms' -f ($firstOnB.At - $switch).TotalMilliseconds
            ($onA.A - $before.A) | Should -BeGreaterThan ($onA.B - $before.B) -Because 'before, link a carried the data'
            ($onB.B - $switched.B) | Should -BeGreaterThan ($onB.A - $switched.A) -Because 'after, link b does'
            $script:times['h1 packets on a / b, 1 s before the switch'] = '{0} / {1}' -f ($onA.A - $before.A), ($onA.B - $before.B)
            $script:times['h1 packets on a / b, 1.5 s after the switch'] = '{0} / {1}' -f ($onB.A - $switched.A), ($onB.B - $switched.B)
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
            $bySource = $messages | Group-Object From | ForEach-Object { "$($_.Name): $($_.Count)" }
            $script:times['messages by the address they came from'] = $bySource -join ', '
        }
    }
}
