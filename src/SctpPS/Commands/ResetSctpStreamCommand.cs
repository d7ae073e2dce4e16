using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>
/// Reset-SctpStream: resets the sequence numbers of streams of an association (SCTP_RESET_STREAMS,
/// RFC 6525 Outgoing/Incoming SSN Reset Request); the outcome arrives as StreamReset notifications.
/// </summary>
[Cmdlet(VerbsCommon.Reset, "SctpStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SctpAssociation))]
public sealed class ResetSctpStreamCommand : ReconfigCommand
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpAssociation[] Association { get; set; } = Array.Empty<SctpAssociation>();

    /// <summary>The streams to reset; not given: every stream.</summary>
    [Parameter(Position = 1)]
    [ValidateRange(0, 65534)]
    public int[]? Stream { get; set; }

    /// <summary>Ask the peer to reset its outgoing streams, which are this end's incoming ones.</summary>
    [Parameter]
    public SwitchParameter Incoming { get; set; }

    /// <summary>Reset this end's outgoing streams (the peer resets its incoming ones to match).</summary>
    [Parameter]
    public SwitchParameter Outgoing { get; set; }

    private static readonly ReconfigErrors Errors = new(
        ErrorCatalog.ResetStreamNotEnabled, ErrorCatalog.ResetStreamInProgress, ErrorCatalog.ResetStreamDataPending, ErrorCatalog.ResetStreamInvalidStream,
        ErrorCatalog.ResetStreamNotFound, ErrorCatalog.ResetStreamNoSocket, ErrorCatalog.ResetStreamSocketClosed, ErrorCatalog.ResetStreamFailed);

    protected override void ProcessRecord()
    {
        // Neither switch: both directions, the whole stream.
        bool incoming = Incoming || !Outgoing, outgoing = Outgoing || !Incoming;
        var streams = Stream?.Distinct().ToArray() ?? Array.Empty<int>();
        string which = streams.Length == 0 ? "every stream" : (streams.Length == 1 ? "stream " : "streams ") + string.Join(", ", streams);
        string direction = incoming && outgoing ? "outgoing and incoming" : incoming ? "incoming" : "outgoing";
        foreach (var association in Association)
        {
            Request(association, Errors, SctpReconfigRequests.ResetStream, $"Reset the {direction} sequence numbers of {which}", "SCTP_RESET_STREAMS",
                current =>
                {
                    int? tooHigh = streams.Where(s => (outgoing && s >= current.OutboundStreams) || (incoming && s >= current.InboundStreams)).Cast<int?>().FirstOrDefault();
                    return tooHigh is int bad
                        ? $"Association {current.Id} has no {(outgoing && bad >= current.OutboundStreams ? "outbound" : "inbound")} stream {bad}: it has {current.InboundStreams} inbound and {current.OutboundStreams} outbound streams (0 to n-1)"
                        : null;
                },
                (socket, id) => socket.ResetStreams(id, streams, incoming, outgoing));
        }
    }
}
