# Stream reconfiguration (RFC 6525): Reset-SctpStream, Reset-SctpAssociation, Add-SctpStream.
# Each outcome is checked on both ends: the notification each kernel raises, the stream
# sequence numbers and TSNs of the messages that follow, and the association's stream counts.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-SctpPSModulePath) -Force
    $script:nextPort = 26200
    function New-Port { $script:nextPort++; $script:nextPort }
    $script:Events = @('StreamReset', 'AssociationReset', 'StreamChange')
    # A client and a server association with reconfiguration offered on both ends; -Requests is
    # what each end enables (SCTP_ENABLE_STREAM_RESET).
    function New-Pair([string] $ClientRequests = 'All', [string] $ServerRequests = 'All', [bool] $Reconfig = $true, [int] $Streams = 5) {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen -Subscribe $Events -OutboundStreams $Streams -MaxInboundStreams $Streams
        $client = New-SctpSocket -Subscribe $Events -OutboundStreams $Streams -MaxInboundStreams $Streams
        if ($Reconfig) {
            Set-SctpSocketOption -Socket $server -ReconfigSupported $true -ReconfigRequests $ServerRequests
            Set-SctpSocketOption -Socket $client -ReconfigSupported $true -ReconfigRequests $ClientRequests
        }
        $a = Connect-SctpAssociation -Socket $client -RemoteAddress 127.0.0.1 -RemotePort $port -TimeoutSeconds 10
        $b = Wait-SctpAssociation -Socket $server -TimeoutSeconds 10
        [pscustomobject]@{ Server = $server; Client = $client; A = $a; B = $b }
    }
    function Receive-One($Socket) { Receive-SctpMessage -Socket $Socket -TimeoutSeconds 10 }
    # Nothing more arrives within a second (the notification a test must not see).
    function Assert-Quiet($Socket) {
        Receive-SctpMessage -Socket $Socket -TimeoutSeconds 1 -ErrorVariable quiet -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $quiet[0].FullyQualifiedErrorId | Should -BeLike 'Receive.Timeout,*'
    }
    # The error records a block writes (its other output is dropped).
    function Get-ErrorRecords([scriptblock] $Run, $Association) {
        $ErrorActionPreference = 'Continue'   # non-terminating, as a script sees them (the suite runs with Stop)
        @(& $Run $Association 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    }
    $null = New-Pair; Get-SctpSocket | Close-SctpSocket   # warm-up
}

AfterAll { Get-SctpSocket | Close-SctpSocket }

