<#
.SYNOPSIS
    The engine of tests/Fuzz.Tests.ps1: generated calls of every SctpPS cmdlet, each one bounded
    in time, with every error record checked against PowerShell's binding errors and the error
    catalogue, and the descriptors counted after each cmdlet's calls.
.DESCRIPTION
    Runs in a pwsh of its own (the test starts it), so that a crash is seen as one and the log
    names the call that was running. The calls run in a second runspace that has no host (nothing
    can prompt: a missing mandatory parameter is a binding error there) and reuses one thread.
    Before each cmdlet's calls the fixtures are made anew: live, listening, peeled-off, accepted,
    closed and IPv6 sockets, associations (live, of a closed socket, aborted), a socket and an
    association of another runspace (this one), and an association listed system-wide that
    belongs to another process (socat). So one cmdlet's calls replay from the seed alone.
    In a failure message, $fx.Name is the fixture called Name (see $NewFixtures and New-FixtureSet below).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [int] $Seed,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $LogPath,
    [int] $Calls = 200,
    [string[]] $Cmdlet = @(),
    [int] $BasePort = 27000,
    # Seconds one cmdlet's calls may take in all (fixtures included); its calls stop there.
    [double] $BudgetSeconds = 15,
    # Seconds all cmdlets' calls may take (warm-up included): each cmdlet gets its share of what is
    # left, at least MinShareSeconds. With pwsh's start on top, the run stays under 2 minutes.
    [double] $TotalBudgetSeconds = 80,
    [double] $MinShareSeconds = 3,
    # Calls every cmdlet gets whatever its share: on a slow or busy host a share of a few seconds
    # held only 8 calls of Test-SctpConnection (each probe costs a connect and a SHUTDOWN).
    [int] $MinCalls = 25,
    # The margin a call gets beyond its own -TimeoutSeconds before it counts as hung (0 shows the check works).
    [double] $GraceSeconds = 10
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
Import-Module $ModulePath

# ---------------------------------------------------------------------------------------------
# What an error record may be.

# PowerShell's own parameter-binding errors (the exception is a ParameterBindingException or one
# of its subclasses), each one a thing the fuzz does on purpose:
$BindingErrorIds = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
    'NamedParameterNotFound',                         # a parameter the cmdlet does not have
    'ParameterArgumentTransformationError',           # a value that does not convert to the parameter's type
    'ParameterArgumentValidationError',               # refused by ValidateRange, ValidateSet, ValidateNotNullOrEmpty
    'ParameterArgumentValidationErrorNullNotAllowed', # $null (or a $null element) for a mandatory parameter
    'ParameterArgumentValidationErrorEmptyStringNotAllowed', # '' for a mandatory string parameter
    'ParameterArgumentValidationErrorEmptyArrayNotAllowed',  # @() for a mandatory array parameter
    'MissingMandatoryParameter',                      # a mandatory parameter left out (a host-less runspace cannot prompt)
    'AmbiguousParameterSet',                          # parameters of two sets, or too few to choose one
    'InputObjectNotBound',                            # a pipeline object that no parameter takes
    'InputObjectMissingMandatory',                    # a pipeline object that lacks what a mandatory parameter needs
    'ParameterBindingFailed',                         # $null for a value-type parameter (uint, an enum) that $null does not convert to
    'CannotConvertArgument',                          # a value of the wrong type for a switch, or an array for a scalar
    'CannotConvertArgumentNoMessage'                  # the same, where the conversion's own error has no message
), [System.StringComparer]::Ordinal)

# Catalogue entries that a second cmdlet writes too (the catalogue names one cmdlet per entry).

$Catalog = @{}
foreach ($d in [SctpPS.Commands.ErrorCatalog]::All) { $Catalog[$d.ErrorId] = $d }

