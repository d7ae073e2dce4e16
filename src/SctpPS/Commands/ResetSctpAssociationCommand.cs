using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>
/// Reset-SctpAssociation: resets an association's TSNs and the sequence numbers of all its streams
/// (SCTP_RESET_ASSOC, RFC 6525 SSN/TSN Reset Request); the association stays up. The outcome
/// arrives as AssociationReset notifications.
/// </summary>
[Cmdlet(VerbsCommon.Reset, "SctpAssociation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SctpAssociation))]
public sealed class ResetSctpAssociationCommand : ReconfigCommand
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpAssociation[] Association { get; set; } = Array.Empty<SctpAssociation>();

    private static readonly ReconfigErrors Errors = new(
        ErrorCatalog.ResetAssociationNotEnabled, ErrorCatalog.ResetAssociationInProgress, ErrorCatalog.ResetAssociationDataPending, ErrorCatalog.ResetAssociationFailed,
        ErrorCatalog.ResetAssociationNotFound, ErrorCatalog.ResetAssociationNoSocket, ErrorCatalog.ResetAssociationSocketClosed, ErrorCatalog.ResetAssociationFailed);

    protected override void ProcessRecord()
    {
        foreach (var association in Association)
            Request(association, Errors, SctpReconfigRequests.ResetAssociation, "Reset the TSNs and every stream's sequence numbers (the association stays up)",
                "SCTP_RESET_ASSOC", _ => null, (socket, id) => socket.ResetAssociation(id));
    }
}
