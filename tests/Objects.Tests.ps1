# Objects that travel: every kind of SctpPS object through a job (a child process), CLIXML, JSON
# and CSV, property by property; table headers that are properties; IPv6 endpoints; snapshots
# piped back into Get-SctpAssociation and Get-SctpPeerAddress. Remote sessions: Fleet.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'RoundTrip.psm1') -Force
    $script:nextPort = 25000
    function New-Port { $script:nextPort += 2; $script:nextPort }

    # What ConvertTo-Json writes for a value, as ConvertFrom-Json gives it back (text to compare).
    function Get-JsonExpectation($Value, [int] $Depth) {
        if ($null -eq $Value) { return $null }
        if ($Value -is [enum]) {
            # PowerShell writes the names of long-based enums (all of SctpPS's), the numbers of the others.
            if ([Enum]::GetUnderlyingType($Value.GetType()) -in [long], [ulong]) { return "$Value" } else { return '{0}' -f [long]$Value }
        }
        if ($Value -is [string] -or $Value.GetType().IsPrimitive) { return "$Value" }
        if ($Depth -le 0) { return "$Value" }   # beyond -Depth: its text
        if ($Value -is [System.Collections.IEnumerable]) { return , @(foreach ($v in $Value) { Get-JsonExpectation $v ($Depth - 1) }) }
        $table = [ordered]@{}
        foreach ($p in $Value.GetType().GetProperties([Reflection.BindingFlags]'Public, Instance')) { if ($p.GetIndexParameters().Count -eq 0) { $table[$p.Name] = Get-JsonExpectation $p.GetValue($Value) ($Depth - 1) } }
        $table
    }
    function Get-JsonActual($Value) {
        if ($null -eq $Value) { return $null }
        if ($Value -is [pscustomobject]) {
            $table = [ordered]@{}
            foreach ($p in $Value.PSObject.Properties) { $table[$p.Name] = Get-JsonActual $p.Value }
            return $table
        }
        if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) { return , @(foreach ($v in $Value) { Get-JsonActual $v }) }
        "$Value"
    }
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'SctpPS objects that travel' -Tag Kernel {
    BeforeAll {
        $script:sample = @(New-SctpObjectSample -Port (New-Port))
        $script:kinds = $script:sample | Group-Object { $_.GetType().Name } | ForEach-Object Name
    }
    AfterAll { Get-SctpSocket | Close-SctpSocket }

    Context 'jobs and CLIXML' {
        It 'the sample has every kind of object' {
            $script:kinds | Should -Contain 'SctpAssociation'
            $script:kinds | Should -Contain 'SctpSocket'
            $script:kinds | Should -Contain 'SctpPath'
            $script:kinds | Should -Contain 'SctpMessage'
            # Every notification class there is.
            $classes = [SctpPS.SctpNotification].Assembly.GetExportedTypes() | Where-Object { [SctpPS.SctpNotification].IsAssignableFrom($_) } | ForEach-Object Name
            @($classes).Count | Should -Be 10
            foreach ($n in $classes) { $script:kinds | Should -Contain $n }
            ($script:sample | Where-Object { $_ -is [SctpPS.SctpAssociation] }).Paths.Count | Should -Be 2
            # What the notifications the kernel sent say (RemoteError is read from bytes: RoundTrip.psm1).
            $of = { param($Type) $script:sample | Where-Object { $_.GetType().Name -eq $Type } }
            (& $of SctpAdaptationNotification).AdaptationIndication | Should -Be 0x53435450
            (& $of SctpPartialDeliveryNotification).Data.Length | Should -BeGreaterThan 0
            (& $of SctpStreamResetNotification).Streams | Should -Be @(1, 3)
            (& $of SctpStreamResetNotification).Result | Should -Be 'OutgoingSsn'
            (& $of SctpAssociationResetNotification).Result | Should -Be 'Performed'
            (& $of SctpStreamChangeNotification).OutboundStreams | Should -Be 2
            (& $of SctpRemoteErrorNotification).Cause | Should -Be 'InvalidStreamIdentifier'
            (& $of SctpRemoteErrorNotification).AssociationId | Should -Be ($script:sample | Where-Object { $_ -is [SctpPS.SctpAssociation] }).Id
        }

        It 'sends every public property but the live sockets (the expected set comes from the classes, not the types file)' {
            # Each kind's PropertySerializationSet (SctpPS.Types.ps1xml) against its class's public
            # properties, less what stays home (RoundTrip.psm1's $StaysHome), plus the table headers the types
            # file adds: a property dropped from the types file, or added to a class without it, fails here.
            $objects = @($script:sample) + @($script:sample | Where-Object { $_ -is [SctpPS.SctpAssociation] } | ForEach-Object { $_.Statistics })
            $checked = 0
            foreach ($o in $objects | Group-Object { $_.GetType().FullName } | ForEach-Object { $_.Group[0] }) {
                $expected = Get-SctpExpectedPropertyName $o
                $expected | Should -Not -BeNullOrEmpty
                $serialized = Get-SctpSerializedPropertyName $o
                if ($null -eq $serialized) {
                    # No set: PowerShell sends every property (SctpAssociationStatistics, the probe's result ...).
                    $serialized = @($o.PSObject.Properties.Name)
                }
                else { $checked++ }
                @($expected | Where-Object { $_ -notin $serialized }) | Should -BeNullOrEmpty -Because "$($o.GetType().Name) must send every public property"
                @($serialized | Where-Object { $_ -notin $expected }) | Should -BeNullOrEmpty -Because "$($o.GetType().Name) sends only properties it has"
                $expected | Should -Not -Contain 'Socket' -Because 'the live socket stays home (SocketId travels)'
                $expected | Should -Not -Contain 'PeeledOffFrom'
            }
            $checked | Should -BeGreaterOrEqual 15 -Because 'every notification class, the association, socket, path, message and endpoint have a set'
            # And both checks notice a property dropped from the types file: SctpPath's set without Mtu,
            # in a runspace of its own. (Changed and restored in this one, the type data stayed as a
            # session entry, and every later Import-Module -Force of SctpPS in this process failed with
            # 'The member ... is already present'.)
            $path = $script:sample | Where-Object { $_ -is [SctpPS.SctpPath] } | Select-Object -First 1
            $ps = [powershell]::Create()   # a new runspace, with a type table of its own
            try {
                $null = $ps.AddScript({
                        param($ModulePath, $RoundTrip, $Path)
                        Import-Module $ModulePath
                        Import-Module $RoundTrip
                        $original = Get-TypeData -TypeName SctpPS.SctpPath
                        Remove-TypeData -TypeName SctpPS.SctpPath
                        Update-TypeData -TypeName SctpPS.SctpPath -SerializationMethod SpecificProperties -SerializationDepth 2 `
                            -PropertySerializationSet @($original.PropertySerializationSet.ReferencedProperties | Where-Object { $_ -ne 'Mtu' })
                        foreach ($alias in $original.Members.Values) { Update-TypeData -TypeName SctpPS.SctpPath -MemberType AliasProperty -MemberName $alias.Name -Value $alias.ReferencedMemberName }
                        $expected, $serialized = (Get-SctpExpectedPropertyName $Path), (Get-SctpSerializedPropertyName $Path)
                        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($Path))
                        [pscustomobject]@{ Dropped = @($expected | Where-Object { $_ -notin $serialized }); Difference = Compare-SctpWitness -Copy $copy -Witness (Get-SctpWitness $Path) }
                    }).AddArgument((Get-SctpPSModulePath)).AddArgument((Join-Path $PSScriptRoot 'RoundTrip.psm1')).AddArgument($path)
                $dropped = @($ps.Invoke())[0]
                $ps.Streams.Error | Should -BeNullOrEmpty
            }
            finally { $ps.Dispose() }
            $dropped.Dropped | Should -Be @('Mtu')
            $dropped.Difference | Should -Be "Mtu: expected `"$($path.Mtu) [System.UInt32]`", got `"(missing)`""
            $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($path))
            Compare-SctpWitness -Copy $copy -Witness (Get-SctpWitness $path) | Should -BeNullOrEmpty -Because 'this runspace has the types file as it is'
        }

        It 'keeps every serialized property of every kind through Export-Clixml and Import-Clixml, with no runtime Socket' {
            $file = Join-Path ([IO.Path]::GetTempPath()) "sctpps-objects-$PID.xml"
            try {
                foreach ($o in $script:sample) {
                    $o | Export-Clixml -Path $file -Depth 1   # the depth of the types file wins where it says more
                    $xml = Get-Content -Raw $file
                    $xml | Should -Not -Match '<T>System\.Net\.Sockets\.Socket</T>' -Because "$($o.GetType().Name) must not carry the runtime socket"
                    $copy = Import-Clixml -Path $file
                    $copy.PSObject.TypeNames[0] | Should -Be "Deserialized.$($o.GetType().FullName)"
                    Compare-SctpWitness -Copy $copy -Witness (Get-SctpWitness $o) | Should -BeNullOrEmpty -Because $o.GetType().Name
                    if ($o.PSObject.Properties['Socket'] -and $o.Socket) {
                        $copy.PSObject.Properties['Socket'] | Should -BeNullOrEmpty -Because 'the live socket stays home'
                        $copy.SocketId | Should -Be $o.Socket.Id
                    }
                }
            }
            finally { Remove-Item $file -ErrorAction SilentlyContinue }
            $association = $script:sample | Where-Object { $_ -is [SctpPS.SctpAssociation] }
            $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($association))
            # Nested objects arrive as objects, enums as their names.
            $copy.State | Should -BeOfType [string]
            $copy.State | Should -Be 'Established'
            $copy.Paths[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.SctpPS.SctpPath'
            $copy.Paths.State | Should -Be @($association.Paths.State.ForEach('ToString'))
            $copy.Statistics.PacketsSent | Should -Be $association.Statistics.PacketsSent
            $copy.Statistics.PacketsSent | Should -BeOfType ([ulong])
            @($copy.LocalAddresses) | Should -Be @($association.LocalAddresses)
        }

        It 'returns the same objects, property by property, from a job in a child process (Start-Job)' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $job = Start-Job -ScriptBlock {
                param($Module, $RoundTrip, $Port)
                Import-Module $Module; Import-Module $RoundTrip
                $objects = @(New-SctpObjectSample -Port $Port)
                # What each object is here, taken before it travels.
                $witnesses = ConvertTo-Json -InputObject @($objects | ForEach-Object { Get-SctpWitness $_ }) -Depth 4 -Compress
                $objects
                $witnesses
            } -ArgumentList (Get-SctpPSModulePath), (Join-Path $PSScriptRoot 'RoundTrip.psm1'), (New-Port)
            try {
                $out = @($job | Wait-Job -Timeout 900 | Receive-Job)   # a deadline for a busy machine, not a time to meet
                $job.State | Should -Be 'Completed'
            }
            finally { $job | Remove-Job -Force }
            Write-Host ("    job round trip: {0} objects in {1:N1} s" -f ($out.Count - 1), $clock.Elapsed.TotalSeconds)
            $witnesses = @($out[-1] | ConvertFrom-Json)
            $copies = $out[0..($out.Count - 2)]
            $copies.Count | Should -Be $witnesses.Count
            for ($i = 0; $i -lt $copies.Count; $i++) {
                Compare-SctpWitness -Copy $copies[$i] -Witness $witnesses[$i] | Should -BeNullOrEmpty -Because "object $i, $($copies[$i].PSObject.TypeNames[0])"
                $copies[$i].PSComputerName | Should -Be 'localhost'
            }
            $association = $copies | Where-Object { $_.PSObject.TypeNames[0] -eq 'Deserialized.SctpPS.SctpAssociation' }
            $association.State | Should -Be Established
            $association.Paths.Count | Should -Be 2
            @($association | Where-Object { $_.Paths.State -eq 'Active' }).Count | Should -Be 1 -Because 'a path state compares with its name'
            # A deserialized association is shown by the same table, ports and all.
            $table = $association | Format-Table | Out-String -Width 120
            $table | Should -Match '(?m)^\s+Id\s+State\s+SocketId\s+LocalEndPoint\s+PeerEndPoint\s+Streams'
            $table | Should -Match "(?m)^\s*$($association.Id)\s+Established"
            $table | Should -Match ([regex]::Escape($association.PeerEndPoint))
        }
    }

    Context 'JSON and CSV' {
        It 'writes every property to JSON: enums by name, addresses as text, no runtime Socket, and reads it back' {
            foreach ($o in $script:sample) {
                $json = $o | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
                foreach ($key in 'Blocking', 'LingerState', 'SafeHandle', 'DualMode', 'ExclusiveAddressUse', 'ReceiveTimeout') {
                    $json | Should -Not -Match "`"$key`"" -Because "$($o.GetType().Name)'s JSON must not embed the runtime socket"
                }
                $back = $json | ConvertFrom-Json
                foreach ($p in $o.GetType().GetProperties([Reflection.BindingFlags]'Public, Instance') | Where-Object { $_.GetIndexParameters().Count -eq 0 }) {
                    # (As text by RoundTrip.psm1's formatter: ConvertTo-Json per value took minutes under UML.
                    # Bytes, which JSON writes as numbers, as base64: a PartialDelivery's Data is ~64 KiB,
                    # too many numbers to walk one function call each.)
                    $value = $p.GetValue($o)
                    if ($value -is [byte[]]) {
                        $expected = [Convert]::ToBase64String($value)
                        $got = [Convert]::ToBase64String([byte[]]@($back.($p.Name)))
                    }
                    else {
                        $expected = Format-SctpCanonical (Get-JsonExpectation $value 3)
                        $got = Format-SctpCanonical (Get-JsonActual $back.($p.Name))
                    }
                    $got | Should -Be $expected -Because "$($o.GetType().Name).$($p.Name)"
                }
            }
            $association = $script:sample | Where-Object { $_ -is [SctpPS.SctpAssociation] }
            $back = $association | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue | ConvertFrom-Json
            $back.State | Should -Be 'Established'
            $back.Paths[0].State | Should -Be "$($association.Paths[0].State)"
            $back.Paths[0].State | Should -Match '^[A-Z][a-zA-Z]+$' -Because 'an enum is written by name'
            $back.PeerAddresses | Should -Be @($association.PeerAddresses)
            $back.PeerEndPoint | Should -Be $association.PeerEndPoint
            # A socket's family by name too (SctpAddressFamily; System.Net.Sockets.AddressFamily would be a number).
            foreach ($socket in $script:sample | Where-Object { $_ -is [SctpPS.SctpSocket] }) {
                ($socket | ConvertTo-Json -Depth 1 | ConvertFrom-Json).AddressFamily | Should -Be 'InterNetwork'
            }
            ($script:sample | Where-Object { $_ -is [SctpPS.SctpStreamResetNotification] } | ConvertTo-Json | ConvertFrom-Json).Streams | Should -Be @(1, 3)
            # Default depth, as a user writes it: small, and the socket is its Id.
            $size = ($association | ConvertTo-Json -WarningAction SilentlyContinue).Length
            Write-Host "    JSON of a two-path association at the default depth: $size characters"
            $size | Should -BeLessThan 3000
        }

        It 'writes addresses, paths and statistics to CSV as text, never a type name' {
            $file = Join-Path ([IO.Path]::GetTempPath()) "sctpps-objects-$PID.csv"
            try {
                foreach ($kind in $script:kinds) {
                    $objects = @($script:sample | Where-Object { $_.GetType().Name -eq $kind })
                    $objects | Export-Csv -Path $file
                    $rows = @(Import-Csv -Path $file)
                    $rows.Count | Should -Be $objects.Count
                    for ($i = 0; $i -lt $objects.Count; $i++) {
                        foreach ($p in $objects[$i].PSObject.Properties) {
                            $expected = if ($null -eq $p.Value) { '' } else { $p.Value.ToString() }
                            $rows[$i].($p.Name) | Should -Be $expected -Because "$kind.$($p.Name)"
                            # Byte arrays (Data, Raw) have no text form; every other value does.
                            if ($p.Value -isnot [byte[]]) {
                                $rows[$i].($p.Name) | Should -Not -Match '^(System|SctpPS)\.[\w.`]+(\[\])?$' -Because "$kind.$($p.Name) is a value, not a type name"
                            }
                        }
                    }
                }
            }
            finally { Remove-Item $file -ErrorAction SilentlyContinue }
            $association = $script:sample | Where-Object { $_ -is [SctpPS.SctpAssociation] }
            $row = $association | ConvertTo-Csv | ConvertFrom-Csv
            $row.PeerAddresses -split ', ' | Should -Be @($association.PeerAddresses)
            $row.Paths | Should -Match ([regex]::Escape($association.Paths[0].PeerAddress))
            ($script:sample | Where-Object { $_ -is [SctpPS.SctpStreamResetNotification] } | ConvertTo-Csv | ConvertFrom-Csv).Streams | Should -Be '1, 3'
        }
    }

    Context 'table headers' {
        It 'names in every table header a property of the objects it shows, live and deserialized' {
            [xml] $format = Get-Content -Raw (Join-Path (Get-SctpPSModulePath) 'SctpPS.Format.ps1xml')
            $checked = 0
            foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
                $labels = @($view.TableControl.TableHeaders.TableColumnHeader.Label)
                foreach ($typeName in @($view.ViewSelectedBy.TypeName)) {
                    $object = $script:sample | Where-Object { $_.GetType().FullName -eq $typeName } | Select-Object -First 1
                    if (-not $object) { continue }   # a kind the sample does not make (options, statistics ...)
                    # The object, and its copy from a job or a remote session (the same view shows it).
                    $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($object))
                    foreach ($shown in $object, $copy) {
                        foreach ($label in $labels) {
                            # A notification leaves the message columns (Stream, Ssn, ...) of the shared table empty.
                            if ($object -is [SctpPS.SctpNotification] -and $label -notin 'Assoc', 'Text') { continue }
                            $shown.PSObject.Properties[$label] | Should -Not -BeNullOrEmpty -Because "view $($view.Name) shows '$label' for $($shown.PSObject.TypeNames[0])"
                            $checked++
                        }
                    }
                }
            }
            $checked | Should -BeGreaterThan 40
            # Counters and their rates (not in the sample): their table's headers are properties too.
            foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl -and $_.ViewSelectedBy.TypeName -eq 'SctpPS.SctpStatisticsRate' }) {
                $rate = Get-SctpStatistics -Interval 0.05 -Count 1
                foreach ($label in @($view.TableControl.TableHeaders.TableColumnHeader.Label)) {
                    $rate.PSObject.Properties[$label] | Should -Not -BeNullOrEmpty -Because "the rates' table shows '$label'"
                }
                @($rate | Where-Object 'Abort/s' -ge 0).Count | Should -Be 1 -Because 'a script filters on what the table shows'
            }
            $sockets = $script:sample | Where-Object { $_ -is [SctpPS.SctpSocket] }
            @($sockets | Where-Object Family -eq 'IPv4').Count | Should -Be $sockets.Count
            @($sockets | Where-Object Listening).Count | Should -Be 1
            @($sockets | Where-Object PeeledFrom).PeeledFrom | Should -Match '^\d+/\d+$'
            @($script:sample | Where-Object { $_ -is [SctpPS.SctpPath] } | Where-Object Primary).Count | Should -Be 1
        }
    }
}

