# What the round-trip tests (Objects.Tests.ps1, Fleet.Tests.ps1) share: a set of live SctpPS objects
# of every kind, and the canonical form of an object, property by property, against which a copy
# that came back from a job, a remote session, CLIXML, JSON or CSV is compared.
# Imported in the test process, in jobs and in remote sessions (so: no Pester here).

# The public properties of SctpPS's classes that do not travel, and why: every other public
# property of an object's .NET type is what a copy must show (Get-SctpExpectedPropertyName), so that
# a property dropped from SctpPS.Types.ps1xml shows as missing. Keyed by the class that declares it.
$script:StaysHome = @{
    # The live SctpSocket an object refers to: a descriptor of this process, meaningless elsewhere
    # (and its own properties would be read again wherever it went). Its SocketId travels instead.
    'SctpPS.SctpAssociation'  = @('Socket')
    'SctpPS.SctpPath'         = @('Socket')
    'SctpPS.SctpMessage'      = @('Socket')
    'SctpPS.SctpNotification' = @('Socket')   # and so every notification class
    'SctpPS.SctpEndpoint'     = @('Socket')
    # The socket a peeled-off socket came from: a live socket too. PeeledOffFromId travels instead.
    'SctpPS.SctpSocket'       = @('PeeledOffFrom')
}

$script:ExpectedNames = @{}

function Get-SctpClrType {
    # The SctpPS class of an object or of its copy (Deserialized.SctpPS.X is looked up as SctpPS.X); null for others.
    param($InputObject)
    $name = $InputObject.PSObject.TypeNames[0] -replace '^Deserialized\.', ''
    if ($name -notmatch '^SctpPS\.') { return $null }
    $name -as [type]
}

function Get-SctpExpectedPropertyName {
    <#
    The properties a copy of an SctpPS object must have, taken from the class rather than from the types
    file under test: the .NET type's public instance properties (indexers aside) but those that stay home
    ($script:StaysHome), then the alias and script properties the types file adds to it (the table
    headers: Fd, Primary, Text ...). Works for a copy too.
    #>
    param([Parameter(Mandatory)] $InputObject)
    # Once per class: finding a type by name and Get-TypeData take milliseconds a call, and a round
    # trip compares hundreds of objects.
    $key = $InputObject.PSObject.TypeNames[0] -replace '^Deserialized\.', ''
    if ($script:ExpectedNames.ContainsKey($key)) { return , $script:ExpectedNames[$key] }
    $type = Get-SctpClrType $InputObject
    if (-not $type) { return , @() }
    $stay = [System.Collections.Generic.HashSet[string]]::new()
    for ($t = $type; $t; $t = $t.BaseType) { foreach ($n in @($script:StaysHome[$t.FullName])) { if ($n) { $null = $stay.Add($n) } } }
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $type.GetProperties([Reflection.BindingFlags]'Public, Instance')) {
        if ($p.GetIndexParameters().Count -eq 0 -and -not $stay.Contains($p.Name) -and -not $names.Contains($p.Name)) { $names.Add($p.Name) }
    }
    for ($t = $type; $t -and $t -ne [object]; $t = $t.BaseType) {
        $data = Get-TypeData -TypeName $t.FullName
        if (-not $data) { continue }
        foreach ($member in $data.Members.Values) {
            if ($member -is [System.Management.Automation.Runspaces.AliasPropertyData] -or $member -is [System.Management.Automation.Runspaces.ScriptPropertyData]) {
                if (-not $names.Contains($member.Name)) { $names.Add($member.Name) }
            }
        }
    }
    $script:ExpectedNames[$key] = $names.ToArray()
    , $script:ExpectedNames[$key]
}

function Get-SctpSerializedPropertyName {
    <#
    The properties an SctpPS object sends to jobs and remote sessions, as SctpPS.Types.ps1xml says: the
    PropertySerializationSet of its type, with its base type's where InheritPropertySerializationSet
    says so; null for a type that has none (it sends every property). Works for a copy too.
    #>
    param([Parameter(Mandatory)] $InputObject)
    $names = [System.Collections.Generic.List[string]]::new()
    $found = $false
    foreach ($typeName in $InputObject.PSObject.TypeNames) {
        $data = Get-TypeData -TypeName ($typeName -replace '^Deserialized\.', '')
        if (-not $data -or -not $data.PropertySerializationSet) { continue }
        $found = $true
        foreach ($name in $data.PropertySerializationSet.ReferencedProperties) { if (-not $names.Contains($name)) { $names.Add($name) } }
        if (-not $data.InheritPropertySerializationSet) { break }
    }
    if (-not $found) { return $null }
    , $names.ToArray()
}