Describe 'Reset-SctpStream' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'resets outgoing streams 1 and 2: both ends say so, and the receiver''s sequence numbers start again at 0' {
        $f = New-Pair
        'a', 'b', 'c' | Send-SctpMessage -Association $f.A -Stream 1
        'x' | Send-SctpMessage -Association $f.A -Stream 3
        @(Receive-SctpMessage -Socket $f.Server -Count 4 -TimeoutSeconds 10).StreamSequence | Should -Be @(0, 1, 2, 0)
        Reset-SctpStream -Association $f.A -Stream 1, 2 -Outgoing | Should -BeNullOrEmpty
        $mine = Receive-One $f.Client
        $mine | Should -BeOfType SctpPS.SctpStreamResetNotification
        $mine.Result | Should -Be 'OutgoingSsn'
        $mine.Streams | Should -Be @(1, 2)
        $mine.AssociationId | Should -Be $f.A.Id
        $theirs = Receive-One $f.Server
        $theirs | Should -BeOfType SctpPS.SctpStreamResetNotification
        $theirs.Result | Should -Be 'IncomingSsn'
        $theirs.Streams | Should -Be @(1, 2)
        $theirs.AssociationId | Should -Be $f.B.Id
        'd' | Send-SctpMessage -Association $f.A -Stream 1
        'y' | Send-SctpMessage -Association $f.A -Stream 3
        $after = @(Receive-SctpMessage -Socket $f.Server -Count 2 -TimeoutSeconds 10)
        ($after | Where-Object Stream -eq 1).StreamSequence | Should -Be 0 -Because 'stream 1 was reset'
        ($after | Where-Object Stream -eq 3).StreamSequence | Should -Be 1 -Because 'stream 3 was not'
    }

    It 'with -Incoming asks the peer to reset its outgoing streams' {
        $f = New-Pair
        'a', 'b' | Send-SctpMessage -Association $f.B -Stream 2
        $null = Receive-SctpMessage -Socket $f.Client -Count 2 -TimeoutSeconds 10
        Reset-SctpStream -Association $f.A -Stream 2 -Incoming
        # The peer resets its outgoing stream 2 (an Outgoing request of its own), which both ends report.
        $theirs = Receive-One $f.Server
        $theirs.Result | Should -Be 'OutgoingSsn'
        $theirs.Streams | Should -Be @(2)
        $mine = Receive-One $f.Client
        $mine.Result | Should -Be 'IncomingSsn'
        'c' | Send-SctpMessage -Association $f.B -Stream 2
        (Receive-One $f.Client).StreamSequence | Should -Be 0
    }

    It 'without switches or -Stream resets every stream both ways' {
        $f = New-Pair
        $f.A | Reset-SctpStream
        $mine = @((Receive-One $f.Client), (Receive-One $f.Client))
        ($mine.Result | Sort-Object) | Should -Be @('IncomingSsn', 'OutgoingSsn')
        $mine | ForEach-Object { $_.Streams | Should -BeNullOrEmpty -Because 'no list means every stream' }
        $mine[0].Detail | Should -Match 'streams all'
        $theirs = @((Receive-One $f.Server), (Receive-One $f.Server))
        ($theirs.Result | Sort-Object) | Should -Be @('IncomingSsn', 'OutgoingSsn')
    }

    It 'is denied by a peer that has not enabled stream resets, and nothing is reset' {
        $f = New-Pair -ServerRequests None
        'a' | Send-SctpMessage -Association $f.A -Stream 1
        $null = Receive-One $f.Server
        Reset-SctpStream -Association $f.A -Stream 1 -Outgoing
        $mine = Receive-One $f.Client
        $mine.Result | Should -Be 'OutgoingSsn, Denied'
        $mine.Detail | Should -Match 'Denied'
        Assert-Quiet $f.Server
        'b' | Send-SctpMessage -Association $f.A -Stream 1
        (Receive-One $f.Server).StreamSequence | Should -Be 1 -Because 'the denied reset changed nothing'
    }

    It 'takes associations from the pipeline, emits them with -PassThru, and sends nothing with -WhatIf' {
        $f = New-Pair
        Reset-SctpStream -Association $f.A -Outgoing -WhatIf | Should -BeNullOrEmpty
        Assert-Quiet $f.Client
        $out = Get-SctpAssociation -Socket $f.Client | Reset-SctpStream -Stream 0 -Outgoing -PassThru
        $out | Should -BeOfType SctpPS.SctpAssociation
        $out.Id | Should -Be $f.A.Id
        (Receive-One $f.Client).Streams | Should -Be @(0)
    }
}

Describe 'Reset-SctpAssociation' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'resets the TSNs and every stream: both ends report the next TSNs, which the next messages carry' {
        $f = New-Pair
        'a' | Send-SctpMessage -Association $f.A -Stream 1
        'b' | Send-SctpMessage -Association $f.B -Stream 2
        $before = Receive-One $f.Server
        $null = Receive-One $f.Client
        Reset-SctpAssociation -Association $f.A
        $mine = Receive-One $f.Client
        $mine | Should -BeOfType SctpPS.SctpAssociationResetNotification
        $mine.Result | Should -Be 'Performed'
        $theirs = Receive-One $f.Server
        $theirs.Result | Should -Be 'Performed'
        # What one end sends next is what the other receives next.
        $mine.RemoteTsn | Should -Be $theirs.LocalTsn
        $mine.LocalTsn | Should -Be $theirs.RemoteTsn
        $mine.RemoteTsn | Should -Not -Be ($before.Tsn + 1) -Because 'the TSNs start afresh'
        'c' | Send-SctpMessage -Association $f.A -Stream 1
        $next = Receive-One $f.Server
        $next.Tsn | Should -Be $theirs.LocalTsn
        $next.StreamSequence | Should -Be 0 -Because 'every stream is reset too'
        'd' | Send-SctpMessage -Association $f.B -Stream 2
        $back = Receive-One $f.Client
        $back.Tsn | Should -Be $mine.LocalTsn
        $back.StreamSequence | Should -Be 0
        (Get-SctpAssociation -Socket $f.Client).State | Should -Be 'Established'
        $mine.Detail | Should -Be "TSNs reset: next in $($mine.LocalTsn), next out $($mine.RemoteTsn)"
    }

    It 'is denied by a peer that has not enabled association resets' {
        $f = New-Pair -ServerRequests ResetStream
        $f.A | Reset-SctpAssociation
        $mine = Receive-One $f.Client
        $mine.Result | Should -Be 'Denied'
        $mine.Detail | Should -Be 'TSN reset denied'
        Assert-Quiet $f.Server
    }
}