Describe 'IPv6 endpoints' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'writes [::1]:port everywhere, without the %1 scope of loopback, with the port visible at 120 columns' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress ::1 -LocalPort $port -Listen
        $client = New-SctpSocket -AddressFamily InterNetworkV6
        # Its family, by name in JSON and in a copy, and given back to New-SctpSocket as it is.
        $client.AddressFamily | Should -Be 'InterNetworkV6'
        ($client | ConvertTo-Json -Depth 1 | ConvertFrom-Json).AddressFamily | Should -Be 'InterNetworkV6'
        [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($client)).AddressFamily | Should -Be 'InterNetworkV6'
        (New-SctpSocket -AddressFamily $client.AddressFamily).Family | Should -Be 'IPv6'
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress ::1 -RemotePort $port
        $a.PeerAddresses | Should -Be @('::1')
        $a.LocalAddresses | Should -Contain '::1'
        ($a.LocalAddresses + $a.PeerAddresses + $a.Paths.PeerAddress + $server.LocalAddresses) -match '%' | Should -BeNullOrEmpty
        $a.PeerEndPoint | Should -Be "[::1]:$port"
        $a.Paths[0].PeerEndPoint | Should -Be "[::1]:$port"
        "$a" | Should -Match ([regex]::Escape("-> [::1]:$port"))
        ($a | Format-Table | Out-String -Width 120) | Should -Match ([regex]::Escape("[::1]:$port"))
        'ping' | Send-SctpMessage -Association $a
        $peer = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
        $m = Receive-SctpMessage -Socket $server -AsText -TimeoutSeconds 10
        $m.RemoteEndPoint | Should -Be "[::1]:$($a.LocalPort)"
        $peer.PeerEndPoint | Should -Be "[::1]:$($a.LocalPort)"
        # Messages name endpoints the same way.
        $unheard = New-Port
        Connect-SctpAssociation -Socket (New-SctpSocket -AddressFamily InterNetworkV6) -RemoteAddress ::1 -RemotePort $unheard -TimeoutSeconds 5 -ErrorVariable failed -ErrorAction SilentlyContinue
        "$($failed[0])" | Should -Match ([regex]::Escape("[::1]:$unheard"))
    }
}