function ConvertTo-SctpCanonical {
    <#
    An object as text, recursively, property by property: SctpPS objects as an ordered table of the
    properties they must carry (Get-SctpExpectedPropertyName; one a copy lacks is '(missing)'), lists
    as lists, byte arrays as base64, enums by name (they travel as their names), every other value as
    its text and its type. Two objects are the same copy when their canonical forms are equal.
    #>
    param($Value)
    if ($null -eq $Value) { return $null }
    # (-is looks through a PSObject wrapper; $Value.PSObject.BaseObject of a wrapped empty array is null.)
    if ($Value -is [byte[]]) { return 'bytes:' + [Convert]::ToBase64String([byte[]]$Value) }
    if ($Value -is [string]) { return [string]$Value }
    $isSctpPS = $Value.PSObject.TypeNames[0] -match '^(Deserialized\.)?SctpPS\.' -and $Value -isnot [enum] -and $Value -isnot [System.Collections.IEnumerable]
    if ($isSctpPS) {
        $names = Get-SctpExpectedPropertyName $Value
        if ($names.Count -eq 0) { throw "No SctpPS class for $($Value.PSObject.TypeNames[0]): is the module loaded?" }
        $table = [ordered]@{ '(type)' = ($Value.PSObject.TypeNames[0] -replace '^Deserialized\.', '') }
        foreach ($name in $names) {
            $table[$name] = if ($Value.PSObject.Properties[$name]) { ConvertTo-SctpCanonical $Value.$name } else { '(missing)' }
        }
        return $table
    }
    if ($Value -is [enum]) { return "$Value" }
    if ($Value -is [System.Collections.IEnumerable]) { return , @(foreach ($item in $Value) { ConvertTo-SctpCanonical $item }) }
    $base = $Value.PSObject.BaseObject
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
    foreach ($name in $canonical.Keys) { $witness[$name] = Format-SctpCanonical $canonical[$name] }
    $witness
}

