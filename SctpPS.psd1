@{
    RootModule           = 'SctpPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0e6f1e-7d1c-4c51-9a3e-2f7d3c9a1b42'
    Author               = 'SctpPS contributors'
    CompanyName          = 'SctpPS'
    Copyright            = '(c) SctpPS contributors. MIT License.'
    Description          = 'The Linux kernel SCTP socket API (lksctp) for PowerShell: sockets, associations, sctp_peeloff, messages on streams, notifications, with help generated from the lksctp man pages.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('SctpPS.Format.ps1xml')
    TypesToProcess       = @('SctpPS.Types.ps1xml')
    CmdletsToExport      = @(
        'New-SctpSocket'
        'Get-SctpSocket'
        'Close-SctpSocket'
        'Test-SctpSupport'
        'Connect-SctpAssociation'
        'Wait-SctpAssociation'
        'Get-SctpAssociation'
        'Invoke-SctpPeelOff'
        'Disconnect-SctpAssociation'
        'Send-SctpMessage'
        'Receive-SctpMessage'
        'Set-SctpNotification'
        'Add-SctpLocalAddress'
        'Remove-SctpLocalAddress'
        'Get-SctpPeerAddress'
        'Set-SctpPrimaryAddress'
        'Get-SctpSocketOption'
        'Set-SctpSocketOption'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('SCTP', 'lksctp', 'sctp_peeloff', 'Linux', 'Networking', 'Telecom', 'Diameter', 'SIGTRAN', 'S1AP', 'NGAP', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/sctpps/SctpPS'
            ReleaseNotes = 'Sockets, associations (connectx, wait/accept, system-wide listing), sctp_peeloff, shutdown and abort.'
        }
    }
}
