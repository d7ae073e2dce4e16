# Kernel tests for messages and notifications: Send-SctpMessage, Receive-SctpMessage,
# Set-SctpNotification, with OpenJDK's jdk.sctp and sctp_darn as peers that are not this module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 24000
    function New-Port { $script:nextPort++; $script:nextPort }
    # A client socket and the server's side of its association, peeled off into its own socket.
    function New-Pair([string[]] $Subscribe = @(), [switch] $DisableFragments) {
        $port = New-Port
        $options = @{ OutboundStreams = 8; MaxInboundStreams = 8 }
        if ($Subscribe) { $options.Subscribe = $Subscribe }
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -NoDelay @options
        $client = New-SctpSocket -NoDelay -DisableFragments:$DisableFragments @options
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $peer = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10 | Invoke-SctpPeelOff
        [pscustomobject]@{ Server = $server; Client = $client; Association = $association; Peer = $peer; Port = $port }
    }
    $warm = New-Pair; Send-SctpMessage -Association $warm.Association -Text warm; $null = Receive-SctpMessage -Socket $warm.Peer
    Get-SctpSocket | Close-SctpSocket
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Send-SctpMessage and Receive-SctpMessage' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'carries stream, payload protocol id, order and context both ways between a client and a peeled-off socket' {
        $p = New-Pair
        Send-SctpMessage -Association $p.Association -Text 'on stream 1' -Stream 1 -PayloadProtocolId 46
        Send-SctpMessage -Association $p.Association -Text 'again on 1' -Stream 1 -PayloadProtocolId 46
        Send-SctpMessage -Association $p.Association -Text 'unordered on 2' -Stream 2 -PayloadProtocolId 60 -Unordered
        $in = Receive-SctpMessage -Socket $p.Peer -Count 3 -AsText -TimeoutSeconds 10
        $in.Text | Should -Be @('on stream 1', 'again on 1', 'unordered on 2')
        $in.Stream | Should -Be @(1, 1, 2)
        $in.StreamSequence[0..1] | Should -Be @(0, 1)
        $in.PayloadProtocolId | Should -Be @(46, 46, 60)
        $in.Unordered | Should -Be @($false, $false, $true)
        $in[1].Tsn | Should -Be ($in[0].Tsn + 1)
        $in.AssociationId | Select-Object -Unique | Should -Be $p.Peer.PeeledOffAssociationId
        $in[0].RemoteEndPoint | Should -Be "127.0.0.1:$($p.Association.LocalPort)"
        $in[0].Socket.Id | Should -Be $p.Peer.Id
        # And back, from the peeled-off socket (one-to-one: no association to name).
        Send-SctpMessage -Socket $p.Peer -Text 'reply' -Stream 3 -PayloadProtocolId 7
        $back = Receive-SctpMessage -Socket $p.Client -AsText -TimeoutSeconds 10
        $back.Text | Should -Be 'reply'
        $back.Stream | Should -Be 3
        $back.PayloadProtocolId | Should -Be 7
        $back.AssociationId | Should -Be $p.Association.Id
    }

    It 'sends each pipeline object as one message, and -PassThru emits what was sent' {
        $p = New-Pair
        $sent = 'one', 'two', 'three' | Send-SctpMessage -Association $p.Association -Stream 4 -PassThru
        $sent.Text | Should -Be @('one', 'two', 'three')
        $sent.Stream | Should -Be @(4, 4, 4)
        (Receive-SctpMessage -Socket $p.Peer -Count 3 -AsText).Text | Should -Be @('one', 'two', 'three')
        # A byte array is one message when it is wrapped, as PowerShell unrolls arrays.
        , [byte[]](1, 2, 3) | Send-SctpMessage -Association $p.Association
        (Receive-SctpMessage -Socket $p.Peer).Data | Should -Be @(1, 2, 3)
    }

    It 'takes the association from the pipeline' {
        $p = New-Pair
        $p.Association | Send-SctpMessage -Text 'via pipeline' -Stream 1
        (Receive-SctpMessage -Socket $p.Peer -AsText).Text | Should -Be 'via pipeline'
    }

    It 'reassembles a message larger than one read (MSG_EOR), byte for byte' {
        $p = New-Pair
        # Below the send buffer (SCTP refuses a message larger than SO_SNDBUF), above one 64 KiB read.
        $data = [byte[]]::new(200000); [Random]::new(7).NextBytes($data)
        Send-SctpMessage -Association $p.Association -Data $data
        $m = Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 10
        $m.Length | Should -Be 200000
        [Linq.Enumerable]::SequenceEqual($m.Data, $data) | Should -BeTrue
    }

    It 'keeps messages apart when another association''s message comes between the pieces of one (FragmentInterleave)' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        # Partial delivery hands a large message out in pieces; with fragment interleave the kernel
        # queues other associations' messages between those pieces.
        Set-SctpSocketOption -Socket $server -ReceiveBufferSize 64KB -PartialDeliveryPoint 1000 -FragmentInterleave $true
        $large, $small = 1..2 | ForEach-Object {
            $client = New-SctpSocket
            Set-SctpSocketOption -Socket $client -SendBufferSize 1MB
            Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        }
        $payload = [byte[]]::new(300KB); for ($i = 0; $i -lt $payload.Length; $i++) { $payload[$i] = $i % 251 }
        Send-SctpMessage -Association $large -Data $payload -Stream 1 -PayloadProtocolId 46
        Start-Sleep -Milliseconds 200   # the first pieces fill the receive buffer; the rest waits for the window
        # Room for one more message (the large one's sender still sees a closed window), which now comes
        # after the large message's first pieces.
        Set-SctpSocketOption -Socket $server -ReceiveBufferSize 1MB
        Send-SctpMessage -Association $small -Text 'between' -Stream 2 -PayloadProtocolId 18
        Start-Sleep -Milliseconds 100
        $first, $second = Receive-SctpMessage -Socket $server -Count 2 -TimeoutSeconds 10
        # The small message, whole, comes first: it ended first.
        [Text.Encoding]::UTF8.GetString($first.Data) | Should -Be 'between'
        $first.Stream | Should -Be 2
        $first.PayloadProtocolId | Should -Be 18
        ($first.RemoteEndPoint -split ":")[-1] | Should -Be $small.LocalPort
        # The large one, byte for byte, with its own metadata.
        $second.Length | Should -Be $payload.Length
        [Linq.Enumerable]::SequenceEqual($second.Data, $payload) | Should -BeTrue
        $second.Stream | Should -Be 1
        $second.PayloadProtocolId | Should -Be 46
        ($second.RemoteEndPoint -split ":")[-1] | Should -Be $large.LocalPort
        $first.AssociationId | Should -Not -Be $second.AssociationId
    }

    It 'goes on with a message whose pieces a receive timeout interrupted' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        # Partial delivery in pieces of about 64 KiB; reading one frees less than a path MTU of lo,
        # so the receiver sends no window update and the sender waits for its zero-window probe.
        Set-SctpSocketOption -Socket $server -ReceiveBufferSize 32KB -PartialDeliveryPoint 1000
        $client = New-SctpSocket
        Set-SctpSocketOption -Socket $client -SendBufferSize 1MB -RtoInitialMs 2500 -RtoMinMs 2500 -RtoMaxMs 2500
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $payload = [byte[]]::new(150KB); for ($i = 0; $i -lt $payload.Length; $i++) { $payload[$i] = $i % 251 }
        Send-SctpMessage -Association $association -Data $payload -Stream 4 -PayloadProtocolId 46
        Receive-SctpMessage -Socket $server -TimeoutSeconds 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'Receive.Timeout' -Category OperationTimeout -Errno ETIMEDOUT -TargetObject $server
        $message = Receive-SctpMessage -Socket $server -TimeoutSeconds 20
        $message.Length | Should -Be $payload.Length
        [Linq.Enumerable]::SequenceEqual($message.Data, $payload) | Should -BeTrue
        $message.Stream | Should -Be 4
        $message.PayloadProtocolId | Should -Be 46
    }

    It 'decodes text with -Encoding on both sides' {
        $p = New-Pair
        Send-SctpMessage -Association $p.Association -Text 'Grüße' -Encoding Latin1
        $m = Receive-SctpMessage -Socket $p.Peer -AsText -Encoding Latin1
        $m.Text | Should -Be 'Grüße'
        $m.Length | Should -Be 5
    }

    It 'sets up an association implicitly with -RemoteEndPoint on a one-to-many socket' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $client = New-SctpSocket
        Send-SctpMessage -Socket $client -RemoteEndPoint "127.0.0.1:$port" -Text 'implicit'
        (Receive-SctpMessage -Socket $server -AsText -TimeoutSeconds 10).Text | Should -Be 'implicit'
        (Get-SctpAssociation -Socket $client).State | Should -Be Established
    }

    It 'sends with a PR-SCTP lifetime (-TimeToLive)' {
        $p = New-Pair
        Send-SctpMessage -Association $p.Association -Text 'short-lived' -TimeToLive 5000
        (Receive-SctpMessage -Socket $p.Peer -AsText -TimeoutSeconds 10).Text | Should -Be 'short-lived'
    }

    It '-EndOfFile shuts the association down after the last message' {
        $p = New-Pair -Subscribe AssociationChange, Shutdown
        $null = Receive-SctpMessage -Socket $p.Client -TimeoutSeconds 5   # COMM_UP
        'a', 'b' | Send-SctpMessage -Association $p.Association -EndOfFile
        $got = Receive-SctpMessage -Socket $p.Peer -Count 4 -TimeoutSeconds 10
        ($got | Where-Object { $_ -is [SctpPS.SctpMessage] } | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Data) }) | Should -Be @('a', 'b')
        ($got | Where-Object { $_ -is [SctpPS.SctpNotification] }).Type | Should -Contain 'Shutdown'
        $done = Receive-SctpMessage -Socket $p.Client -TimeoutSeconds 10
        $done.State | Should -Be ShutdownComplete
    }

    It '-Abort ends the association with a reason; the peer sees CommLost' {
        $p = New-Pair -Subscribe AssociationChange
        $null = Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 5    # COMM_UP
        Send-SctpMessage -Association $p.Association -Abort -Text 'maintenance'
        $lost = Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 10
        $lost | Should -BeOfType SctpPS.SctpAssociationChangeNotification
        $lost.State | Should -Be CommLost
        $lost.Error | Should -Be UserInitiatedAbort   # the ABORT's cause (RFC 9260 3.3.10.12)
        [int]$lost.Error | Should -Be 12
        ($lost | Format-Table | Out-String -Width 200) | Should -Match '\[AssociationChange\] CommLost, streams in/out 0/0, cause 12 User-Initiated Abort'
        Get-SctpAssociation -Socket $p.Client | Should -BeNullOrEmpty
    }
}