$CommonParameters = [System.Collections.Generic.HashSet[string]]::new(
    [string[]]([System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters))

# Addresses beyond loopback are used only where nothing outside this host can see them: on a
# host whose only interface is loopback (the sandbox), a documentation address (RFC 5737/3849)
# or a name for the resolver fails at once and sends nothing anywhere.
$OnlyLoopback = -not @([System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | Where-Object {
        $_.OperationalStatus -eq 'Up' -and $_.NetworkInterfaceType -ne 'Loopback' }).Count

# ---------------------------------------------------------------------------------------------
# Randomness: one System.Random per cmdlet, from the seed and the cmdlet's name.

function Get-CmdletSeed([int] $Seed, [string] $Name) {
    [long] $h = 2166136261   # FNV-1a: stable across processes, unlike String.GetHashCode
    foreach ($c in $Name.ToCharArray()) { $h = (($h -bxor [int]$c) * 16777619) % 4294967296 }
    [int] ((([long]$Seed * 1000003) + $h) % 2147483647)
}
$script:rng = [System.Random]::new($Seed)
function Pick($Items) { $Items[$script:rng.Next($Items.Count)] }
function Chance([double] $P) { $script:rng.NextDouble() -lt $P }

# A candidate value and how to write it in a script (for the failure message).
function V($Value, [string] $Text) { [pscustomobject]@{ V = $Value; T = $Text } }

function Format-String([string] $s) {
    if ($s.Length -gt 64) { return "('$($s[0])' * $($s.Length))" }
    if ($s -match '^[\x20-\x7e]*$') { return "'" + $s.Replace("'", "''") + "'" }
    '"' + (-join ($s.ToCharArray() | ForEach-Object {
                if ($_ -match '[\x20-\x7e]' -and $_ -notin '"', '`', '$') { $_ } else { '$([char]0x{0:X4})' -f [int]$_ } })) + '"'
}
function S([string] $s) { V $s (Format-String $s) }
$NullValue = V $null '$null'

# ---------------------------------------------------------------------------------------------
# The runspace the calls run in: no host, one reused thread.

$iss = [initialsessionstate]::CreateDefault2()
$iss.ImportPSModule($ModulePath)
$worker = [runspacefactory]::CreateRunspace($iss)
$worker.ThreadOptions = 'ReuseThread'
$worker.Open()

function Invoke-InWorker([scriptblock] $Script, [object[]] $Arguments = @()) {
    $ps = [powershell]::Create()
    $ps.Runspace = $worker
    try {
        # A local scope: the script's own preferences stay out of the calls that come after it.
        $null = $ps.AddScript($Script.ToString(), $true)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        $ps.Invoke()
        if ($ps.HadErrors -and $ps.Streams.Error.Count) { throw "fixture script failed: $($ps.Streams.Error[0])" }
    }
    finally { $ps.Dispose() }
}

# ---------------------------------------------------------------------------------------------
# Fixtures, made anew for each cmdlet.

$NewFixtures = {
    param([int] $Port)
    $ErrorActionPreference = 'Stop'
    $fx = [ordered]@{}
    $fx.ListenerOneToOne = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -LocalPort $Port -Listen -NoDelay
    $fx.ServerOneToMany = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort ($Port + 1) -Listen -NoDelay -OutboundStreams 4 -MaxInboundStreams 4
    $fx.Client = New-SctpSocket -NoDelay -OutboundStreams 4 -MaxInboundStreams 4 -Subscribe AssociationChange, Shutdown
    $fx.Association = Connect-SctpAssociation -Socket $fx.Client -RemoteAddress 127.0.0.1 -RemotePort ($Port + 1) -TimeoutSeconds 10
    $fx.ServerAssociation = Wait-SctpAssociation -Socket $fx.ServerOneToMany -TimeoutSeconds 10
    $fx.Client2 = New-SctpSocket -NoDelay
    $fx.Client2Association = Connect-SctpAssociation -Socket $fx.Client2 -RemoteAddress 127.0.0.1 -RemotePort ($Port + 1) -TimeoutSeconds 10
    $fx.Peeled = Wait-SctpAssociation -Socket $fx.ServerOneToMany -TimeoutSeconds 10 | Invoke-SctpPeelOff
    $fx.PeeledAssociation = Get-SctpAssociation -Socket $fx.Peeled
    $fx.OneToOneClient = New-SctpSocket -Style OneToOne -NoDelay
    $fx.OneToOneAssociation = Connect-SctpAssociation -Socket $fx.OneToOneClient -RemoteAddress 127.0.0.1 -RemotePort $Port -TimeoutSeconds 10
    $fx.AcceptedAssociation = Wait-SctpAssociation -Socket $fx.ListenerOneToOne -TimeoutSeconds 10
    $fx.Accepted = $fx.AcceptedAssociation.Socket
    $fx.Path = @(Get-SctpPeerAddress -Association $fx.Association)[0]
    # An association whose socket is closed (with a path of it), and one aborted on an open socket.
    $fx.ClosedSocket = New-SctpSocket
    $fx.ClosedAssociation = Connect-SctpAssociation -Socket $fx.ClosedSocket -RemoteAddress 127.0.0.1 -RemotePort ($Port + 1) -TimeoutSeconds 10
    $null = Wait-SctpAssociation -Socket $fx.ServerOneToMany -TimeoutSeconds 10   # so that a later wait there returns a later association
    $fx.ClosedPath = @(Get-SctpPeerAddress -Association $fx.ClosedAssociation)[0]
    Close-SctpSocket -InputObject $fx.ClosedSocket
    $fx.AbortedSocket = New-SctpSocket
    $fx.AbortedAssociation = Connect-SctpAssociation -Socket $fx.AbortedSocket -RemoteAddress 127.0.0.1 -RemotePort ($Port + 1) -TimeoutSeconds 10
    $null = Wait-SctpAssociation -Socket $fx.ServerOneToMany -TimeoutSeconds 10
    Disconnect-SctpAssociation -InputObject $fx.AbortedAssociation -Abort
    # IPv6, where the host has it: a listening socket on ::1 and a client's association with it.
    $fx.IPv6Server = New-SctpSocket -LocalAddress ::1 -LocalPort ($Port + 2) -Listen -NoDelay -ErrorAction Ignore
    if ($fx.IPv6Server) {
        $fx.IPv6Client = New-SctpSocket -AddressFamily InterNetworkV6 -NoDelay
        $fx.IPv6Association = Connect-SctpAssociation -Socket $fx.IPv6Client -RemoteAddress ::1 -RemotePort ($Port + 2) -TimeoutSeconds 10
        $fx.IPv6ServerAssociation = Wait-SctpAssociation -Socket $fx.IPv6Server -TimeoutSeconds 10
    }
    $fx.Options = Get-SctpSocketOption -Socket $fx.Client
    Send-SctpMessage -Socket $fx.Accepted -Text 'fixture'
    $fx.Message = Receive-SctpMessage -Socket $fx.OneToOneClient -TimeoutSeconds 10
    $fx
}

# Pairs that carry messages, so that a receive on a live fixture finds one waiting (the
# system peer, socat, echoes what it gets: its socket is its own sender).
$ReceiverPairs = @(
    @{ Receiver = 'Client'; Sender = 'ServerOneToMany'; Association = 'ServerAssociation' },
    @{ Receiver = 'ForeignSocket'; Sender = 'ServerOneToMany'; Association = 'ForeignServerAssociation' },
    @{ Receiver = 'IPv6Client'; Sender = 'IPv6Server'; Association = 'IPv6ServerAssociation' },
    @{ Receiver = 'IPv6Server'; Sender = 'IPv6Client'; Association = 'IPv6Association' },
    @{ Receiver = 'SystemPeerSocket'; Sender = 'SystemPeerSocket'; Association = $null; Echo = $true },
    @{ Receiver = 'ServerOneToMany'; Sender = 'Client'; Association = 'Association' },
    @{ Receiver = 'Peeled'; Sender = 'Client2'; Association = 'Client2Association' },
    @{ Receiver = 'Client2'; Sender = 'Peeled'; Association = $null },
    @{ Receiver = 'OneToOneClient'; Sender = 'Accepted'; Association = $null },
    @{ Receiver = 'Accepted'; Sender = 'OneToOneClient'; Association = $null }
)

$socat = Get-Command socat -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
$systemPort = $BasePort + 999
$peer = $null
if ($socat) {
    # An SCTP endpoint of another process: its side of an association is listed system-wide
    # (Get-SctpAssociation without -Socket) and belongs to no socket of this session.
    $peer = Start-Peer -FilePath $socat.Source -ArgumentList @("SCTP-LISTEN:$systemPort,bind=127.0.0.1,reuseaddr,fork", 'EXEC:cat')
    $null = Wait-SctpListener -Port $systemPort
}

function New-FixtureSet([int] $Port) {
    $fx = @(Invoke-InWorker $NewFixtures @($Port))[0]
    $fx = $fx.psobject.BaseObject
    # A socket and an association of another runspace (this one), and a socket that is not SCTP.
    $fx.ForeignSocket = New-SctpSocket -NoDelay
    $fx.ForeignAssociation = Connect-SctpAssociation -Socket $fx.ForeignSocket -RemoteAddress 127.0.0.1 -RemotePort ($Port + 1) -TimeoutSeconds 10
    $fx.ForeignServerAssociation = @(Invoke-InWorker { param($s) Wait-SctpAssociation -Socket $s -TimeoutSeconds 10 } @($fx.ServerOneToMany))[0]
    $fx.TcpSocket = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
    if ($socat) {
        $fx.SystemPeerSocket = New-SctpSocket -Style OneToOne
        $null = Connect-SctpAssociation -Socket $fx.SystemPeerSocket -RemoteAddress 127.0.0.1 -RemotePort $systemPort -TimeoutSeconds 10
    }
    $listed = @(Invoke-InWorker { Get-SctpAssociation })
    $fx.SystemAssociation = $listed | Where-Object { $null -eq $_.Socket -and $_.LocalPort -eq $systemPort } | Select-Object -First 1
    $fx.ListedAssociation = $listed | Where-Object { $null -ne $_.Socket } | Select-Object -First 1
    $fx.Handles = [ordered]@{}
    foreach ($name in @($fx.Keys)) {
        $o = $fx[$name]
        if ($null -ne $o) { $o = $o.psobject.BaseObject }
        if ($o -is [SctpPS.SctpSocket]) { $fx.Handles[$name] = $o.Handle }
    }
    $fx.Handles.TcpSocket = [int]$fx.TcpSocket.Handle
    $fx
}

function Close-FixtureSet($fx, $tracked) {
    Invoke-InWorker { Get-SctpSocket | Close-SctpSocket } | Out-Null
    foreach ($s in $tracked) { $s.Dispose() }
    foreach ($name in @($fx.Keys)) {
        $o = $fx[$name]
        if ($null -ne $o) { $o = $o.psobject.BaseObject }
        if ($o -is [System.IDisposable]) { $o.Dispose() }
    }
    Get-SctpSocket | Close-SctpSocket
}

# ---------------------------------------------------------------------------------------------
# Candidate values, by the parameter's type (and, where a name says what a value means, its name).

function Get-FixtureValues($fx, [type] $Type) {
    foreach ($name in $fx.Keys) {
        $o = $fx[$name]
        if ($null -eq $o) { continue }
        $b = $o.psobject.BaseObject
        if ($b -is $Type) { V $o "`$fx.$name" }
    }
}

function New-Pools($fx) {
    $p = @{}
    $p.Socket = @(Get-FixtureValues $fx ([SctpPS.SctpSocket]))
    $p.Association = @(Get-FixtureValues $fx ([SctpPS.SctpAssociation]))
    $p.Path = @(Get-FixtureValues $fx ([SctpPS.SctpPath]))
    $p.Other = @(Get-FixtureValues $fx ([object]) | Where-Object { $_.V -isnot [System.Collections.IDictionary] })
    $freePort = 28000 + $script:rng.Next(1000)
    $serverPort = $fx.ServerOneToMany.LocalPort
    $listenerPort = $fx.ListenerOneToOne.LocalPort
    $p.Ports = @((V $serverPort '$fx.ServerOneToMany.LocalPort'), (V $listenerPort '$fx.ListenerOneToOne.LocalPort'),
        (V $serverPort '$fx.ServerOneToMany.LocalPort'), (V $listenerPort '$fx.ListenerOneToOne.LocalPort'),
        (V $freePort "$freePort"), (V 0 '0'), (V 1 '1'), (V 65535 '65535'), (V $systemPort "$systemPort"))
    $p.Ids = @(foreach ($name in 'Association', 'ServerAssociation', 'Client2Association', 'OneToOneAssociation', 'ClosedAssociation', 'AbortedAssociation', 'ForeignAssociation') {
            if ($fx[$name]) { V $fx[$name].Id "`$fx.$name.Id" } }) +
        @(foreach ($name in 'Client', 'ServerOneToMany', 'Peeled', 'ClosedSocket', 'ForeignSocket') { if ($fx[$name]) { V $fx[$name].Id "`$fx.$name.Id" } }) +
        @((V 0 '0'), (V -1 '-1'), (V 999999 '999999'), (V 2 '2'))
    $p.Descriptors = @(foreach ($name in $fx.Handles.Keys) { V $fx.Handles[$name] "`$fx.Handles.$name" }) +
        @((V 0 '0'), (V 1 '1'), (V 2 '2'), (V 999999 '999999'))
    $p.Int = @((V 0 '0'), (V 1 '1'), (V -1 '-1'), (V 2 '2'), (V 3 '3'), (V 7 '7'), (V 100 '100'), (V 65535 '65535'), (V 65536 '65536'),
        (V ([int]::MaxValue) '[int]::MaxValue'), (V ([int]::MinValue) '[int]::MinValue'), (V ([long]::MaxValue) '[long]::MaxValue'),
        (V ([uint32]::MaxValue) '[uint32]::MaxValue'), (S '12'), (S 'twelve'), (V 1.5 '1.5'), (V ([double]::NaN) '[double]::NaN'))
    $p.String = @((S ''), (S ' '), (S 'hello'), (S 'Grüße €'), (S ([string][char]0xD800)), (S "a$([char]0xDC00)b"),
        (S "$([char]0xD83D)$([char]0xDE00)"), (S ('x' * 100000)), (S "nul`0char"), (S "two`nlines"), (S '-1'), (S '*'))
    $p.Address = @((S '127.0.0.1'), (S '127.0.0.1'), (S '::1'), (S '127.0.0.2'), (S '::1'), (S '::ffff:127.0.0.1'), (S 'localhost'), (S '0.0.0.0'), (S '::'), (S '[::1]'))
    if ($OnlyLoopback) {
        $p.Address += @((S '192.0.2.1'), (S '2001:db8::1'), (S '224.0.0.1'), (S '255.255.255.255'), (S 'no-such-host.invalid'),
            (S '999.1.1.1'), (S 'fe80::1%lo'), (S ' 127.0.0.1'))
    }
    $p.OptionNames = @([SctpPS.SctpOptionCatalog]::All | ForEach-Object { S $_.Name }) + @((S 'rtominms'), (S 'NoSuchOption'))
    # The kernel settings' names and values a script would give (Set-SctpKernelSetting runs with -WhatIf only:
    # its checks run, the host's settings stay).
    $p.SettingNames = @([SctpPS.SctpKernelSettings]::Known | ForEach-Object { S $_.Name }) +
        @((S 'net.sctp.rto_min'), (S 'net.sctp.sctp_rmem'), (S 'rto_*'), (S 'no_such_setting'), (S 'net.ipv4.tcp_rmem'), (S '../rto_min'))
    $p.SettingValues = @((V 0 '0'), (V 1 '1'), (V 200 '200'), (V 1500 '1500'), (V -1 '-1'), (V 1.5 '1.5'), (V ([char]'7') "[char]'7'"),
        (V $true '$true'), (S 'sha1'), (S 'md5 sha1'), (S '4096 87380 6291456'), (V @(4096, 87380, 6291456) '@(4096, 87380, 6291456)'),
        (V @(1, 2) '@(1, 2)'), (V ([timespan]::FromSeconds(2)) '[timespan]::FromSeconds(2)'), (V ([long]::MaxValue) '[long]::MaxValue'))
    $p.Bytes = @((V ([byte[]]@()) '[byte[]]@()'), (V ([byte[]](1, 2, 3)) '[byte[]](1, 2, 3)'), (V ([byte[]]::new(1000)) '[byte[]]::new(1000)'),
        (V ([byte[]]::new(65536)) '[byte[]]::new(65536)'), (V ([byte[]]::new(300000)) '[byte[]]::new(300000)'),
        (V @(1, 2, 300) '@(1, 2, 300)'), (S 'abc'), (V -1 '-1'))
    $p.IPAddress = @((V ([ipaddress]'127.0.0.1') "[ipaddress]'127.0.0.1'"), (V ([ipaddress]'127.0.0.2') "[ipaddress]'127.0.0.2'"),
        (V ([ipaddress]'::1') "[ipaddress]'::1'"), (V ([ipaddress]::Any) '[ipaddress]::Any'), (V ([ipaddress]::IPv6Any) '[ipaddress]::IPv6Any'),
        (V ([ipaddress]'::ffff:127.0.0.1') "[ipaddress]'::ffff:127.0.0.1'"),
        (S '127.0.0.1'), (S 'not-an-ip'), (S ''), (V 42 '42'), (S 'fe80::1%1'))
    if ($OnlyLoopback) {
        $p.IPAddress += @((V ([ipaddress]::Broadcast) '[ipaddress]::Broadcast'),
            (V ([ipaddress]'192.0.2.1') "[ipaddress]'192.0.2.1'"), (V ([ipaddress]'2001:db8::1') "[ipaddress]'2001:db8::1'"))
    }
    $p.EndPoint = @((V ([ipendpoint]::new([ipaddress]'127.0.0.1', $serverPort)) "[ipendpoint]::new([ipaddress]'127.0.0.1', `$fx.ServerOneToMany.LocalPort)"),
        (V ([ipendpoint]::new([ipaddress]'127.0.0.1', $listenerPort)) "[ipendpoint]::new([ipaddress]'127.0.0.1', `$fx.ListenerOneToOne.LocalPort)"),
        (V ([ipendpoint]::new([ipaddress]'127.0.0.1', $freePort)) "[ipendpoint]::new([ipaddress]'127.0.0.1', $freePort)"),
        (V ([ipendpoint]::new([ipaddress]'::1', $serverPort)) "[ipendpoint]::new([ipaddress]'::1', `$fx.ServerOneToMany.LocalPort)"),
        (V ([ipendpoint]::new([ipaddress]::Any, 0)) '[ipendpoint]::new([ipaddress]::Any, 0)'),
        (S "127.0.0.1:$serverPort"), (S 'bogus'), (V 5 '5'))
    if ($OnlyLoopback) {
        $p.EndPoint += @((V ([ipendpoint]::new([ipaddress]'192.0.2.1', 9)) "[ipendpoint]::new([ipaddress]'192.0.2.1', 9)"),
            (V ([ipendpoint]::new([ipaddress]'2001:db8::1', 9)) "[ipendpoint]::new([ipaddress]'2001:db8::1', 9)"),
            (V ([ipendpoint]::new([ipaddress]::Broadcast, 9)) '[ipendpoint]::new([ipaddress]::Broadcast, 9)'))
    }
    $p.Object = @((S 'hello'), (S ''), (S ([string][char]0xD800)), (S 'Grüße €'), (V ([byte[]](1, 2, 3)) '[byte[]](1, 2, 3)'),
        (V 42 '42'), (V @{ a = 1 } '@{ a = 1 }'), (V ([pscustomobject]@{ Text = 'x' }) "[pscustomobject]@{ Text = 'x' }"),
        (V ([datetime]::UnixEpoch) '[datetime]::UnixEpoch'), (V $null '$null')) + $p.Socket + $p.Association
    $p.Bool = @((V $true '$true'), (V $false '$false'), (V 0 '0'), (V 1 '1'), (S 'true'), (S 'maybe'), (V 2 '2'), (V $null '$null'))
    $p.Switch = @((V $true '$true'), (V $true '$true'), (V $false '$false'), (V ([switch]::Present) '[switch]::Present'), (S 'yes'), (V 2 '2'))
    $p.Junk = @((V $null '$null'), (V @() '@()'), (V @($null) '@($null)'), (S 'junk'), (V 3.14 '3.14'),
        (V ([pscustomobject]@{ Id = 1 }) '[pscustomobject]@{ Id = 1 }'), (V ([object]::new()) '[object]::new()'),
        (V @(1, 'two') "@(1, 'two')"), (V ([System.Collections.ArrayList]::new()) '[System.Collections.ArrayList]::new()'),
        (V ([datetime]::UnixEpoch) '[datetime]::UnixEpoch')) + $p.Other
    $p.Bag = @{}   # type -> outputs of earlier calls
    $p.BagCount = 0
    $p.Cache = @{}
    $p
}

$IntTypes = @([int], [uint32], [int16], [uint16], [long], [uint64], [byte], [sbyte])

# Whether the binder takes a value for a parameter of (element) type $Type: it converts, and passes
# the parameter's ValidateRange, ValidateSet and ValidateNotNullOrEmpty. Switches and booleans are
# stricter than a conversion: the binder takes only booleans (and, for bool, numbers).
function Test-Bindable($Value, [type] $Type, $Parameter) {
    if ($null -eq $Value) { return $false }
    $raw = $Value.psobject.BaseObject
    if ($raw -is [array] -and $Type -ne [byte[]]) { return $false }
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return $raw -is [bool] -or $raw -is [System.Management.Automation.SwitchParameter] }
    if ($Type -eq [bool]) { return $raw -is [bool] -or $raw -is [int] }
    # Any object converts to a string; as a valid value, only a string (or a number) counts.
    if ($Type -eq [string] -and -not ($raw -is [string] -or $raw -is [int] -or $raw -is [double])) { return $false }
    $out = $null
    if (-not [System.Management.Automation.LanguagePrimitives]::TryConvertTo($Value, $Type, [ref]$out)) { return $false }
    foreach ($a in $Parameter.Attributes) {
        if ($a -is [System.Management.Automation.ValidateRangeAttribute]) {
            try { if ($out -lt $a.MinRange -or $out -gt $a.MaxRange) { return $false } } catch { return $false }
        }
        elseif ($a -is [System.Management.Automation.ValidateSetAttribute]) {
            if (-not @($a.ValidValues | Where-Object { [string]::Equals($_, "$out", 'OrdinalIgnoreCase') }).Count) { return $false }
        }
        elseif ($a -is [System.Management.Automation.ValidateNotNullOrEmptyAttribute]) { if ("$out" -eq '') { return $false } }
    }
    $true
}

# The candidates for one parameter, as Good (the binder takes them) and Bad (it refuses them).
function Get-Candidates($Pools, $Parameter, [type] $Type) {
    $key = "$($Parameter.Name)|$Type"
    if ($Pools.Cache.ContainsKey($key)) { return $Pools.Cache[$key] }
    $t = [Nullable]::GetUnderlyingType($Type)
    if (-not $t) { $t = $Type }
    $name = $Parameter.Name
    $range = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] } | Select-Object -First 1
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    $c = [System.Collections.Generic.List[object]]::new()
    if ($t -eq [SctpPS.SctpSocket]) { $c.AddRange([object[]]$Pools.Socket) }
    elseif ($t -eq [SctpPS.SctpAssociation]) { $c.AddRange([object[]]$Pools.Association) }
    elseif ($t -eq [SctpPS.SctpPath]) { $c.AddRange([object[]]$Pools.Path) }
    elseif ($t -eq [System.Management.Automation.SwitchParameter]) { $c.AddRange([object[]]$Pools.Switch) }
    elseif ($t -eq [bool]) { $c.AddRange([object[]]$Pools.Bool) }
    elseif ($t.IsEnum) {
        $names = if ($set) { @($set.ValidValues) + @('Unspecified') } else { [enum]::GetNames($t) }
        foreach ($n in $names) { $c.Add((S $n)) }
        $c.Add((S $names[0].ToLowerInvariant()))
        if ($names.Count -gt 1) { $c.Add((S "$($names[0]),$($names[1])")) }
        $c.Add((V 1 '1')); $c.Add((V 999 '999')); $c.Add((S 'NoSuchValue')); $c.Add((S ''))
    }
    elseif ($t -in $IntTypes) {
        if ($name -eq 'Count') {
            # How many to receive: a few, so that they are waiting; a huge count waits for silence.
            $c.AddRange([object[]]@((V 1 '1'), (V 2 '2'), (V 3 '3'), (V 1 '1'), (V 2 '2'), (V 3 '3'), (V 1 '1'), (V 2 '2'), (V ([int]::MaxValue) '[int]::MaxValue'),
                    (V 0 '0'), (V -1 '-1'), (S 'many'), (V ([long]::MaxValue) '[long]::MaxValue')))
        }
        else {
            if ($name -match 'Port$') { $c.AddRange([object[]]$Pools.Ports) }
            elseif ($name -match '(^|Association|Socket)Id$') { $c.AddRange([object[]]$Pools.Ids) }
            elseif ($name -eq 'FileDescriptor') { $c.AddRange([object[]]$Pools.Descriptors) }
            if ($range) {
                $min = [long]$range.MinRange; $max = [long]$range.MaxRange
                foreach ($n in $min, $max, ($min - 1), ($max + 1), ($min + 1)) { $c.Add((V $n "$n")) }
            }
            $c.AddRange([object[]]$Pools.Int)
        }
    }
    elseif ($t -eq [string]) {
        if ($set) { foreach ($n in $set.ValidValues) { $c.Add((S $n)); $c.Add((S $n.ToLowerInvariant())) }; $c.Add((S 'NoSuchValue')) }
        if ($name -match 'Address|Host|ComputerName') {
            $c.AddRange([object[]]$Pools.Address)
            # Any other string would go to the resolver: only where that reaches nothing.
            if ($OnlyLoopback) { $c.AddRange([object[]]$Pools.String) }
        }
        else {
            if ($name -eq 'Name') { $c.AddRange([object[]]$(if ($script:CurrentCommand -like '*-SctpKernelSetting') { $Pools.SettingNames } else { $Pools.OptionNames })) }
            $c.AddRange([object[]]$Pools.String)
        }
    }
    elseif ($t -eq [byte[]]) { $c.AddRange([object[]]$Pools.Bytes) }
    elseif ($t -eq [ipaddress]) { $c.AddRange([object[]]$Pools.IPAddress) }
    elseif ($t -eq [ipendpoint]) { $c.AddRange([object[]]$Pools.EndPoint) }
    elseif ($t -eq [object]) {
        if ($script:CurrentCommand -like '*-SctpKernelSetting') { $c.AddRange([object[]]$Pools.SettingValues) }
        $c.AddRange([object[]]$Pools.Object)
    }
    $c.AddRange([object[]]$Pools.Junk)
    $good = [System.Collections.Generic.List[object]]::new()
    $bad = [System.Collections.Generic.List[object]]::new()
    foreach ($v in $c) {
        if (Test-Bindable $v.V $t $Parameter) { $good.Add($v) } else { $bad.Add($v) }
    }
    $entry = @{ Good = $good; Bad = $bad; Type = $t }
    $Pools.Cache[$key] = $entry
    $entry
}

