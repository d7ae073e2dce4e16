<#
.SYNOPSIS
    The SctpPS demo: what the module does, on real kernel SCTP.
.DESCRIPTION
    Run by 'dotnet pwsh ./build.ps1 -Task Demo', which boots the sandbox when the
    host kernel has no SCTP. Every step prints what a user would see.
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/SctpPS'))
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Show([string] $Title, [scriptblock] $Step) {
    Write-Host ''
    Write-Host "PS> $($Step.ToString().Trim())" -ForegroundColor Yellow
    Write-Host "    # $Title" -ForegroundColor DarkGray
    # A wide page: the sandbox console is 80 columns, and address lists are long.
    & $Step | Out-String -Width 160 | Write-Host
}

Show 'Can this kernel do SCTP, and if not, why?' { Test-SctpSupport -Detailed }

Show 'A listening one-to-many socket on two loopback addresses, one port (sctp_bindx), with association notifications' {
    $script:server = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort 3868 -Listen -OutboundStreams 10 -MaxInboundStreams 10 -Subscribe AssociationChange, Shutdown
    $script:server
}

Show 'A one-to-one socket, Nagle off' { $script:single = New-SctpSocket -Style OneToOne -NoDelay; $script:single }

Show 'Three clients connect to both server addresses at once (sctp_connectx)' {
    $script:clients = 1..3 | ForEach-Object {
        Connect-SctpAssociation -Socket (New-SctpSocket -Subscribe AssociationChange, Shutdown) -RemoteAddress 127.0.0.1, 127.0.0.2 -RemotePort 3868
    }
    $script:clients
}

Show 'Every SCTP association on the host, like ss -S' { Get-SctpAssociation | Sort-Object LocalPort, Id }

Show 'The server socket''s associations, with their paths' {
    Get-SctpAssociation -Socket $script:server
    (Get-SctpAssociation -Socket $script:clients[0].Socket).Paths | Format-Table
}

Show 'Multi-homing: move a client''s traffic to the second path (SCTP_PRIMARY_ADDR), tune its timers' {
    $a = $script:clients[1]
    Set-SctpPrimaryAddress -Association $a -Address 127.0.0.2
    $a | Set-SctpSocketOption -RtoMinMs 200 -RtoMaxMs 2000 -HeartbeatIntervalMs 5000
    $a | Get-SctpPeerAddress | Format-Table PeerAddress, State, IsPrimary, Rto, HeartbeatIntervalMs
    $a | Get-SctpSocketOption -Name RtoInitialMs, RtoMinMs, RtoMaxMs, HeartbeatIntervalMs, PrimaryPeerAddress, PrSupported |
        Format-List RtoInitialMs, RtoMinMs, RtoMaxMs, HeartbeatIntervalMs, PrimaryPeerAddress, PrSupported
}

Show 'Peel one association off into a socket of its own (sctp_peeloff)' {
    $script:peeled = Get-SctpAssociation -Socket $script:server | Select-Object -First 1 | Invoke-SctpPeelOff
    $script:peeled
}

Show 'The sockets now: the peeled-off one knows where it came from' { Get-SctpSocket }

Show 'The server keeps two associations; the third is on the new socket' {
    Get-SctpAssociation -Socket $script:server
    Get-SctpAssociation -Socket $script:peeled
}

Show 'Exchange messages on two streams; the peeled-off socket got the association-up notification with it' {
    # The client whose association was peeled off talks to the new socket.
    $remotePort = (Get-SctpAssociation -Socket $script:peeled).RemotePort
    $script:talker = $script:clients | Where-Object LocalPort -EQ $remotePort
    Send-SctpMessage -Association $script:talker -Text 'CER (Diameter, ppid 46)' -Stream 0 -PayloadProtocolId 46
    Send-SctpMessage -Association $script:talker -Text 'S1 Setup (S1AP, ppid 18)' -Stream 1 -PayloadProtocolId 18
    Receive-SctpMessage -Socket $script:peeled -Count 3 -AsText -TimeoutSeconds 5
}

Show 'Answer from the peeled-off socket on stream 1; the client sees its own association-up first' {
    Send-SctpMessage -Socket $script:peeled -Text 'S1 Setup Response' -Stream 1 -PayloadProtocolId 18
    Receive-SctpMessage -Socket $script:talker.Socket -Count 2 -AsText -TimeoutSeconds 5
}

Show 'Shut that association down: both sides see it as notification objects' {
    Send-SctpMessage -Association $script:talker -Text 'bye' -EndOfFile
    Receive-SctpMessage -Socket $script:peeled -Count 2 -AsText -TimeoutSeconds 5
    Receive-SctpMessage -Socket $script:talker.Socket -TimeoutSeconds 5
}

Show 'Shut another client''s association down gracefully (SHUTDOWN), abort a third (ABORT): the server socket was told all along' {
    $others = @($script:clients | Where-Object { $_ -ne $script:talker })
    $others[0] | Disconnect-SctpAssociation
    $others[1] | Disconnect-SctpAssociation -Abort
    # Everything queued on the server socket, until a second of silence.
    Receive-SctpMessage -Socket $script:server -Continuous -TimeoutSeconds 1
}

Show 'Close everything' { Get-SctpSocket | Close-SctpSocket -PassThru }

Show 'Nothing is left open' { "open sockets: $(@(Get-SctpSocket).Count); associations: $(@(Get-SctpAssociation).Count)" }