function Format-SctpCanonical {
    # A canonical form (text, null, lists, ordered tables) as compact JSON; a function, not
    # ConvertTo-Json, whose cost per call made round trips of a few hundred values take minutes under UML.
    param($Value)
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [string]) { return '"' + $Value.Replace('\', '\\').Replace('"', '\"') + '"' }
    if ($Value -is [System.Collections.IDictionary]) {
        return '{' + (@(foreach ($key in $Value.Keys) { (Format-SctpCanonical "$key") + ':' + (Format-SctpCanonical $Value[$key]) }) -join ',') + '}'
    }
    '[' + (@(foreach ($item in $Value) { Format-SctpCanonical $item }) -join ',') + ']'
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
    and a binary message, and notifications of every kind: AssociationChange (CommUp,
    CantStartAssociation, ShutdownComplete), PeerAddressChange (Confirmed), SendFailed, Shutdown,
    AdaptationIndication, PartialDelivery (a large message aborted halfway), StreamReset,
    AssociationReset and StreamChange (RFC 6525 requests), and RemoteError (read from bytes: see
    New-SctpRemoteErrorSample); and the objects of the runbook cmdlets: an endpoint, a probe's result,
    a kernel setting and its change.
    Written one by one, so that each travels as an object of its own. Sockets are left open (the
    caller closes them), so that their live properties are read when they are serialized. Besides
    $Port (and $Port + 1, where nobody listens), the listeners use ports the kernel chooses.
    #>
    param([int] $Port = 3868)
    # A wildcard listener: every address of this host, so that the association has more than one path.
    $listener = New-SctpSocket -LocalPort $Port -Listen -Subscribe AssociationChange, Shutdown
    Set-SctpSocketOption -Socket $listener -AdaptationLayer 0x53435450   # the client is told (AdaptationIndication)
    $client = New-SctpSocket -Subscribe AssociationChange, PeerAddressChange, AdaptationIndication
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
    $notifications.Add((New-SctpPartialDeliverySample))
    $notifications.AddRange(@(New-SctpReconfigSample))
    $notifications.Add((New-SctpRemoteErrorSample -Socket $client -AssociationId $association.Id))
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

function New-SctpPartialDeliverySample {
    <#
    A PartialDelivery notification from the kernel (as Message.Tests.ps1 makes one): a 300 KiB message
    to a listener whose receive buffer holds 64 KiB, aborted by its sender once the first pieces came.
    #>
    $server = New-SctpSocket -LocalAddress 127.0.0.1 -Listen -Subscribe PartialDelivery
    Set-SctpSocketOption -Socket $server -ReceiveBufferSize 64KB -PartialDeliveryPoint 1000
    $sender = New-SctpSocket
    Set-SctpSocketOption -Socket $sender -SendBufferSize 200KB   # the kernel doubles it: room for the message, below its cap
    $association = Connect-SctpAssociation -Socket $sender -RemoteAddress 127.0.0.1 -RemotePort $server.LocalPort -TimeoutSeconds 10
    $payload = [byte[]]::new(300KB); for ($i = 0; $i -lt $payload.Length; $i++) { $payload[$i] = $i % 251 }
    Send-SctpMessage -Association $association -Data $payload -TimeoutSeconds 10
    # The first pieces are there when the socket is readable (partial delivery point); the rest waits for room.
    if (-not $server.GetRuntimeSocket().Poll(10000000, [Net.Sockets.SelectMode]::SelectRead)) { throw 'No piece of the large message arrived within 10 s.' }
    Send-SctpMessage -Association $association -Abort
    $partial = Receive-SctpMessage -Socket $server -TimeoutSeconds 10
    if ($partial -isnot [SctpPS.SctpPartialDeliveryNotification]) { throw "Expected a PartialDelivery notification, got: $partial" }
    $partial
}

function New-SctpReconfigSample {
    <#
    StreamReset, AssociationReset and StreamChange notifications from the kernel (as Reconfig.Tests.ps1
    makes them): an association with RFC 6525 reconfiguration on both ends; its client resets outgoing
    streams 1 and 3, then the TSNs, then adds two outbound streams, and is told each time.
    #>
    $events = 'StreamReset', 'AssociationReset', 'StreamChange'
    $server = New-SctpSocket -LocalAddress 127.0.0.1 -Listen -Subscribe $events -OutboundStreams 5 -MaxInboundStreams 10
    $client = New-SctpSocket -Subscribe $events -OutboundStreams 5 -MaxInboundStreams 10
    foreach ($s in $server, $client) { Set-SctpSocketOption -Socket $s -ReconfigSupported $true -ReconfigRequests All }
    $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $server.LocalPort -TimeoutSeconds 10
    $requests = @(
        @{ Expect = [SctpPS.SctpStreamResetNotification]; Run = { Reset-SctpStream -Association $association -Stream 1, 3 -Outgoing } }
        @{ Expect = [SctpPS.SctpAssociationResetNotification]; Run = { Reset-SctpAssociation -Association $association } }
        @{ Expect = [SctpPS.SctpStreamChangeNotification]; Run = { Add-SctpStream -Association $association -Outbound 2 } }
    )
    foreach ($request in $requests) {
        & $request.Run
        # One request at a time: the next waits for the answer to this one.
        $answer = Receive-SctpMessage -Socket $client -TimeoutSeconds 10
        if ($answer -isnot $request.Expect) { throw "Expected $($request.Expect.Name), got: $answer" }
        $answer
    }
}

function New-SctpRemoteErrorSample {
    <#
    A RemoteError notification (SCTP_REMOTE_ERROR: the peer sent an ERROR chunk). A Linux peer on
    loopback cannot be made to send one (its own checks refuse what would provoke it), so this one is
    read from bytes laid out as the kernel writes them (struct sctp_remote_error, 16 bytes, then the
    cause: 1, Invalid Stream Identifier, for stream 5), by the parser Receive-SctpMessage uses (the
    internal SctpNotification.Parse, as tests/SctpPS.Tests/NotificationParseTests.cs calls it), for
    the association and socket given.
    #>
    param([Parameter(Mandatory)][SctpPS.SctpSocket] $Socket, [Parameter(Mandatory)][int] $AssociationId)
    $cause = [byte[]](0x00, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00)
    $bytes = [byte[]]::new(16 + $cause.Length)
    # Little-endian fields (x86-64) but sre_error, which Linux passes through as the chunk has it: big-endian.
    [Array]::Copy([BitConverter]::GetBytes([uint16][SctpPS.SctpEventType]::RemoteError), 0, $bytes, 0, 2)   # sre_type
    [Array]::Copy([BitConverter]::GetBytes([uint32]$bytes.Length), 0, $bytes, 4, 4)                        # sre_length
    $bytes[8] = 0; $bytes[9] = 1                                                                            # sre_error
    [Array]::Copy([BitConverter]::GetBytes([int]$AssociationId), 0, $bytes, 12, 4)                           # sre_assoc_id
    [Array]::Copy($cause, 0, $bytes, 16, $cause.Length)
    # Parse takes a ReadOnlySpan<byte>, which reflection cannot pass: a small method that wraps the array does.
    $parse = [SctpPS.SctpNotification].GetMethod('Parse', [Reflection.BindingFlags]'NonPublic, Static')
    $method = [Reflection.Emit.DynamicMethod]::new('ParseNotification', [SctpPS.SctpNotification], [type[]]@([byte[]], [SctpPS.SctpSocket]), [SctpPS.SctpNotification].Module, $true)
    $il = $method.GetILGenerator()
    $il.Emit([Reflection.Emit.OpCodes]::Ldarg_0)
    $il.Emit([Reflection.Emit.OpCodes]::Newobj, [ReadOnlySpan[byte]].GetConstructor([type[]]@([byte[]])))
    $il.Emit([Reflection.Emit.OpCodes]::Ldarg_1)
    $il.Emit([Reflection.Emit.OpCodes]::Call, $parse)
    $il.Emit([Reflection.Emit.OpCodes]::Ret)
    $notification = $method.Invoke($null, [object[]]@($bytes, $Socket))
    if ($notification -isnot [SctpPS.SctpRemoteErrorNotification]) { throw "Expected a RemoteError notification, got: $notification" }
    $notification
}

Export-ModuleMember -Function Get-SctpExpectedPropertyName, Get-SctpSerializedPropertyName, ConvertTo-SctpCanonical, Format-SctpCanonical, Get-SctpWitness, Compare-SctpWitness, New-SctpObjectSample
