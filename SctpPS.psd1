@{
    RootModule           = 'SctpPS.dll'
    ModuleVersion        = '0.2.0'
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
        'Get-SctpStatistics'
        'Get-SctpKernelSetting'
        'Set-SctpKernelSetting'
        'Get-SctpEndpoint'
        'Reset-SctpStream'
        'Reset-SctpAssociation'
        'Add-SctpStream'
        'Test-SctpConnection'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('SCTP', 'lksctp', 'sctp_peeloff', 'Linux', 'PSEdition_Core', 'Networking', 'Sockets', 'Telecom', 'Diameter', 'SIGTRAN', 'M3UA', 'S1AP', 'NGAP')
            LicenseUri   = 'https://github.com/sctpps/SctpPS/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/sctpps/SctpPS'
            # build.ps1 writes the CHANGELOG.md section of ModuleVersion here, in the built manifest.
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
