# The cmdlet side of the message benchmarks: the pipelines a pwsh user would write, run by
# bench/Invoke-Bench.ps1 in its main runspace, by a thread job, and by a second pwsh
# (bench/CmdletPeer.ps1). -Send and -Receive are Send-SctpMessage and Receive-SctpMessage, or,
# for PowerShell's floor, the no-op cmdlets of bench/NoOpCmdlets: the same pipelines either way.
# Only the pipelines are timed; the sockets around them are set up and closed outside the clock.
# Received messages are discarded with '> $null', which streams: '$null = Receive-SctpMessage
# -Count N' first collects all N messages (PowerShell buffers an assignment's output), and at
# 64 KiB the garbage collector's work on those 200 MB made the receiver fall behind its sender.
# Messages go on stream 1 with payload protocol id 46, on sockets with SCTP_NODELAY and 4 MiB
# buffers, as in every other contender (bench/msgbench.c).

function New-BenchSocket {
    param([int] $Port, [switch] $Listen, [ValidateSet('OneToOne', 'OneToMany')] [string] $Style = 'OneToOne')
    $socket = if ($Listen) { New-SctpSocket -Style $Style -LocalAddress 127.0.0.1 -LocalPort $Port -Listen -NoDelay }
              else { New-SctpSocket -Style $Style -NoDelay }
    Set-SctpSocketOption -Socket $socket -SendBufferSize 4MB -ReceiveBufferSize 4MB
    $socket
}

function Connect-BenchAssociation([int] $Port, [string] $Style = 'OneToOne') {
    Connect-SctpAssociation -Socket (New-BenchSocket -Style $Style) -RemoteAddress 127.0.0.1 -RemotePort $Port
}

# The warm-up of the streaming and request/response patterns: the first tenth, untimed, as in C.
function Get-WarmUp([int] $Count) { [int][Math]::Floor($Count / 10) }

# Batch then receive, in one runspace: a batch (2 MiB of messages, at most 64) piped to Send, then
# Receive -Count of it, until Count went through. Returns milliseconds.
function Invoke-BatchPattern($Send, $Receive, $Association, $Server, [int] $Count, [int] $Size) {
    $batch = [Math]::Max(1, [Math]::Min(64, [Math]::Floor(2MB / $Size)))
    $payload = [byte[]]::new($Size)
    $messages = [object[]]::new($batch); for ($i = 0; $i -lt $batch; $i++) { $messages[$i] = $payload }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    for ($done = 0; $done -lt $Count; $done += $n) {
        $n = [Math]::Min($batch, $Count - $done)
        # Piping the array sends each element (a byte[]) as one message.
        if ($n -eq $batch) { $messages | & $Send -Association $Association -Stream 1 -PayloadProtocolId 46 }
        else { $messages | Select-Object -First $n | & $Send -Association $Association -Stream 1 -PayloadProtocolId 46 }
        & $Receive -Socket $Server -Count $n > $null
    }
    $clock.Elapsed.TotalMilliseconds
}

# The messages a sending end pipes: Count references to one payload of Size bytes.
function New-MessageArray([int] $Count, [int] $Size) {
    $payload = [byte[]]::new($Size)
    $messages = [object[]]::new($Count); for ($i = 0; $i -lt $Count; $i++) { $messages[$i] = $payload }
    , $messages
}

# The sending end of streaming: every message piped to Send, as fast as it takes them.
function Send-StreamPattern($Send, $Association, [object[]] $Messages) {
    $Messages | & $Send -Association $Association -Stream 1 -PayloadProtocolId 46
}

# The receiving end: Receive -Count; milliseconds from the end of the warm-up to the last message.
function Receive-StreamPattern($Receive, $Socket, [int] $Count) {
    $warmUp = Get-WarmUp $Count
    & $Receive -Socket $Socket -Count $warmUp > $null
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $Receive -Socket $Socket -Count ($Count - $warmUp) > $null
    $clock.Elapsed.TotalMilliseconds
}

# The responding end of request/response: every message received goes back on the association.
function Invoke-EchoPattern($Send, $Receive, $Association, [int] $Count) {
    & $Receive -Socket $Association.Socket -Count $Count | ForEach-Object { , $_.Data } |
        & $Send -Association $Association -Stream 1 -PayloadProtocolId 46
}

# The asking end: Count round trips, one Send and one Receive each. Returns the milliseconds of
# those after the warm-up and their round-trip times in microseconds, sorted.
function Invoke-PingPattern($Send, $Receive, $Association, [int] $Count, [int] $Size) {
    $socket = $Association.Socket
    $ping = [byte[]]::new($Size)
    $warmUp = Get-WarmUp $Count
    $roundTrips = [double[]]::new($Count - $warmUp)
    $perMicrosecond = [Diagnostics.Stopwatch]::Frequency / 1e6
    $start = 0
    for ($i = 0; $i -lt $Count; $i++) {
        $sent = [Diagnostics.Stopwatch]::GetTimestamp()
        if ($i -eq $warmUp) { $start = $sent }
        & $Send -Association $Association -Data $ping -Stream 1 -PayloadProtocolId 46
        & $Receive -Socket $socket > $null
        if ($i -ge $warmUp) { $roundTrips[$i - $warmUp] = ([Diagnostics.Stopwatch]::GetTimestamp() - $sent) / $perMicrosecond }
    }
    $ms = ([Diagnostics.Stopwatch]::GetTimestamp() - $start) / $perMicrosecond / 1000
    [Array]::Sort($roundTrips)
    [pscustomobject]@{ Ms = $ms; RoundTrips = $roundTrips }
}