Describe 'Notifications' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'delivers association up, with stream counts, as typed objects in the message stream' {
        $p = New-Pair -Subscribe AssociationChange
        $up = Receive-SctpMessage -Socket $p.Client -TimeoutSeconds 5
        $up | Should -BeOfType SctpPS.SctpAssociationChangeNotification
        $up.Type | Should -Be AssociationChange
        $up.State | Should -Be CommUp
        $up.OutboundStreams | Should -Be 8
        $up.InboundStreams | Should -Be 8
        $up.AssociationId | Should -Be $p.Association.Id
        ($up | Format-Table | Out-String -Width 200) | Should -Match 'CommUp, streams in/out 8/8'
    }

    It 'turns notifications on and off on an open socket (Set-SctpNotification), as the kernel reports' {
        $s = New-SctpSocket
        $s.Subscriptions | Should -BeNullOrEmpty
        $s | Set-SctpNotification -Enable AssociationChange, Shutdown, SenderDry
        $s.Subscriptions.ForEach('ToString') | Sort-Object | Should -Be (@('AssociationChange', 'SenderDry', 'Shutdown'))
        Set-SctpNotification -Socket $s -Disable Shutdown -PassThru | ForEach-Object Id | Should -Be $s.Id
        $s.Subscriptions | Should -Not -Contain 'Shutdown'
        Set-SctpNotification -Socket $s -Enable Shutdown -WhatIf
        $s.Subscriptions | Should -Not -Contain 'Shutdown'
    }

    It 'reports the sender dry once all data is acknowledged' {
        $p = New-Pair
        $p.Client | Set-SctpNotification -Enable SenderDry
        Send-SctpMessage -Association $p.Association -Text 'x'
        $null = Receive-SctpMessage -Socket $p.Peer
        $dry = Receive-SctpMessage -Socket $p.Client -TimeoutSeconds 10
        $dry.Type | Should -Be SenderDry
        $dry.AssociationId | Should -Be $p.Association.Id
    }

    It 'lets a script filter notifications by type with Where-Object' {
        $p = New-Pair -Subscribe AssociationChange
        Send-SctpMessage -Association $p.Association -Text 'data'
        $all = Receive-SctpMessage -Socket $p.Peer -Count 2 -TimeoutSeconds 5
        @($all | Where-Object { $_ -is [SctpPS.SctpNotification] }).Count | Should -Be 1
        @($all | Where-Object { $_ -is [SctpPS.SctpMessage] }).Count | Should -Be 1
    }

    It 'reports a second peer address confirmed on a multi-homed association (PeerAddressChange)' {
        $port = New-Port
        # A wildcard listener: 127.0.0.1 and 127.0.0.2 in the sandbox, so the association has two paths.
        $null = New-SctpSocket -LocalPort $port -Listen
        $client = New-SctpSocket -Subscribe PeerAddressChange
        # A short initial RTO, so that the heartbeat that confirms the second path goes out soon.
        Set-SctpSocketOption -Socket $client -RtoInitialMs 100 -RtoMinMs 50
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $change = Receive-SctpMessage -Socket $client -TimeoutSeconds 10
        $change | Should -BeOfType SctpPS.SctpPeerAddressChangeNotification
        $change.Address | Should -Be '127.0.0.2'
        $change.State | Should -Be Confirmed
        $change.Reason | Should -Be HeartbeatSuccess
        $change.AssociationId | Should -Be $association.Id
        ($change | Format-Table | Out-String -Width 200) | Should -Match '\[PeerAddressChange\] 127\.0\.0\.2 Confirmed \(HeartbeatSuccess\)'
    }

    It 'reports an association that could not start (CantStartAssociation) and the message it held (SendFailed)' {
        $port = New-Port   # nobody listens there: the peer's kernel answers the INIT with an ABORT
        $socket = New-SctpSocket -Subscribe AssociationChange, SendFailed
        Send-SctpMessage -Socket $socket -RemoteEndPoint "127.0.0.1:$port" -Text 'hello?' -PayloadProtocolId 46
        $got = @(Receive-SctpMessage -Socket $socket -Count 2 -TimeoutSeconds 10)
        $cant = $got | Where-Object { $_ -is [SctpPS.SctpAssociationChangeNotification] }
        $cant.State | Should -Be CantStartAssociation
        $failed = $got | Where-Object { $_ -is [SctpPS.SctpSendFailedNotification] }
        [Text.Encoding]::UTF8.GetString($failed.Data) | Should -Be 'hello?'
        $failed.PayloadProtocolId | Should -Be 46
        $failed.WasSent | Should -BeFalse
        Get-SctpAssociation -Socket $socket | Should -BeNullOrEmpty
    }

    It 'delivers the peer adaptation layer indication (AdaptationIndication)' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        Set-SctpSocketOption -Socket $server -AdaptationLayer 0x53435450
        $client = New-SctpSocket -Subscribe AdaptationIndication
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $indication = Receive-SctpMessage -Socket $client -TimeoutSeconds 5
        $indication | Should -BeOfType SctpPS.SctpAdaptationNotification
        $indication.AdaptationIndication | Should -Be 0x53435450
        $indication.AssociationId | Should -Be $association.Id
        ($indication | Format-Table | Out-String -Width 200) | Should -Match 'indication 0x53435450'
    }

    It 'returns the undelivered messages of an aborted association with SendFailed, metadata and data intact' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        Set-SctpSocketOption -Socket $server -ReceiveBufferSize 4096   # the peer's window fills at once
        $client = New-SctpSocket -Subscribe SendFailed
        Set-SctpSocketOption -Socket $client -SendBufferSize 1MB
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        foreach ($i in 1..8) {
            $payload = [byte[]]::new(32KB); [Array]::Fill($payload, [byte]$i)
            Send-SctpMessage -Association $association -Data $payload -Stream 3 -PayloadProtocolId 99 -Context $i -TimeoutSeconds 5
        }
        Send-SctpMessage -Association $association -Abort
        # Then the association is gone: the one-to-one socket ends the receive with Receive.AssociationClosed.
        $failed = @(Receive-SctpMessage -Socket $client -Count 8 -TimeoutSeconds 5 -ErrorAction SilentlyContinue -ErrorVariable err)
        $failed.Count | Should -BeGreaterThan 0
        $failed | Should -BeOfType SctpPS.SctpSendFailedNotification
        foreach ($n in $failed) {
            $n.Stream | Should -Be 3
            $n.PayloadProtocolId | Should -Be 99
            $n.Data.Length | Should -Be 32KB
            # Each message comes back as it was sent: its context says which, its bytes carry the same number.
            [Linq.Enumerable]::All($n.Data, [Func[byte, bool]] { param($b) $b -eq $n.Context }) | Should -BeTrue
        }
        $failed[-1].Context | Should -Be 8
        $failed[-1].WasSent | Should -BeFalse
        $failed[-1].Error | Should -Be UserInitiatedAbort   # the association was aborted: cause 12
        ($failed[-1] | Format-Table | Out-String -Width 200) | Should -Match '32768 bytes on stream 3, ppid 99, never sent, cause 12'
        $err.FullyQualifiedErrorId | Should -Be 'Receive.AssociationClosed,SctpPS.Commands.ReceiveSctpMessageCommand'
    }

    It 'abandons messages whose -TimeToLive ran out before they could go, and says so with SendFailed' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        Set-SctpSocketOption -Socket $server -ReceiveBufferSize 4096
        $client = New-SctpSocket -Subscribe SendFailed
        Set-SctpSocketOption -Socket $client -SendBufferSize 1MB
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        1..8 | ForEach-Object { Send-SctpMessage -Association $association -Data ([byte[]]::new(32KB)) -Context $_ -TimeToLive 100 -TimeoutSeconds 5 }
        Start-Sleep -Milliseconds 300
        # The next message makes the kernel prune the expired ones (PR-SCTP).
        Send-SctpMessage -Association $association -Text 'next' -TimeToLive 100
        $abandoned = Receive-SctpMessage -Socket $client -TimeoutSeconds 5
        $abandoned | Should -BeOfType SctpPS.SctpSendFailedNotification
        $abandoned.Data.Length | Should -Be 32KB
        $abandoned.Context | Should -BeIn (1..8)
        $abandoned.Error | Should -Be None   # no cause: its lifetime ran out
        # The association itself lives on.
        (Get-SctpAssociation -Socket $client).State | Should -Be Established
    }

    It 'ends a partially delivered message aborted by the peer with PartialDelivery, keeping what came' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -Subscribe PartialDelivery
        # A small receive buffer and partial delivery point: the kernel hands out a large message in pieces.
        Set-SctpSocketOption -Socket $server -ReceiveBufferSize 64KB -PartialDeliveryPoint 1000
        $client = New-SctpSocket
        Set-SctpSocketOption -Socket $client -SendBufferSize 1MB
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
        $serverAssociation = Get-SctpAssociation -Socket $server
        $payload = [byte[]]::new(300KB); for ($i = 0; $i -lt $payload.Length; $i++) { $payload[$i] = $i % 251 }
        Send-SctpMessage -Association $association -Data $payload -TimeoutSeconds 5
        Start-Sleep -Milliseconds 300   # the first pieces fill the receive buffer; the rest waits
        Send-SctpMessage -Association $association -Abort
        $aborted = Receive-SctpMessage -Socket $server -TimeoutSeconds 5
        $aborted | Should -BeOfType SctpPS.SctpPartialDeliveryNotification
        $aborted.AssociationId | Should -Be $serverAssociation.Id
        $aborted.Data.Length | Should -BeGreaterThan 0
        $aborted.Data.Length | Should -BeLessThan $payload.Length
        [Linq.Enumerable]::SequenceEqual($aborted.Data, [ArraySegment[byte]]::new($payload, 0, $aborted.Data.Length)) | Should -BeTrue
        ($aborted | Format-Table | Out-String -Width 200) | Should -Match "aborted after $($aborted.Data.Length) bytes"
        # The socket goes on: a new association's message arrives whole.
        $other = New-SctpSocket
        $next = Connect-SctpAssociation -Socket $other -RemoteAddress 127.0.0.1 -RemotePort $port
        Send-SctpMessage -Association $next -Text 'after'
        (Receive-SctpMessage -Socket $server -AsText -TimeoutSeconds 5).Text | Should -Be 'after'
    }

    Context 'stream reset (RFC 6525)' {
        BeforeAll {
            # SctpPS has no cmdlet for SCTP_ENABLE_STREAM_RESET and SCTP_RESET_STREAMS; the test calls them itself.
            Add-Type -TypeDefinition @'
using System.Runtime.InteropServices;
public static class SctpPSTestLibc
{
    [DllImport("libc", SetLastError = true)]
    public static extern int setsockopt(int fd, int level, int name, byte[] value, int length);
}
'@
            function Invoke-SetSockOpt([SctpPS.SctpSocket] $Socket, [int] $Name, [byte[]] $Value) {
                $rc = [SctpPSTestLibc]::setsockopt($Socket.Handle, 132, $Name, $Value, $Value.Length)
                if ($rc -ne 0) { throw "setsockopt($Name) failed: errno $([Runtime.InteropServices.Marshal]::GetLastPInvokeError())" }
            }
            function Enable-StreamReset([SctpPS.SctpSocket] $Socket, [int] $AssociationId) {
                # struct sctp_assoc_value { assoc_id, SCTP_ENABLE_RESET_STREAM_REQ }
                Invoke-SetSockOpt $Socket 118 ([BitConverter]::GetBytes($AssociationId) + [BitConverter]::GetBytes([int]1))
            }
        }

        It 'reports the streams the peer reset, on both sides (StreamReset)' {
            $port = New-Port
            $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -Subscribe StreamReset
            $client = New-SctpSocket -Subscribe StreamReset
            $server, $client | ForEach-Object { Set-SctpSocketOption -Socket $_ -ReconfigSupported $true }
            $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port
            $serverAssociation = Wait-SctpAssociation -Socket $server -TimeoutSeconds 5
            Enable-StreamReset $client $association.Id
            Enable-StreamReset $server $serverAssociation.Id
            # struct sctp_reset_streams { assoc_id, SCTP_STREAM_RESET_OUTGOING, 2 streams: 1 and 3 }
            Invoke-SetSockOpt $client 119 ([BitConverter]::GetBytes($association.Id) + [BitConverter]::GetBytes([uint16]2) +
                [BitConverter]::GetBytes([uint16]2) + [BitConverter]::GetBytes([uint16]1) + [BitConverter]::GetBytes([uint16]3))
            $incoming = Receive-SctpMessage -Socket $server -TimeoutSeconds 5
            $incoming | Should -BeOfType SctpPS.SctpStreamResetNotification
            $incoming.Result | Should -Be IncomingSsn
            $incoming.Streams | Should -Be @(1, 3)
            $incoming.AssociationId | Should -Be $serverAssociation.Id
            $outgoing = Receive-SctpMessage -Socket $client -TimeoutSeconds 5
            $outgoing.Result | Should -Be OutgoingSsn
            $outgoing.Streams | Should -Be @(1, 3)
            ($outgoing | Format-Table | Out-String -Width 200) | Should -Match 'OutgoingSsn, streams 1,3'
        }
    }

    It 'reports a closed socket as Notification.SocketClosed' {
        $s = New-SctpSocket; $s | Close-SctpSocket
        Set-SctpNotification -Socket $s -Enable Shutdown -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Notification.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }
}