# One value: from the Good candidates, or (when $Valid is not set, at times) from the Bad ones.
function New-Element($Pools, $Candidates, [bool] $Valid) {
    if (-not $Valid -and $script:rng.NextDouble() -lt 0.08) { return $NullValue }
    if (-not $Valid -and $Candidates.Bad.Count -and ((Chance 0.35) -or -not $Candidates.Good.Count)) { return Pick $Candidates.Bad }
    # Objects earlier calls returned are valid values too (and the only ones for types the pools do not know).
    $fits = $Pools.Bag[$Candidates.Type]
    if ($fits -and $script:rng.NextDouble() -lt 0.2) { return Pick $fits }
    if ($Candidates.Good.Count) { return Pick $Candidates.Good }
    Pick $Candidates.Bad
}

function New-Value($Pools, $Parameter, [bool] $Valid) {
    $type = $Parameter.ParameterType
    if ($Parameter.Name -eq 'Interval' -and ($Valid -or (Chance 0.7))) {
        # A sampling interval is waited out once per sample: short, or every call costs seconds.
        return Pick @((V 0.01 '0.01'), (V 0.05 '0.05'))
    }
    if ($Parameter.Name -eq 'TimeoutSeconds') {
        # Always short: the least valid value (0, or a fraction such as Test-SctpConnection's 0.05)
        # or 1 second, or one the binder refuses. [double]: a [long] made 0.05 into 0, which is refused.
        $min = 0.0; $max = 86400.0
        foreach ($a in $Parameter.Attributes) { if ($a -is [System.Management.Automation.ValidateRangeAttribute]) { $min = [double]$a.MinRange; $max = [double]$a.MaxRange } }
        if ($Valid -or (Chance 0.7)) { $n = if (Chance 0.5) { [math]::Max(0.0, $min) } else { 1 }; return (V $n "$n") }
        return Pick @((V ($min - 1) "$($min - 1)"), (V ($max + 1) "$($max + 1)"), (V -1 '-1'), (S 'soon'), (V @(1, 2) '@(1, 2)'))
    }
    $isArray = $type.IsArray -and $type -ne [byte[]]
    $element = if ($isArray) { $type.GetElementType() } else { $type }
    $candidates = Get-Candidates $Pools $Parameter $element
    # $null itself, often: what a script passes when a variable was never set.
    if (-not $Valid -and $script:rng.NextDouble() -lt 0.08) { return $NullValue }
    if ($isArray -and (Chance 0.3)) {
        $items = @(1..(2 + $script:rng.Next(2)) | ForEach-Object { New-Element $Pools $candidates $Valid })
        return V ([object[]]@($items | ForEach-Object { $_.V })) ('@(' + (($items | ForEach-Object T) -join ', ') + ')')
    }
    New-Element $Pools $candidates $Valid
}

