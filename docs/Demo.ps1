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

Show 'A one-to-one socket, Nagle off' { $script:client = New-SctpSocket -Style OneToOne -NoDelay; $script:client }

Show 'Every socket this session has open' { Get-SctpSocket }

Show 'Close them all' { Get-SctpSocket | Close-SctpSocket -PassThru }

Show 'Nothing is left open' { Get-SctpSocket; "open sockets: $(@(Get-SctpSocket).Count)" }
