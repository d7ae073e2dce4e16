using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>
/// Add-SctpStream: adds outbound streams to an association and asks the peer to add inbound ones
/// (SCTP_ADD_STREAMS, RFC 6525 Add Outgoing/Incoming Streams Request); the outcome arrives as
/// StreamChange notifications, and the association's stream counts grow.
/// </summary>
[Cmdlet(VerbsCommon.Add, "SctpStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SctpAssociation))]
public sealed class AddSctpStreamCommand : ReconfigCommand
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpAssociation[] Association { get; set; } = Array.Empty<SctpAssociation>();

    /// <summary>Outbound streams to add (this end sends on them).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Outbound { get; set; }

    /// <summary>Inbound streams to add (the peer adds them to its outbound ones).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Inbound { get; set; }

    private static readonly ReconfigErrors Errors = new(
        ErrorCatalog.AddStreamNotEnabled, ErrorCatalog.AddStreamInProgress, null, ErrorCatalog.AddStreamInvalidCount,
        ErrorCatalog.AddStreamNotFound, ErrorCatalog.AddStreamNoSocket, ErrorCatalog.AddStreamSocketClosed, ErrorCatalog.AddStreamFailed);

    protected override void ProcessRecord()
    {
        foreach (var association in Association)
        {
            Request(association, Errors, SctpReconfigRequests.AddStream, $"Add {Outbound} outbound and {Inbound} inbound streams", "SCTP_ADD_STREAMS",
                current =>
                {
                    if (Outbound == 0 && Inbound == 0) return "Nothing to add: give -Outbound, -Inbound or both";
                    if (current.OutboundStreams + Outbound > 65535 || current.InboundStreams + Inbound > 65535)
                        return $"Association {current.Id} has {current.InboundStreams} inbound and {current.OutboundStreams} outbound streams; an association has at most 65535 each way";
                    return null;
                },
                (socket, id) => socket.AddStreams(id, Outbound, Inbound));
        }
    }
}