function New-PipelineInput($Pools, $Set, [bool] $Valid) {
    $byValue = $Set.ByValue
    $byName = $Set.ByName
    @(1..(1 + $script:rng.Next(3)) | ForEach-Object {
            $r = $script:rng.NextDouble()
            if ($byValue.Count -and ($r -lt 0.6 -or -not $byName.Count)) {
                $p = Pick $byValue
                $element = if ($p.ParameterType.IsArray -and $p.ParameterType -ne [byte[]]) { $p.ParameterType.GetElementType() } else { $p.ParameterType }
                New-Element $Pools (Get-Candidates $Pools $p $element) $Valid
            }
            elseif ($byName.Count -and ($Valid -or $r -lt 0.85)) {
                # An object with properties named as parameters that take them by property name.
                $props = [ordered]@{}
                foreach ($p in @($byName | Sort-Object { $script:rng.Next() } | Select-Object -First (1 + $script:rng.Next(2)))) { $props[$p.Name] = New-Value $Pools $p $Valid }
                $o = [pscustomobject]@{}
                foreach ($k in $props.Keys) { $o | Add-Member -NotePropertyName $k -NotePropertyValue $props[$k].V }
                V $o ('[pscustomobject]@{ ' + (($props.Keys | ForEach-Object { "$_ = $($props[$_].T)" }) -join '; ') + ' }')
            }
            else { Pick $Pools.Junk }
        })
}