Describe 'Endpoint text' -Tag Host {
    It 'shortens a long IPv6 address in its middle, never the port, to fit its column' {
        $fitted = [SctpPS.Commands.SctpFormat]::EndPoint('[2001:db8:1234:5678:9abc:def0:1234:5678]:38412', 3, 30)
        $fitted.Length | Should -Be 30
        $fitted | Should -Match '^\[2001:db8.*….*:5678\]:38412 \(\+2\)$'
        [SctpPS.Commands.SctpFormat]::EndPoint('10.0.0.1:3868', 2, 30) | Should -Be '10.0.0.1:3868 (+1)'
        [SctpPS.SctpAddressText]::Format([ipaddress]'::1%1') | Should -Be '::1'
        [SctpPS.SctpAddressText]::Format([ipaddress]'fe80::1%2') | Should -Be 'fe80::1%2'
        [SctpPS.SctpAddressText]::Format([ipaddress]'::1', 3868) | Should -Be '[::1]:3868'
        [SctpPS.SctpAddressText]::Format([ipaddress]'10.1.2.3', 3868) | Should -Be '10.1.2.3:3868'
    }
}

Describe 'Snapshots, and how to refresh them' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'reads an association piped to Get-SctpAssociation again, and a path piped to Get-SctpPeerAddress' {
        $port = New-Port
        $null = New-SctpSocket -LocalPort $port -Listen     # wildcard: two paths on loopback
        $client = New-SctpSocket
        Set-SctpSocketOption -Socket $client -RtoInitialMs 100 -RtoMinMs 50
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $before = $a.Statistics.PacketsSent
        $second = $a.Paths | Where-Object PeerAddress -eq '127.0.0.2'
        1..5 | ForEach-Object { "message $_" } | Send-SctpMessage -Association $a
        $now = $a | Get-SctpAssociation
        $now.Id | Should -Be $a.Id
        $now.Statistics.PacketsSent | Should -BeGreaterThan $before
        $a.Statistics.PacketsSent | Should -Be $before -Because 'the snapshot does not change'
        # The same through -Association, with the filters applied.
        Get-SctpAssociation -Association $a -State Established | Should -HaveCount 1
        Get-SctpAssociation -Association $a -State ShutdownSent | Should -BeNullOrEmpty
        Wait-Until { ($second | Get-SctpPeerAddress).State -eq 'Active' } | Should -BeTrue
        $second.State | Should -Be Unconfirmed -Because 'the path object is the snapshot taken at connect'
        ($second | Get-SctpPeerAddress).PeerAddress | Should -Be '127.0.0.2'
    }

    It 'says GetAssociation.Gone for an association that ended since it was listed, and leaks nothing' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $client = New-SctpSocket
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $path = $a.Paths[0]
        $a | Disconnect-SctpAssociation -Wait -TimeoutSeconds 10
        $fds = Get-OpenFdCount
        $a | Get-SctpAssociation -ErrorVariable gone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $gone[0] -ErrorId 'GetAssociation.Gone' -Category ObjectNotFound -Errno EINVAL -TargetObject $a
        $path | Get-SctpPeerAddress -ErrorVariable pathGone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $pathGone[0] -ErrorId 'PeerAddress.PathGone' -Category ObjectNotFound -Errno EINVAL -TargetObject $path
        Get-OpenFdCount | Should -Be $fds
        $client | Close-SctpSocket
        $a | Get-SctpAssociation -ErrorVariable closed -ErrorAction SilentlyContinue
        Assert-SctpError $closed[0] -ErrorId 'GetAssociation.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $a
    }

    It 'reads an association of another process, listed system-wide, again from the system table' {
        $port = New-Port
        $listener = Start-Peer socat @('-u', "SCTP-LISTEN:$port,bind=127.0.0.1,reuseaddr", 'OPEN:/dev/null')
        $talker = $null
        try {
            Wait-SctpListener -Port $port | Should -BeTrue
            $talker = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
            Wait-Until { Get-SctpAssociation -RemotePort $port -State Established } | Should -BeTrue
            $listed = Get-SctpAssociation -RemotePort $port | Select-Object -First 1
            $listed.Socket | Should -BeNullOrEmpty -Because 'socat owns it'
            $again = $listed | Get-SctpAssociation
            $again.Inode | Should -Be $listed.Inode
            $again.Id | Should -Be $listed.Id
            $again.OwningProcess | Should -Be $talker.Id
            Stop-Peer $talker; $talker = $null
            Wait-Until { -not (Get-SctpAssociation -RemotePort $port -State Established) } | Should -BeTrue
            $listed | Get-SctpAssociation -ErrorVariable gone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SctpError $gone[0] -ErrorId 'GetAssociation.Gone' -Category ObjectNotFound -Errno EINVAL
        }
        finally { Stop-Peer $talker; Stop-Peer $listener }
    }
}
