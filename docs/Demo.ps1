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

Show 'A listening one-to-many socket on two loopback addresses, one port (sctp_bindx)' {
    $script:server = New-SctpSocket -LocalAddress 127.0.0.1, 127.0.0.2 -LocalPort 3868 -Listen -OutboundStreams 10 -MaxInboundStreams 10
    $script:server
}

Show 'A one-to-one socket, Nagle off' { $script:single = New-SctpSocket -Style OneToOne -NoDelay; $script:single }

Show 'Three clients connect to both server addresses at once (sctp_connectx)' {
    $script:clients = 1..3 | ForEach-Object {
        Connect-SctpAssociation -Socket (New-SctpSocket) -RemoteAddress 127.0.0.1, 127.0.0.2 -RemotePort 3868
    }
    $script:clients
}

Show 'Every SCTP association on the host, like ss -S' { Get-SctpAssociation | Sort-Object LocalPort, Id }

Show 'The server socket''s associations, with their paths' {
    Get-SctpAssociation -Socket $script:server
    (Get-SctpAssociation -Socket $script:clients[0].Socket).Paths
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

Show 'Watch notifications on the peeled-off socket and a client, then exchange messages on two streams' {
    # The client whose association was peeled off talks to the new socket.
    $remotePort = (Get-SctpAssociation -Socket $script:peeled).RemotePort
    $script:talker = $script:clients | Where-Object LocalPort -EQ $remotePort
    $script:peeled, $script:talker.Socket | Set-SctpNotification -Enable AssociationChange, Shutdown
    Send-SctpMessage -Association $script:talker -Text 'CER (Diameter, ppid 46)' -Stream 0 -PayloadProtocolId 46
    Send-SctpMessage -Association $script:talker -Text 'S1 Setup (S1AP, ppid 18)' -Stream 1 -PayloadProtocolId 18
    Receive-SctpMessage -Socket $script:peeled -Count 2 -AsText -TimeoutSeconds 5
}

Show 'Answer from the peeled-off socket on stream 1' {
    Send-SctpMessage -Socket $script:peeled -Text 'S1 Setup Response' -Stream 1 -PayloadProtocolId 18
    Receive-SctpMessage -Socket $script:talker.Socket -AsText -TimeoutSeconds 5
}

Show 'Shut that association down: both sides see it as notification objects' {
    Send-SctpMessage -Association $script:talker -Text 'bye' -EndOfFile
    Receive-SctpMessage -Socket $script:peeled -Count 2 -AsText -TimeoutSeconds 5
    Receive-SctpMessage -Socket $script:talker.Socket -TimeoutSeconds 5
}

Show 'Shut another client''s association down gracefully (SHUTDOWN), abort a third (ABORT)' {
    $others = @($script:clients | Where-Object { $_ -ne $script:talker })
    $others[0] | Disconnect-SctpAssociation
    $others[1] | Disconnect-SctpAssociation -Abort
    Start-Sleep -Milliseconds 200
    Get-SctpAssociation | Sort-Object LocalPort, Id
}

Show 'Close everything' { Get-SctpSocket | Close-SctpSocket -PassThru }

Show 'Nothing is left open' { "open sockets: $(@(Get-SctpSocket).Count); associations: $(@(Get-SctpAssociation).Count)" }