# One call: a parameter set, values for its parameters, maybe pipeline input. About half the calls
# give only values the binder takes (so they reach the cmdlet's own code); the others mix in
# refused values, parameters of other sets, unknown ones and missing mandatory ones.
# Per cmdlet and parameter set, what New-Call needs of the parameters (worked out once).
$Plans = @{}
function Get-Plan($Command) {
    if ($Plans.ContainsKey($Command.Name)) { return $Plans[$Command.Name] }
    $sets = foreach ($set in $Command.ParameterSets) {
        $own = [System.Collections.Generic.List[object]]::new()
        $piped = [System.Collections.Generic.List[object]]::new()
        $optional = 0
        foreach ($p in $set.Parameters) {
            if ($CommonParameters.Contains($p.Name)) { continue }
            $own.Add($p)
            if ($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName) { $piped.Add($p) }
            if (-not $p.IsMandatory -and $p.Name -ne 'TimeoutSeconds') { $optional++ }
        }
        @{ Own = $own; Piped = $piped; ByValue = @($piped | Where-Object ValueFromPipeline); ByName = @($piped | Where-Object ValueFromPipelineByPropertyName); POptional = [math]::Min(0.35, 3.0 / [math]::Max(1, $optional)) }
    }
    $other = @($Command.Parameters.Values | Where-Object { -not $CommonParameters.Contains($_.Name) })
    $plan = @{ Sets = @($sets); Other = $other; WhatIf = $Command.Parameters.ContainsKey('WhatIf') }
    $Plans[$Command.Name] = $plan
    $plan
}

