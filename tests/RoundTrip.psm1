# What the round-trip tests (Objects.Tests.ps1, Fleet.Tests.ps1) share: a set of live SctpPS objects
# of every kind, and the canonical form of an object, property by property, against which a copy
# that came back from a job, a remote session, CLIXML, JSON or CSV is compared.
# Imported in the test process, in jobs and in remote sessions (so: no Pester here).

function Get-SctpSerializedPropertyName {
    <#
    The properties an SctpPS object sends to jobs and remote sessions: the PropertySerializationSet of
    its type in SctpPS.Types.ps1xml, with its base type's where InheritPropertySerializationSet says so.
    Works for a copy too (Deserialized.SctpPS.X is looked up as SctpPS.X).
    #>
    param([Parameter(Mandatory)] $InputObject)
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($typeName in $InputObject.PSObject.TypeNames) {
        $data = Get-TypeData -TypeName ($typeName -replace '^Deserialized\.', '')
        if (-not $data -or -not $data.PropertySerializationSet) { continue }
        foreach ($name in $data.PropertySerializationSet.ReferencedProperties) { if (-not $names.Contains($name)) { $names.Add($name) } }
        if (-not $data.InheritPropertySerializationSet) { break }
    }
    , $names.ToArray()
}

function ConvertTo-SctpCanonical {
    <#
    An object as text, recursively, property by property: SctpPS objects as an ordered table of their
    serialized properties, lists as lists, byte arrays as base64, enums by name (they travel as their
    names), every other value as its text and its type. Two objects are the same copy when their
    canonical forms are equal.
    #>
    param($Value)
    if ($null -eq $Value) { return $null }
    $base = if ($Value -is [psobject]) { $Value.PSObject.BaseObject } else { $Value }
    $isSctpPS = $Value.PSObject.TypeNames[0] -match '^(Deserialized\.)?SctpPS\.' -and $base -isnot [enum] -and $base -isnot [System.Collections.IEnumerable]
    $names = if ($isSctpPS) { Get-SctpSerializedPropertyName $Value } else { @() }
    if ($isSctpPS -and $names.Count -eq 0) {
        # A type that sends every property (SctpAssociationStatistics): all but what remoting adds.
        $names = @($Value.PSObject.Properties | Where-Object Name -NotIn 'PSComputerName', 'RunspaceId', 'PSShowComputerName' | ForEach-Object Name)
    }
    if ($names.Count -gt 0) {
        $table = [ordered]@{ '(type)' = ($Value.PSObject.TypeNames[0] -replace '^Deserialized\.', '') }
        foreach ($name in $names) { $table[$name] = ConvertTo-SctpCanonical $Value.$name }
        return $table
    }
    if ($base -is [byte[]]) { return 'bytes:' + [Convert]::ToBase64String($base) }
    if ($base -is [string]) { return $base }
    if ($base -is [enum]) { return "$base" }
    if ($base -is [System.Collections.IEnumerable]) { return , @(foreach ($item in $base) { ConvertTo-SctpCanonical $item }) }
    return '{0} [{1}]' -f $base, $base.GetType().FullName
}

function Get-SctpWitness {
    <#
    An object's canonical form as property name -> JSON text: what a copy of it must show, property by
    property. Made where the object lives (a job, a remote host), it travels as plain text.
    #>
    param([Parameter(Mandatory)] $InputObject)
    $canonical = ConvertTo-SctpCanonical $InputObject
    $witness = [ordered]@{}
    foreach ($name in $canonical.Keys) { $witness[$name] = ConvertTo-Json -InputObject $canonical[$name] -Depth 12 -Compress }
    $witness
}