Describe 'Message errors' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'Send.InvalidStream: a stream not below the outbound streams' {
        $p = New-Pair
        $before = Get-OpenFdCount
        Send-SctpMessage -Association $p.Association -Text x -Stream 8 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.InvalidStream' -Category InvalidArgument -Errno EINVAL
        "$($err[0])" | Should -Match 'has 8 outbound streams \(0\.\.7\)'
        Get-OpenFdCount | Should -Be $before
        Send-SctpMessage -Association $p.Association -Text ok -Stream 7
        (Receive-SctpMessage -Socket $p.Peer -AsText).Text | Should -Be 'ok' -Because 'the association is still usable'
    }

    It 'Send.MessageTooLarge: a message above the fragmentation point with fragmentation disabled' {
        $p = New-Pair -DisableFragments
        $p.Client.DisableFragments | Should -BeTrue
        $before = Get-OpenFdCount
        Send-SctpMessage -Association $p.Association -Data ([byte[]]::new(100000)) -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.MessageTooLarge' -Category LimitsExceeded -Errno EMSGSIZE
        Get-OpenFdCount | Should -Be $before
        Send-SctpMessage -Association $p.Association -Text 'small fits'
        (Receive-SctpMessage -Socket $p.Peer -AsText).Text | Should -Be 'small fits'
    }

    It 'Send.AssociationClosed after the peer aborted, with the notification visible on receive' {
        $p = New-Pair -Subscribe AssociationChange
        $null = Receive-SctpMessage -Socket $p.Client -TimeoutSeconds 5    # COMM_UP
        Send-SctpMessage -Socket $p.Peer -Abort
        $lost = Receive-SctpMessage -Socket $p.Client -TimeoutSeconds 10
        $lost.State | Should -Be CommLost
        $before = Get-OpenFdCount
        Send-SctpMessage -Association $p.Association -Text 'too late' -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.AssociationClosed' -Category ConnectionError
        "$($err[0])" | Should -Match 'EPIPE, errno 32|ESHUTDOWN, errno 108|ECONNRESET, errno 104'
        Get-OpenFdCount | Should -Be $before
    }

    It 'Send.AbortedByPeer and Receive.AbortedByPeer on a one-to-one socket, the cause named, every message before it delivered' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -Subscribe AssociationChange
        $client = New-SctpSocket -Style OneToOne -Subscribe AssociationChange
        $association = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        $peer = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
        'before', 'the end' | Send-SctpMessage -Association $peer
        $peer | Disconnect-SctpAssociation -Abort
        $got = @(Receive-SctpMessage -Socket $client -Count 4 -AsText -TimeoutSeconds 5)
        @($got | Where-Object { $_ -is [SctpPS.SctpMessage] }).Text | Should -Be @('before', 'the end')
        ($got | Select-Object -Last 1).State | Should -Be CommLost
        $before = Get-OpenFdCount
        Receive-SctpMessage -Socket $client -TimeoutSeconds 5 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Receive.AbortedByPeer' -Category ConnectionError -Errno ECONNRESET -TargetObject $client
        "$($err[0])" | Should -Match 'cause 12 User-Initiated Abort'
        Send-SctpMessage -Association $association -Text 'too late' -ErrorVariable sendErr -ErrorAction SilentlyContinue
        Assert-SctpError $sendErr[0] -ErrorId 'Send.AbortedByPeer' -Category ConnectionError -Errno ECONNRESET
        "$($sendErr[0])" | Should -Match 'The peer aborted the association'
        Get-OpenFdCount | Should -Be $before -Because 'the failed receive and send leave no descriptor behind (the socket itself stays open until closed)'
    }

    It 'Send.NotConnected and Receive.NotConnected: a one-to-one socket never connected, with the remedy' {
        $s = New-SctpSocket -Style OneToOne
        $before = Get-OpenFdCount
        Send-SctpMessage -Socket $s -Text x -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.NotConnected' -Category InvalidOperation -Errno EPIPE
        "$($err[0])" | Should -Match 'not connected.*Connect-SctpAssociation'
        Receive-SctpMessage -Socket $s -TimeoutSeconds 1 -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'Receive.NotConnected' -Category InvalidOperation -Errno ENOTCONN -TargetObject $s
        "$($err2[0])" | Should -Match 'Connect-SctpAssociation'
        Get-OpenFdCount | Should -Be $before
    }

    It 'Send.EmptyMessage: a 0-byte message (<Way>) is refused before the kernel, the next one goes' -TestCases @(
        @{ Way = "-Text ''"; Call = { param($a) Send-SctpMessage -Association $a -Text ''; Send-SctpMessage -Association $a -Text 'after' } }
        @{ Way = '-Data @()'; Call = { param($a) Send-SctpMessage -Association $a -Data @(); Send-SctpMessage -Association $a -Text 'after' } }
        @{ Way = 'a piped empty string'; Call = { param($a) '', 'after' | Send-SctpMessage -Association $a } }
    ) {
        param($Way, $Call)
        $p = New-Pair
        $before = Get-OpenFdCount
        $ErrorActionPreference = 'Continue'   # the error is non-terminating: collect it from the error stream
        $recorded = @(& $Call $p.Association 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $recorded.Count | Should -Be 1
        Assert-SctpError $recorded[0] -ErrorId 'Send.EmptyMessage' -Category InvalidArgument
        Get-OpenFdCount | Should -Be $before
        "$($recorded[0])" | Should -Match 'empty message'
        $in = @(Receive-SctpMessage -Socket $p.Peer -Count 5 -AsText -TimeoutSeconds 1 -ErrorAction SilentlyContinue)
        $in.Text | Should -Be @('after') -Because 'nothing empty went on the wire, and the message after it did'
    }

    It 'Send.NoPayload: nothing to send at all; -EndOfFile alone is fine' {
        $p = New-Pair
        $before = Get-OpenFdCount
        Send-SctpMessage -Association $p.Association -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.NoPayload' -Category InvalidArgument
        Get-OpenFdCount | Should -Be $before
        "$($err[0])" | Should -Match '-Data.*-Text.*pipe'
        Send-SctpMessage -Association $p.Association -EndOfFile -ErrorVariable eofErr
        $eofErr | Should -BeNullOrEmpty
    }

    It 'one payload source per call: <Case> is a parameter-binding error (<ErrorId>) and sends nothing' -TestCases @(
        @{ Case = '-Data with -Text'; ErrorId = 'AmbiguousParameterSet'; Call = { param($a) Send-SctpMessage -Association $a -Data ([byte[]](1, 2)) -Text x -ErrorAction Stop } }
        @{ Case = 'pipeline input with -Text'; ErrorId = 'InputObjectNotBound'; Call = { param($a) 'piped' | Send-SctpMessage -Association $a -Text x -ErrorAction Stop } }
        @{ Case = 'pipeline input with -Data'; ErrorId = 'InputObjectNotBound'; Call = { param($a) 'piped' | Send-SctpMessage -Association $a -Data ([byte[]](1)) -ErrorAction Stop } }
    ) {
        param($Case, $ErrorId, $Call)
        $p = New-Pair
        $before = Get-OpenFdCount
        $thrown = { & $Call $p.Association } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException]) -PassThru
        Assert-SctpError $thrown -ErrorId $ErrorId -Category InvalidArgument
        $thrown.FullyQualifiedErrorId | Should -Be "$ErrorId,SctpPS.Commands.SendSctpMessageCommand"
        Get-OpenFdCount | Should -Be $before
        Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 1 -ErrorVariable quiet -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $quiet[0].FullyQualifiedErrorId | Should -Match '^Receive.Timeout'
    }

    It 'Send.MessageTooLarge: a message above the send buffer names the buffer, the option and net.core.wmem_max' {
        $p = New-Pair
        $buffer = (Get-SctpSocketOption -Socket $p.Client -Name SendBufferSize).SendBufferSize
        $wmem = Get-Content /proc/sys/net/core/wmem_max
        $before = Get-OpenFdCount
        Send-SctpMessage -Association $p.Association -Data ([byte[]]::new($buffer + 1000)) -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.MessageTooLarge' -Category LimitsExceeded -Errno EMSGSIZE
        Get-OpenFdCount | Should -Be $before
        "$($err[0])" | Should -Match "The $($buffer + 1000)-byte message is larger than the send buffer .*SendBufferSize $buffer bytes.*Set-SctpSocketOption -SendBufferSize.*net\.core\.wmem_max \($wmem bytes here\)"
    }

    It 'Send.NoAssociation: a one-to-many socket with no association and no -RemoteEndPoint' {
        $s = New-SctpSocket
        Send-SctpMessage -Socket $s -Text x -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.NoAssociation' -Category InvalidOperation -Errno EDESTADDRREQ -TargetObject $s
    }

    It 'Send.SocketClosed and Receive.SocketClosed' {
        $s = New-SctpSocket; $s | Close-SctpSocket
        Send-SctpMessage -Socket $s -Text x -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
        Receive-SctpMessage -Socket $s -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'Receive.SocketClosed' -Category InvalidOperation -Errno EBADF -TargetObject $s
    }

    It 'Send.InvalidInput: a pipeline object that is not a string or bytes' {
        $p = New-Pair
        [pscustomobject]@{ A = 1 } | Send-SctpMessage -Association $p.Association -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Send.InvalidInput' -Category InvalidType
    }

    It 'Receive.Timeout: nothing arrives; the socket stays usable' {
        $p = New-Pair
        $before = Get-OpenFdCount
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $clock.ElapsedMilliseconds | Should -BeGreaterOrEqual 1000
        $clock.ElapsedMilliseconds | Should -BeLessThan 2500
        Assert-SctpError $err[0] -ErrorId 'Receive.Timeout' -Category OperationTimeout -Errno ETIMEDOUT -TargetObject $p.Peer
        Get-OpenFdCount | Should -Be $before
        Send-SctpMessage -Association $p.Association -Text 'later'
        (Receive-SctpMessage -Socket $p.Peer -AsText).Text | Should -Be 'later'
    }

    It 'Receive.ListeningSocket: a listening one-to-one socket carries no messages' {
        $s = New-SctpSocket -Style OneToOne -LocalAddress 127.0.0.1 -Listen
        Receive-SctpMessage -Socket $s -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Receive.ListeningSocket' -Category InvalidOperation -Errno ENOTCONN -TargetObject $s
    }

    It 'Receive.DecodeFailed: bytes that are not text in the encoding, raw bytes still reachable' {
        $p = New-Pair
        Send-SctpMessage -Association $p.Association -Data ([byte[]](0xff, 0xfe, 0x41))
        Receive-SctpMessage -Socket $p.Peer -AsText -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-SctpError $err[0] -ErrorId 'Receive.DecodeFailed' -Category InvalidData
        $err[0].TargetObject.Data | Should -Be @(0xff, 0xfe, 0x41)
    }

    It 'Receive.AssociationClosed: the one association of a one-to-one socket was shut down' {
        $p = New-Pair
        $p.Association | Disconnect-SctpAssociation
        $before = Get-OpenFdCount
        Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 5 -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'Receive.AssociationClosed' -Category ConnectionError -Errno ESHUTDOWN -TargetObject $p.Peer
        Get-OpenFdCount | Should -Be $before
    }

    It 'Receive.AssociationClosed, not Receive.Failed, once this side aborted a peeled-off socket''s association (the kernel''s ECONNABORTED)' {
        $p = New-Pair -Subscribe AssociationChange
        $before = Get-OpenFdCount
        Send-SctpMessage -Socket $p.Peer -Text 'maintenance' -Abort
        # What the socket has queued (the association's COMM_UP moved with it, then its COMM_LOST), then the end.
        $got = [System.Collections.Generic.List[object]]::new()
        $err = @()
        while (-not $err -and $got.Count -lt 5) {
            $item = Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 5 -ErrorVariable err -ErrorAction SilentlyContinue
            if ($item) { $got.Add($item) }
        }
        $lost = $got | Where-Object { $_ -is [SctpPS.SctpAssociationChangeNotification] -and $_.State -eq 'CommLost' }
        $lost.Error | Should -Be UserInitiatedAbort
        Assert-SctpError $err[0] -ErrorId 'Receive.AssociationClosed' -Category ConnectionError -Errno ESHUTDOWN -TargetObject $p.Peer
        "$($err[0])" | Should -Match 'aborted with cause 12 User-Initiated Abort'
        Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 1 -ErrorVariable again -ErrorAction SilentlyContinue
        Assert-SctpError $again[0] -ErrorId 'Receive.AssociationClosed' -Category ConnectionError -Errno ESHUTDOWN -TargetObject $p.Peer
        Send-SctpMessage -Socket $p.Peer -Text 'too late' -ErrorVariable sendErr -ErrorAction SilentlyContinue
        Assert-SctpError $sendErr[0] -ErrorId 'Send.AssociationClosed' -Category ConnectionError
        Get-OpenFdCount | Should -Be $before
    }

    It 'Ctrl+C ends a waiting receive within 100 ms and leaves the socket usable' {
        $p = New-Pair
        $ps = [powershell]::Create().AddScript({ param($module, $s) Import-Module $module; Receive-SctpMessage -Socket $s }).AddArgument((Get-Module SctpPS).Path).AddArgument($p.Peer)
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $async.IsCompleted | Should -BeFalse
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.ElapsedMilliseconds | Should -BeLessThan 100
        $ps.Dispose()
        Send-SctpMessage -Association $p.Association -Text 'after stop'
        (Receive-SctpMessage -Socket $p.Peer -AsText -TimeoutSeconds 5).Text | Should -Be 'after stop'
    }

    It 'Send.Timeout on a full send buffer; Ctrl+C ends a blocked send too' {
        $p = New-Pair
        $chunk = [byte[]]::new(60000)
        $err = $null
        # The peer does not read: the receive window and then the send buffer fill up.
        for ($i = 0; $i -lt 200 -and -not $err; $i++) {
            Send-SctpMessage -Association $p.Association -Data $chunk -TimeoutSeconds 1 -ErrorVariable err -ErrorAction SilentlyContinue
        }
        Assert-SctpError $err[0] -ErrorId 'Send.Timeout' -Category OperationTimeout -Errno ETIMEDOUT
        $ps = [powershell]::Create().AddScript({ param($module, $a, $d) Import-Module $module; Send-SctpMessage -Association $a -Data $d }).AddArgument((Get-Module SctpPS).Path).AddArgument($p.Association).AddArgument($chunk)
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $async.IsCompleted | Should -BeFalse
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.ElapsedMilliseconds | Should -BeLessThan 100
        $ps.Dispose()
        # Reading drains the queue: the socket is still usable.
        $first = Receive-SctpMessage -Socket $p.Peer -TimeoutSeconds 5
        $first.Length | Should -Be 60000
    }
}