# Parameters that make a call run until a silence of -TimeoutSeconds (Receive-SctpMessage
# -Continuous): bound seldom, since each such call costs its whole timeout.
$Seldom = @{ Continuous = 0.04 }

# One call: a parameter set, values for its parameters, maybe pipeline input. About half the calls
# give only values the binder takes (so they reach the cmdlet's own code); the others mix in
# refused values, parameters of other sets, unknown ones and missing mandatory ones.
function New-Call($Pools, $Command) {
    $rng = $script:rng
    $script:CurrentCommand = $Command.Name
    $plan = Get-Plan $Command
    $valid = $rng.NextDouble() -lt 0.55
    $set = Pick $plan.Sets
    $pipeline = $null
    if ($(if ($set.Piped.Count) { $rng.NextDouble() -lt 0.35 } else { -not $valid -and $rng.NextDouble() -lt 0.1 })) { $pipeline = @(New-PipelineInput $Pools $set $valid) }
    $bound = [ordered]@{}
    foreach ($p in $set.Own) {
        $takesPipe = $null -ne $pipeline -and ($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName)
        $bind = if ($p.Name -eq 'TimeoutSeconds') { $true }
        elseif ($p.IsMandatory) { if ($takesPipe) { $rng.NextDouble() -lt 0.15 } elseif ($valid) { $true } else { $rng.NextDouble() -lt 0.92 } }
        elseif ($Seldom.ContainsKey($p.Name)) { $rng.NextDouble() -lt $Seldom[$p.Name] }
        else { $rng.NextDouble() -lt $set.POptional }
        if ($bind) { $bound[$p.Name] = New-Value $Pools $p $valid }
    }
    if (-not $valid -and $rng.NextDouble() -lt 0.08) {
        # A parameter of another set.
        $p = Pick $plan.Other
        if (-not $bound.Contains($p.Name)) { $bound[$p.Name] = New-Value $Pools $p $false }
    }
    # Sampling without -Count goes on until Ctrl+C: bound the samples as a script would.
    if ($bound.Contains('Interval') -and -not $bound.Contains('Count') -and $Command.Parameters.ContainsKey('Count')) { $bound['Count'] = V 2 '2' }
    if (-not $valid -and $rng.NextDouble() -lt 0.04) { $bound['NoSuchParameter'] = V 1 '1' }
    if ($plan.WhatIf -and $rng.NextDouble() -lt 0.08) { $bound['WhatIf'] = V $true '$true' }
    # The host's kernel settings hold for every later test: changing them is never fuzzed, checking values is.
    if ($Command.Name -eq 'Set-SctpKernelSetting') { $bound['WhatIf'] = V $true '$true' }

    $text = $Command.Name
    foreach ($k in $bound.Keys) { $text += " -${k}:$($bound[$k].T)" }
    if ($null -ne $pipeline) {
        $text = $(if ($pipeline.Count -eq 1) { "(, $($pipeline[0].T))" } else { '@(' + (($pipeline | ForEach-Object T) -join ', ') + ')' }) + " | $text"
    }
    # How long it may take: its own timeout for each pipeline object, and a margin for a slow host.
    $wait = 0
    if ($bound.Contains('TimeoutSeconds')) { try { $wait = [math]::Max(0, [int]$bound['TimeoutSeconds'].V) } catch { $wait = 0 } }
    [pscustomobject]@{
        Command = $Command.Name; Bound = $bound; Pipeline = $pipeline; Text = $text; Wait = $wait
        LimitSeconds = $wait * [math]::Max(1, @($pipeline).Count) + $GraceSeconds
    }
}

# ---------------------------------------------------------------------------------------------
# Running one call and judging what it wrote.

function Get-Exception($e) {
    while ($e -is [System.Management.Automation.MethodInvocationException] -and $e.InnerException) { $e = $e.InnerException }
    $e
}

function Test-Record($Record, [string] $Cmdlet, [bool] $Terminating, $Thrown) {
    $fqid = "$($Record.FullyQualifiedErrorId)"
    $id = $fqid.Split(',')[0]
    # A terminating error's record may hold a stand-in (ParentContainsErrorRecordException): judge what was thrown.
    $exception = if ($Thrown) { $Thrown } else { $Record.Exception }
    $what = "$fqid ($($exception.GetType().FullName): $($exception.Message))"
    if ($exception -is [System.Management.Automation.ParameterBindingException]) {
        if ($BindingErrorIds.Contains($id)) { return $null }
        return "a parameter-binding error this suite does not expect: $what"
    }
    $definition = $Catalog[$id]
    if (-not $definition) { return "an error that is neither a binding error nor in the error catalogue$(if ($Terminating) { ' (terminating)' }): $what" }
    if ($definition.Cmdlet -ne '*' -and $definition.Cmdlet -ne $Cmdlet) { return "the catalogue gives $id to $($definition.Cmdlet), not to $Cmdlet" }
    if ($Record.CategoryInfo.Category -ne $definition.Category) { return "$id has category $($Record.CategoryInfo.Category); the catalogue says $($definition.Category)" }
    if ($Terminating -and $definition.When -notmatch 'Terminating') { return "$id ended the call (terminating), which the catalogue does not say of it: $what" }
    $null
}