Describe 'Add-SctpStream' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'adds outbound and inbound streams: both ends say how many, and the counts grow on both' {
        $f = New-Pair
        $f.A.InboundStreams, $f.A.OutboundStreams | Should -Be 5, 5
        Add-SctpStream -Association $f.A -Outbound 3 -Inbound 2
        $mine = @((Receive-One $f.Client), (Receive-One $f.Client))
        $mine | ForEach-Object { $_ | Should -BeOfType SctpPS.SctpStreamChangeNotification; $_.Result | Should -Be 'Performed' }
        ($mine | Measure-Object OutboundStreams -Sum).Sum | Should -Be 3
        ($mine | Measure-Object InboundStreams -Sum).Sum | Should -Be 2
        $theirs = @((Receive-One $f.Server), (Receive-One $f.Server))
        ($theirs | Measure-Object InboundStreams -Sum).Sum | Should -Be 3
        ($theirs | Measure-Object OutboundStreams -Sum).Sum | Should -Be 2
        $client = Get-SctpAssociation -Socket $f.Client
        $client.InboundStreams, $client.OutboundStreams | Should -Be 7, 8
        $server = Get-SctpAssociation -Socket $f.Server
        $server.InboundStreams, $server.OutboundStreams | Should -Be 8, 7
        # The new streams carry messages, each way.
        'to 7' | Send-SctpMessage -Association $client -Stream 7
        (Receive-SctpMessage -Socket $f.Server -TimeoutSeconds 10 -AsText) | ForEach-Object { $_.Stream, $_.Text } | Should -Be @(7, 'to 7')
        'to 6' | Send-SctpMessage -Association $server -Stream 6
        (Receive-SctpMessage -Socket $f.Client -TimeoutSeconds 10 -AsText).Stream | Should -Be 6
    }

    It 'is denied by a peer that has not enabled it: the counts stay' {
        $f = New-Pair -ServerRequests ResetStream
        $out = Add-SctpStream -Association $f.A -Outbound 2 -PassThru
        $out.OutboundStreams | Should -BeIn @(5, 7) -Because 'the kernel counts the new outbound streams until the peer answers'
        $mine = Receive-One $f.Client
        $mine.Result | Should -Be 'Denied'
        $mine.OutboundStreams | Should -Be 2
        $mine.Detail | Should -Be 'adding streams denied: in +0, out +2'
        (Get-SctpAssociation -Socket $f.Client).OutboundStreams | Should -Be 5
        (Get-SctpAssociation -Socket $f.Server).InboundStreams | Should -Be 5
        Assert-Quiet $f.Server
    }

    It 'sends nothing with -WhatIf' {
        $f = New-Pair
        Add-SctpStream -Association $f.A -Outbound 1 -WhatIf
        Assert-Quiet $f.Client
        (Get-SctpAssociation -Socket $f.Client).OutboundStreams | Should -Be 5
    }
}