Describe 'Messages with peers that are not this module' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'receives stream and payload protocol id from OpenJDK jdk.sctp, and Java reads ours' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -OutboundStreams 10 -MaxInboundStreams 10
        $java = Start-Peer java @('-cp', (Get-JavaPeerPath), 'JavaSctpPeer', 'send', '127.0.0.1', "$port", '5', '46', 'from-java')
        try {
            $m = Receive-SctpMessage -Socket $server -AsText -TimeoutSeconds 60
            $m.Text | Should -Be 'from-java'
            $m.Stream | Should -Be 5
            $m.PayloadProtocolId | Should -Be 46
            Send-SctpMessage -Socket $server -RemoteEndPoint $m.RemoteEndPoint -Text 'from-sctpps' -Stream 7 -PayloadProtocolId 60
            $java.WaitForExit(30000) | Should -BeTrue
            $java.StandardOutput.ReadToEnd().Trim() | Should -Be 'stream=7 ppid=60 text=from-sctpps'
        }
        finally { Stop-Peer $java }
    }

    It 'sends to sctp_darn, which reports the stream and the ppid as it came off the wire' {
        $port = New-Port
        $log = Join-Path ([IO.Path]::GetTempPath()) "sctp_darn-$port.log"
        $darn = Start-Peer sh @('-c', "exec stdbuf -oL sctp_darn -H 127.0.0.1 -P $port -l > $log")
        try {
            Wait-SctpListener $port | Should -BeTrue
            $a = Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1 -RemotePort $port
            Send-SctpMessage -Association $a -Text 'hello darn' -Stream 3 -PayloadProtocolId 46
            Wait-Until { (Get-Content -Raw $log) -match 'DATA' } | Should -BeTrue
            $text = Get-Content -Raw $log
            $text | Should -Match 'sinfo_stream 3\b'
            # sctp_darn prints sinfo_ppid as the host reads the network-order field: 46 is 0x2e000000.
            $text | Should -Match "sinfo_ppid $([Buffers.Binary.BinaryPrimitives]::ReverseEndianness([uint32]46))\b"
            $text | Should -Match 'hello dar'
        }
        finally { Stop-Peer $darn; Remove-Item $log -ErrorAction SilentlyContinue }
    }

    It 'receives from socat on stream 0 with ppid 0, the defaults of a plain write' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $peer = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
        try {
            $peer.StandardInput.Write("from socat`n"); $peer.StandardInput.Flush()
            $m = Receive-SctpMessage -Socket $server -AsText -TimeoutSeconds 10
            $m.Text | Should -Be "from socat`n"
            $m.Stream | Should -Be 0
            $m.PayloadProtocolId | Should -Be 0
        }
        finally { Stop-Peer $peer }
    }
}