function Invoke-Call($Call) {
    $ps = [powershell]::Create()
    $ps.Runspace = $worker
    $null = $ps.AddCommand($Call.Command)
    foreach ($k in $Call.Bound.Keys) { $null = $ps.AddParameter($k, $Call.Bound[$k].V) }
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    if ($null -ne $Call.Pipeline) {
        $in = [System.Management.Automation.PSDataCollection[object]]::new()
        foreach ($item in $Call.Pipeline) { $in.Add($item.V) }
        $in.Complete()
        $async = $ps.BeginInvoke[object, psobject]($in, $output)
    }
    else {
        $async = $ps.BeginInvoke[object, psobject]($null, $output)
    }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $result = [pscustomobject]@{ Output = $output; Errors = @(); Terminating = $null; TimedOut = $false; Stuck = $false; Seconds = 0 }
    if (-not $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($Call.LimitSeconds))) {
        $result.TimedOut = $true
        $stop = $ps.BeginStop($null, $null)
        if (-not $stop.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(10))) { $result.Stuck = $true; return $result }
    }
    try { $null = $ps.EndInvoke($async) }
    catch { $result.Terminating = Get-Exception $_.Exception }
    $result.Seconds = $clock.Elapsed.TotalSeconds
    $result.Errors = @($ps.Streams.Error)
    $ps.Dispose()
    $result
}

function Get-Problems($Call, $Result) {
    $problems = [System.Collections.Generic.List[string]]::new()
    if ($Result.TimedOut) { $problems.Add("ran past its time limit ($($Call.LimitSeconds) s: its -TimeoutSeconds for each pipeline object plus $GraceSeconds s)$(if ($Result.Stuck) { ', and Stop() did not end it within 10 s' })") }
    foreach ($r in $Result.Errors) { if ($p = Test-Record $r $Call.Command $false) { $problems.Add($p) } }
    if ($Result.Terminating -and -not $Result.TimedOut) {
        $e = $Result.Terminating
        if ($e -is [System.Management.Automation.IContainsErrorRecord] -and $e.ErrorRecord) {
            if ($p = Test-Record $e.ErrorRecord $Call.Command $true $e) { $problems.Add($p) }
        }
        else { $problems.Add("a bare exception ended the call: $($e.GetType().FullName): $($e.Message)") }
    }
    if ($worker.RunspaceStateInfo.State -ne 'Opened') { $problems.Add("the runspace is $($worker.RunspaceStateInfo.State) after the call") }
    , $problems
}

# ---------------------------------------------------------------------------------------------
# Keeping the live fixtures busy, so that a wait on one ends at once instead of after its timeout:
# a few messages waiting on each receiving socket, and a peer coming to each listening one.

# Before a call that may wait on a receiving fixture: unless three are waiting there (as far as the
# outputs of earlier calls tell), have its peer send three.
function Update-Queues($fx, $Pairs, $Call, $Used) {
    if ($Call.Wait -lt 1) { return }
    foreach ($pair in $Pairs) {
        $receiver = $fx[$pair.Receiver]; $sender = $fx[$pair.Sender]
        if (-not $receiver -or -not $sender -or $receiver.IsClosed -or $sender.IsClosed) { continue }
        if ($pair.Stuck -or $pair.Queued -ge 3 -or -not $Used.Contains($receiver.psobject.BaseObject)) { continue }
        $to = if ($pair.Association) { if (-not $fx[$pair.Association]) { continue }; @{ Association = $fx[$pair.Association] } } else { @{ Socket = $sender } }
        $sent = @('fuzz', 'fuzz', 'fuzz' | Send-SctpMessage @to -TimeoutSeconds 1 -PassThru -ErrorAction SilentlyContinue)
        # An echo comes back as a byte stream: count it as one message.
        $pair.Queued += $(if ($pair.Echo) { [math]::Min(1, $sent.Count) } else { $sent.Count })
        # A peer that cannot send (the fuzz closed or filled its association) is not asked again.
        if ($sent.Count -lt 3) { $pair.Stuck = $true }
    }
}

# The objects a call is given (bound or piped, arrays opened), compared by reference.
function Get-UsedObjects($Call) {
    $used = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
    foreach ($item in @($Call.Bound.Values) + @($Call.Pipeline)) {
        if ($null -eq $item) { continue }
        foreach ($v in @($item.V)) { if ($null -ne $v) { $null = $used.Add($v.psobject.BaseObject) } }
    }
    , $used
}

function Connect-Listeners($fx, $Call, $Used, $Peers) {
    if ($Call.Wait -lt 1) { return }
    foreach ($name in 'ServerOneToMany', 'ListenerOneToOne', 'IPv6Server') {
        $listener = $fx[$name]
        if (-not $listener -or $listener.IsClosed -or -not $Used.Contains($listener.psobject.BaseObject)) { continue }
        $family = if ($name -eq 'IPv6Server') { 'InterNetworkV6' } else { 'InterNetwork' }
        $address = if ($name -eq 'IPv6Server') { '::1' } else { '127.0.0.1' }
        $client = New-SctpSocket -AddressFamily $family -ErrorAction SilentlyContinue
        if (-not $client) { continue }
        $Peers.Add($client.psobject.BaseObject)
        $null = Connect-SctpAssociation -Socket $client -RemoteAddress $address -RemotePort $listener.LocalPort -TimeoutSeconds 2 -ErrorAction SilentlyContinue
    }
}

# ---------------------------------------------------------------------------------------------

$log = [System.IO.StreamWriter]::new($LogPath, $false)
$log.AutoFlush = $true
$report = [ordered]@{ Seed = $Seed; Calls = $Calls; MinCalls = $MinCalls; BudgetSeconds = $BudgetSeconds; TimeCheck = @(); WarmupSeconds = 0; OnlyLoopback = $OnlyLoopback; SystemPeer = [bool]$socat; Cmdlets = @(); Fatal = $null; Finished = $false; FdBaseline = 0; FdEnd = 0 }
function Save-Report { $report | ConvertTo-Json -Depth 6 | Set-Content -Path $ResultPath }