Describe 'Stream reconfiguration errors' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'reports an association without reconfiguration as <Id>, naming what is missing' -ForEach @(
        @{ Id = 'ResetStream.NotEnabled'; Run = { param($a) Reset-SctpStream -Association $a -Outgoing } }
        @{ Id = 'ResetAssociation.NotEnabled'; Run = { param($a) Reset-SctpAssociation -Association $a } }
        @{ Id = 'AddStream.NotEnabled'; Run = { param($a) Add-SctpStream -Association $a -Outbound 1 } }
    ) {
        $f = New-Pair -Reconfig $false
        $before = Get-OpenFdCount
        $err = Get-ErrorRecords $Run $f.A
        Assert-SctpError $err[0] -ErrorId $Id -Category NotEnabled -Errno ENOPROTOOPT -TargetObject $f.A
        "$($err[0])" | Should -Match 'both ends must offer it when the association comes up'
        Get-OpenFdCount | Should -Be $before
        # Offered, but this end has not enabled the request.
        $g = New-Pair -ClientRequests None
        $err2 = Get-ErrorRecords $Run $g.A
        Assert-SctpError $err2[0] -ErrorId $Id -Category NotEnabled -Errno ENOPROTOOPT
        "$($err2[0])" | Should -Match 'This end has not enabled \w+ requests .* ReconfigRequests are None'
    }

    It 'reports a stream the association lacks as ResetStream.InvalidStream, sending nothing' {
        $f = New-Pair
        Reset-SctpStream -Association $f.A -Stream 5 -Outgoing -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'ResetStream.InvalidStream' -Category InvalidArgument -Errno EINVAL -TargetObject $f.A
        "$($err[0])" | Should -Match 'no outbound stream 5: it has 5 inbound and 5 outbound streams'
        Assert-Quiet $f.Client
    }

    It 'reports nothing to add, or too many, as AddStream.InvalidCount, sending nothing' {
        $f = New-Pair
        Add-SctpStream -Association $f.A -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-SctpError $err[0] -ErrorId 'AddStream.InvalidCount' -Category InvalidArgument -Errno EINVAL -TargetObject $f.A
        "$($err[0])" | Should -Match 'Nothing to add'
        Add-SctpStream -Association $f.A -Outbound 65531 -ErrorVariable err2 -ErrorAction SilentlyContinue
        Assert-SctpError $err2[0] -ErrorId 'AddStream.InvalidCount' -Category InvalidArgument -Errno EINVAL
        "$($err2[0])" | Should -Match 'at most 65535 each way'
        Assert-Quiet $f.Client
        (Get-SctpAssociation -Socket $f.Client).OutboundStreams | Should -Be 5
    }

    It 'reports a request while another is unanswered as <Id>' -ForEach @(
        @{ Id = 'ResetStream.InProgress'; Run = { param($a) Reset-SctpStream -Association $a -Stream 0 -Outgoing } }
        @{ Id = 'ResetAssociation.InProgress'; Run = { param($a) Reset-SctpAssociation -Association $a } }
        @{ Id = 'AddStream.InProgress'; Run = { param($a) Add-SctpStream -Association $a -Outbound 1 } }
    ) {
        # The client's small receive buffer fills and the server's messages to it wait in the
        # server's queue; a request to reset the client's incoming streams then waits for them
        # (the peer answers "in progress"), so it stays unanswered.
        $f = New-Pair
        Set-SctpSocketOption -Socket $f.Client -ReceiveBufferSize 4096
        $data = [byte[]]::new(4000)
        1..20 | ForEach-Object { ,$data | Send-SctpMessage -Association $f.B -Stream 1 -TimeoutSeconds 1 -ErrorAction SilentlyContinue }
        Reset-SctpStream -Association $f.A -Stream 1 -Incoming
        Start-Sleep -Milliseconds 200
        $err = Get-ErrorRecords $Run $f.A
        Assert-SctpError $err[0] -ErrorId $Id -Category ResourceBusy -Errno EINPROGRESS -TargetObject $f.A
        "$($err[0])" | Should -Match 'request outstanding'
    }

    It 'reports messages still waiting as <Id>' -ForEach @(
        @{ Id = 'ResetStream.DataPending'; Run = { param($a) Reset-SctpStream -Association $a -Stream 1 -Outgoing } }
        @{ Id = 'ResetAssociation.DataPending'; Run = { param($a) Reset-SctpAssociation -Association $a } }
    ) {
        # The peer does not read and its window closes: the rest waits in this end's queue.
        $f = New-Pair
        Set-SctpSocketOption -Socket $f.Client -ReceiveBufferSize 4096
        $data = [byte[]]::new(4000)
        1..20 | ForEach-Object { ,$data | Send-SctpMessage -Association $f.B -Stream 1 -TimeoutSeconds 1 -ErrorAction SilentlyContinue }
        $err = Get-ErrorRecords $Run $f.B
        Assert-SctpError $err[0] -ErrorId $Id -Category ResourceBusy -Errno EAGAIN -TargetObject $f.B
        "$($err[0])" | Should -Match 'waiting to be sent or acknowledged'
    }

    It 'reports a gone association as <Id>' -ForEach @(
        @{ Id = 'ResetStream.NotFound'; Run = { param($a) Reset-SctpStream -Association $a } }
        @{ Id = 'ResetAssociation.NotFound'; Run = { param($a) Reset-SctpAssociation -Association $a } }
        @{ Id = 'AddStream.NotFound'; Run = { param($a) Add-SctpStream -Association $a -Outbound 1 } }
    ) {
        $f = New-Pair
        $f.A | Disconnect-SctpAssociation -Abort
        Wait-Until { @(Get-SctpAssociation -Socket $f.Client).Count -eq 0 } | Should -BeTrue
        $before = Get-OpenFdCount
        $err = Get-ErrorRecords $Run $f.A
        Assert-SctpError $err[0] -ErrorId $Id -Category ObjectNotFound -Errno EINVAL -TargetObject $f.A
        Get-OpenFdCount | Should -Be $before
    }

    It 'reports a closed socket as <Id>' -ForEach @(
        @{ Id = 'ResetStream.SocketClosed'; Run = { param($a) Reset-SctpStream -Association $a } }
        @{ Id = 'ResetAssociation.SocketClosed'; Run = { param($a) Reset-SctpAssociation -Association $a } }
        @{ Id = 'AddStream.SocketClosed'; Run = { param($a) Add-SctpStream -Association $a -Inbound 1 } }
    ) {
        $f = New-Pair
        $f.Client | Close-SctpSocket
        $err = Get-ErrorRecords $Run $f.A
        Assert-SctpError $err[0] -ErrorId $Id -Category InvalidOperation -Errno EBADF -TargetObject $f.A
    }

    It 'reports another process''s association as <Id>' -ForEach @(
        @{ Id = 'ResetStream.NoSocket'; Run = { param($a) Reset-SctpStream -Association $a } }
        @{ Id = 'ResetAssociation.NoSocket'; Run = { param($a) Reset-SctpAssociation -Association $a } }
        @{ Id = 'AddStream.NoSocket'; Run = { param($a) Add-SctpStream -Association $a -Outbound 1 } }
    ) {
        $port = New-Port
        $server = New-SctpSocket -LocalAddress 127.0.0.1 -LocalPort $port -Listen
        $socat = Start-Peer socat @('-u', 'STDIN', "SCTP-CONNECT:127.0.0.1:$port")
        try {
            Wait-Until { @(Get-SctpAssociation -Socket $server).Count -eq 1 } | Should -BeTrue
            $theirs = Get-SctpAssociation -RemotePort $port | Where-Object OwningProcess -eq $socat.Id
            $theirs.Socket | Should -BeNullOrEmpty
            $err = Get-ErrorRecords $Run $theirs
            Assert-SctpError $err[0] -ErrorId $Id -Category InvalidOperation
            "$($err[0])" | Should -Match "process $($socat.Id)"
        }
        finally { Stop-Peer $socat }
    }

    It 'refuses stream numbers and counts out of range at binding' {
        $a = (New-Pair).A
        { Reset-SctpStream -Association $a -Stream 65535 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.ResetSctpStreamCommand'
        { Reset-SctpStream -Association $a -Stream -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.ResetSctpStreamCommand'
        { Add-SctpStream -Association $a -Outbound 65536 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SctpPS.Commands.AddSctpStreamCommand'
    }
}

Describe 'ReconfigRequests (SCTP_ENABLE_STREAM_RESET)' -Tag Kernel {
    AfterEach { Get-SctpSocket | Close-SctpSocket }

    It 'is inherited by new associations, and set per association' {
        $f = New-Pair -ClientRequests 'ResetStream, AddStream'
        (Get-SctpSocketOption -Association $f.A -Name ReconfigRequests).ReconfigRequests | Should -Be 'ResetStream, AddStream'
        Set-SctpSocketOption -Association $f.A -ReconfigRequests ResetAssociation
        (Get-SctpSocketOption -Association $f.A -Name ReconfigRequests).ReconfigRequests | Should -Be 'ResetAssociation'
        (Get-SctpSocketOption -Socket $f.Client -Name ReconfigRequests).ReconfigRequests | Should -Be 'ResetStream, AddStream' -Because 'the socket default stays'
    }
}