Describe 'Runbook ergonomics: fractional timeouts, quiet -Continuous, -Verbose' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'Receive-SctpMessage -Continuous -TimeoutSeconds 0.25 ends quietly with what came; an unmet -Count stays an error' {
        $p = New-Pair
        'one', 'two' | Send-SctpMessage -Association $p.Association
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $got = Receive-SctpMessage -Socket $p.Peer -Continuous -TimeoutSeconds 0.25 -AsText -ErrorVariable err
        $clock.ElapsedMilliseconds | Should -BeLessThan 1500 -Because '0.25 s of silence ends it'
        $got.Text | Should -Be @('one', 'two')
        $err | Should -BeNullOrEmpty -Because 'silence ends a -Continuous collection, it is not a failure'
        'three' | Send-SctpMessage -Association $p.Association
        $some = Receive-SctpMessage -Socket $p.Peer -Count 2 -TimeoutSeconds 0.25 -AsText -ErrorVariable countErr -ErrorAction SilentlyContinue
        $some.Text | Should -Be 'three'
        Assert-SctpError $countErr[0] -ErrorId 'Receive.Timeout' -Category OperationTimeout -Errno ETIMEDOUT
        "$($countErr[0])" | Should -Match 'after 0\.25 s'
    }

    It '-Verbose says what happens: the INIT and the association, bytes per stream sent and received, the ending' {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -OutboundStreams 4 -MaxInboundStreams 4
        $client = New-SctpSocket -OutboundStreams 4 -MaxInboundStreams 4
        $connect = Connect-SctpAssociation -Socket $client -RemoteAddress localhost -RemotePort $port -Verbose 4>&1
        $a = $connect | Where-Object { $_ -is [SctpPS.SctpAssociation] }
        $said = ($connect | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $said | Should -Match "'localhost' resolves to 127\.0\.0\.1"
        $said | Should -Match "INIT sent to 127\.0\.0\.1:$port \(sctp_connectx"
        $said | Should -Match "Association $($a.Id) established in \d+ ms: 4 inbound / 4 outbound streams"
        $sent = @('a', 'bb' | Send-SctpMessage -Association $a -Stream 1 -Verbose 4>&1) + @(Send-SctpMessage -Association $a -Text 'ccc' -Stream 3 -Verbose 4>&1)
        ($sent -join "`n") | Should -Match 'stream 1: 2 messages, 3 bytes'
        ($sent -join "`n") | Should -Match 'stream 3: 1 message, 3 bytes'
        $received = Receive-SctpMessage -Socket $server -Count 3 -TimeoutSeconds 5 -Verbose 4>&1
        ($received | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" |
            Should -Match "Received on socket $($server.Id): stream 1: 2 messages, 3 bytes; stream 3: 1 message, 3 bytes"
        ($a | Disconnect-SctpAssociation -Wait -TimeoutSeconds 5 -Verbose 4>&1) -join "`n" | Should -Match "Association $($a.Id) completed its shutdown in \d+ ms"
        ($client | Close-SctpSocket -Verbose 4>&1) -join "`n" | Should -Match "Closed socket $($client.Id) .*shuts its associations down once their queued data is delivered"
    }
}