function Compare-SctpWitness {
    <#
    Where a copy differs from the witness of its original: one line per property ("Paths: expected ...,
    got ..."), nothing when every property came through. A property the copy lacks counts as different.
    #>
    param([Parameter(Mandatory)] $Copy, [Parameter(Mandatory)] $Witness)
    $mine = Get-SctpWitness $Copy
    $names = if ($Witness -is [System.Collections.IDictionary]) { $Witness.Keys } else { $Witness.PSObject.Properties.Name }
    foreach ($name in $names) {
        $expected = if ($Witness -is [System.Collections.IDictionary]) { $Witness[$name] } else { $Witness.$name }
        $got = if ($mine.Contains($name)) { $mine[$name] } else { '(missing)' }
        if ($got -cne $expected) { "${name}: expected $expected, got $got" }
    }
}

function New-SctpObjectSample {
    <#
    Live objects of every kind SctpPS writes, made on loopback: a multi-homed association (two paths,
    statistics), its sockets (a listener, a client, a socket peeled off the listener), its paths, a text
    and a binary message, and notifications: AssociationChange (CommUp, CantStartAssociation,
    ShutdownComplete), PeerAddressChange (Confirmed), SendFailed and Shutdown; and the objects of the
    runbook cmdlets: an endpoint, a probe's result, a kernel setting and its change.
    Written one by one, so that each travels as an object of its own. Sockets are left open (the
    caller closes them), so that their live properties are read when they are serialized.
    #>
    param([int] $Port = 3868)
    # A wildcard listener: every address of this host, so that the association has more than one path.
    $listener = New-SctpSocket -LocalPort $Port -Listen -Subscribe AssociationChange, Shutdown
    $client = New-SctpSocket -Subscribe AssociationChange, PeerAddressChange
    Set-SctpSocketOption -Socket $client -RtoInitialMs 100 -RtoMinMs 100   # the heartbeat that confirms a path goes out soon
    $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $Port -TimeoutSeconds 10
    $peeled = Wait-SctpAssociation -Socket $listener -TimeoutSeconds 10 | Invoke-SctpPeelOff
    Send-SctpMessage -Association $association -Text 'CER' -Stream 1 -PayloadProtocolId 46
    Send-SctpMessage -Association $association -Data ([byte[]](0, 1, 2, 254, 255)) -Stream 2 -PayloadProtocolId 60 -Unordered
    $text = Receive-SctpMessage -Socket $peeled -AsText -TimeoutSeconds 10
    $binary = Receive-SctpMessage -Socket $peeled -TimeoutSeconds 10
    $notifications = [System.Collections.Generic.List[object]]::new()
    # CommUp, and the second path confirmed by a heartbeat.
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ([DateTime]::UtcNow -lt $deadline -and -not ($notifications | Where-Object { $_ -is [SctpPS.SctpPeerAddressChangeNotification] })) {
        $notifications.AddRange(@(Receive-SctpMessage -Socket $client -TimeoutSeconds 1 -ErrorAction SilentlyContinue))
    }
    # CantStartAssociation and the message it held (SendFailed): nobody listens on $Port + 1.
    $lonely = New-SctpSocket -Subscribe AssociationChange, SendFailed
    Send-SctpMessage -Socket $lonely -RemoteEndPoint "127.0.0.1:$($Port + 1)" -Text 'anyone?' -PayloadProtocolId 46
    $notifications.AddRange(@(Receive-SctpMessage -Socket $lonely -Count 2 -TimeoutSeconds 10))
    $association = $association | Get-SctpAssociation   # now, with the traffic counted
    $paths = @($association | Get-SctpPeerAddress)
    # A second association on the listener, shut down by its client: Shutdown and ShutdownComplete there.
    $second = New-SctpSocket
    $other = Connect-SctpAssociation -Socket $second -RemoteAddress 127.0.0.1 -RemotePort $Port -TimeoutSeconds 10
    $other | Disconnect-SctpAssociation -Wait -TimeoutSeconds 10
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    do {
        $got = @(Receive-SctpMessage -Socket $listener -TimeoutSeconds 1 -ErrorAction SilentlyContinue)
        $notifications.AddRange($got)
    } until (($got | Where-Object { $_.Type -eq 'AssociationChange' -and $_.State -eq 'ShutdownComplete' }) -or [DateTime]::UtcNow -gt $deadline)
    # The runbook cmdlets' objects: the listener as Get-SctpEndpoint lists it, a probe of it, a kernel
    # setting and a change of it (to the value it has: nothing changes). (Counters and their rates are
    # dictionaries by counter name; Objects.Tests.ps1 checks their views on their own.)
    $endpoint = Get-SctpEndpoint -LocalPort $Port
    $probe = Test-SctpConnection 127.0.0.1 $Port -TimeoutSeconds 10
    $setting = Get-SctpKernelSetting rto_min
    $change = Set-SctpKernelSetting rto_min $setting.Value -PassThru
    $association
    $client
    $listener
    $peeled
    $paths
    $text
    $binary
    $notifications
    $endpoint
    $probe
    $setting
    $change
}

Export-ModuleMember -Function Get-SctpSerializedPropertyName, ConvertTo-SctpCanonical, Get-SctpWitness, Compare-SctpWitness, New-SctpObjectSample