# Cmdlets that can wait (they have -TimeoutSeconds) last: they get the time the others left.
$commands = @(Get-Command -Module SctpPS -CommandType Cmdlet | Sort-Object { $_.Parameters.ContainsKey('TimeoutSeconds') }, Name)
# -Cmdlet A,B arrives as one string through pwsh -File.
$only = @($Cmdlet | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
if ($only) { $commands = @($commands | Where-Object Name -In $only) }
$baseline = Get-OpenFdCount
$report.FdBaseline = $baseline
$index = 0
$total = [System.Diagnostics.Stopwatch]::StartNew()
try {
    # Warm-up, outside every cmdlet's share: PowerShell compiles a script's functions after their
    # first runs, and the first calls pay for it (in the sandbox about 80 ms each instead of 10).
    # Fixtures on ports of its own and a seed of its own; only Test-SctpSupport runs.
    $script:rng = [System.Random]::new(0)
    $fx = New-FixtureSet ($BasePort + 10 * $commands.Count)
    $pools = New-Pools $fx
    foreach ($command in $commands) { for ($i = 0; $i -lt 5; $i++) { $null = New-Call $pools $command } }
    $probe = Get-Command Test-SctpSupport -Module SctpPS
    for ($i = 0; $i -lt 10; $i++) { $call = New-Call $pools $probe; $null = Get-Problems $call (Invoke-Call $call) }
    Close-FixtureSet $fx @()
    $report.WarmupSeconds = [math]::Round($total.Elapsed.TotalSeconds, 1)

    foreach ($command in $commands) {
        $cmdletSeed = Get-CmdletSeed $Seed $command.Name
        $share = [math]::Min($BudgetSeconds, [math]::Max($MinShareSeconds, ($TotalBudgetSeconds - $total.Elapsed.TotalSeconds) / ($commands.Count - $index)))
        $script:rng = [System.Random]::new($cmdletSeed)
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $entry = [ordered]@{ Name = $command.Name; Seed = $cmdletSeed; Calls = 0; Seconds = 0; FixtureSeconds = 0; Waited = 0; StoppedByBudget = $false
            Outcomes = [ordered]@{}; Problems = @(); ProblemCount = 0; LeakedDescriptors = 0; Slow = @()
            Profile = [ordered]@{ Generate = 0.0; Feed = 0.0; Invoke = 0.0; Judge = 0.0 } }
        $report.Cmdlets += $entry
        $log.WriteLine("== $($command.Name) seed ${cmdletSeed}: fixtures")
        $fx = New-FixtureSet ($BasePort + 10 * $index)
        $index++
        $pools = New-Pools $fx
        $tracked = [System.Collections.Generic.List[object]]::new()
        $blocking = $command.Parameters.ContainsKey('TimeoutSeconds')
        $feeding = $false
        $pairs = @($ReceiverPairs | ForEach-Object { $_.Clone() + @{ Queued = 0 } })
        $entry.FixtureSeconds = [math]::Round($clock.Elapsed.TotalSeconds, 2)
        $seen = @{}
        for ($i = 1; $i -le $Calls; $i++) {
            if ($i -gt $MinCalls -and $clock.Elapsed.TotalSeconds -ge $share) { $entry.StoppedByBudget = $true; break }
            $t0 = $clock.Elapsed.TotalMilliseconds
            $call = New-Call $pools $command
            $t1 = $clock.Elapsed.TotalMilliseconds
            if ($feeding -and $call.Wait -ge 1) { $used = Get-UsedObjects $call; Update-Queues $fx $pairs $call $used; Connect-Listeners $fx $call $used $tracked }
            $t2 = $clock.Elapsed.TotalMilliseconds
            $log.WriteLine("[$($command.Name) #$i] $($call.Text)")
            $result = Invoke-Call $call
            $t3 = $clock.Elapsed.TotalMilliseconds
            $entry.Calls++
            # A call that waited out its timeout: from now on, keep the fixtures busy for this cmdlet.
            if ($call.Wait -ge 1 -and $result.Seconds -ge 0.9 * $call.Wait) { $entry.Waited++; $feeding = $blocking }
            if ($result.Seconds -ge 0.5 -and $entry.Slow.Count -lt 10) { $entry.Slow += "#$i $([math]::Round($result.Seconds, 2)) s: $($call.Text)" }
            $problems = Get-Problems $call $result
            # What happened, by error id (or ok), for the summary.
            $kinds = @($result.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId)".Split(',')[0] })
            if ($result.Terminating) { $kinds += "$(if ($result.Terminating.ErrorRecord) { "$($result.Terminating.ErrorRecord.FullyQualifiedErrorId)".Split(',')[0] } else { $result.Terminating.GetType().Name }) (terminating)" }
            if ($result.TimedOut) { $kinds += 'timed out' }
            if (-not $kinds) { $kinds = @('ok') }
            foreach ($k in $kinds) { $entry.Outcomes[$k] = 1 + [int]$entry.Outcomes[$k] }
            foreach ($p in $problems) {
                $entry.ProblemCount++
                $signature = $p -replace '\d+', 'N'
                if ($seen.ContainsKey($signature) -or $entry.Problems.Count -ge 20) { continue }
                $seen[$signature] = $true
                $entry.Problems += [ordered]@{ Index = $i; Call = $call.Text; Problem = $p }
            }
            if ($result.Stuck) { throw "call #$i of $($command.Name) could not be stopped: $($call.Text)" }
            # Keep what the call returned: sockets to close afterwards, objects as values for later calls.
            foreach ($o in $result.Output) {
                if ($null -eq $o) { continue }
                $b = $o.psobject.BaseObject
                if ($b -is [SctpPS.SctpSocket]) { $tracked.Add($b) }
                if ($b.GetType().Namespace -like 'SctpPS*' -and $pools.BagCount -lt 24) {
                    if (-not $pools.Bag[$b.GetType()]) { $pools.Bag[$b.GetType()] = [System.Collections.Generic.List[object]]::new() }
                    $pools.Bag[$b.GetType()].Add((V $o "(output of call #$i)"))
                    $pools.BagCount++
                }
                if ($blocking -and $b.psobject.Properties['Socket'] -and $b.Socket) {
                    foreach ($pair in $pairs) { if ($fx[$pair.Receiver] -and [object]::ReferenceEquals($fx[$pair.Receiver].psobject.BaseObject, $b.Socket)) { $pair.Queued-- } }
                }
            }
            $entry.Profile.Generate += $t1 - $t0; $entry.Profile.Feed += $t2 - $t1; $entry.Profile.Invoke += $t3 - $t2
            $entry.Profile.Judge += $clock.Elapsed.TotalMilliseconds - $t3
        }
        foreach ($k in @($entry.Profile.Keys)) { $entry.Profile[$k] = [math]::Round($entry.Profile[$k]) }
        $log.WriteLine("== $($command.Name): closing")
        Close-FixtureSet $fx $tracked
        $after = Get-OpenFdCount
        if ($after -ne $baseline) {
            $entry.LeakedDescriptors = $after - $baseline
            $entry.ProblemCount++
            $entry.Problems += [ordered]@{ Index = 0; Call = "(all $($entry.Calls) calls of $($command.Name))"; Problem = "$($after - $baseline) socket descriptors more than before its calls are open after closing every socket they made" }
            $baseline = $after
        }
        $entry.Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 2)
        Save-Report
    }
    # The time check itself: a call that takes 5 s, given 0.5, must be reported as running past its limit
    # (Start-Sleep: certain to take its time, and Stop() ends it at once).
    $check = [pscustomobject]@{ Command = 'Start-Sleep'; Bound = [ordered]@{ Seconds = (V 5 '5') }; Pipeline = $null; Text = 'Start-Sleep -Seconds 5'; Wait = 0; LimitSeconds = 0.5 }
    # (Get-Problems returns its list as one object: its strings, one by one, go into the report.)
    $report.TimeCheck = @((Get-Problems $check (Invoke-Call $check)) | ForEach-Object { "$_" })
    $report.Finished = $true
}
catch {
    $report.Fatal = "$_ $($_.ScriptStackTrace)"
}
finally {
    $report.FdEnd = Get-OpenFdCount
    Save-Report
    $log.Dispose()
    Stop-Peer $peer
}
