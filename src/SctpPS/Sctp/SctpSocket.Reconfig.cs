using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

/// <summary>The stream reconfiguration requests (RFC 6525) an endpoint makes and grants (SCTP_ENABLE_STREAM_RESET).</summary>
[Flags]
public enum SctpReconfigRequests : long
{
    None = 0,
    /// <summary>SCTP_ENABLE_RESET_STREAM_REQ: stream resets (Reset-SctpStream).</summary>
    ResetStream = SCTP_ENABLE_RESET_STREAM_REQ,
    /// <summary>SCTP_ENABLE_RESET_ASSOC_REQ: association (TSN) resets (Reset-SctpAssociation).</summary>
    ResetAssociation = SCTP_ENABLE_RESET_ASSOC_REQ,
    /// <summary>SCTP_ENABLE_CHANGE_ASSOC_REQ: added streams (Add-SctpStream).</summary>
    AddStream = SCTP_ENABLE_CHANGE_ASSOC_REQ,
    All = ResetStream | ResetAssociation | AddStream,
}

// Stream reconfiguration (RFC 6525, Linux 4.11): the requests go out at once; the peer's answer
// arrives later as a notification (SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT,
// SCTP_STREAM_CHANGE_EVENT) on both ends.
public sealed partial class SctpSocket
{
    /// <summary>
    /// SCTP_RESET_STREAMS: asks the peer to reset the sequence numbers of <paramref name="streams"/>
    /// (null or empty: every stream) in the directions given.
    /// </summary>
    /// <exception cref="SctpException">ENOPROTOOPT: reconfiguration not supported or not enabled; EINPROGRESS: another request is outstanding; EINVAL: a stream that does not exist; EAGAIN: data queued on those streams.</exception>
    public void ResetStreams(int associationId, IReadOnlyCollection<int>? streams, bool incoming, bool outgoing)
    {
        if (!incoming && !outgoing) throw new ArgumentException("Reset incoming streams, outgoing streams or both.");
        var list = streams ?? Array.Empty<int>();
        var buffer = new byte[8 + 2 * list.Count];
        var header = new SctpResetStreams
        {
            srs_assoc_id = associationId,
            srs_flags = (ushort)((incoming ? SCTP_STREAM_RESET_INCOMING : 0) | (outgoing ? SCTP_STREAM_RESET_OUTGOING : 0)),
            srs_number_streams = checked((ushort)list.Count),
        };
        System.Runtime.InteropServices.MemoryMarshal.Write(buffer, in header);
        int offset = 8;
        foreach (int stream in list)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), checked((ushort)stream)); // host order: the kernel converts
            offset += 2;
        }
        Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_RESET_STREAMS, buffer); return 0; });
    }

    /// <summary>SCTP_RESET_ASSOC: asks the peer to reset the association's TSNs and every stream's sequence numbers.</summary>
    /// <exception cref="SctpException">ENOPROTOOPT, EINPROGRESS, EAGAIN (data not yet acknowledged), as <see cref="ResetStreams"/>.</exception>
    public void ResetAssociation(int associationId) =>
        Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_RESET_ASSOC, associationId); return 0; });

    /// <summary>SCTP_ADD_STREAMS: adds outbound streams and asks the peer to add inbound ones (to its outbound).</summary>
    /// <exception cref="SctpException">ENOPROTOOPT, EINPROGRESS; EINVAL: nothing to add, or more than 65535 streams.</exception>
    public void AddStreams(int associationId, int outbound, int inbound) =>
        Use(fd =>
        {
            Sys.SetOption(fd, SOL_SCTP, SCTP_ADD_STREAMS,
                new SctpAddStreams { sas_assoc_id = associationId, sas_outstrms = checked((ushort)outbound), sas_instrms = checked((ushort)inbound) });
            return 0;
        });

    /// <summary>Whether the peer of an association offered reconfiguration, and which requests this end has enabled for it.</summary>
    public (bool PeerSupports, SctpReconfigRequests Enabled) GetReconfigState(int associationId) =>
        Use(fd =>
        {
            var supported = new SctpAssocValue { assoc_id = associationId };
            Sys.GetOption(fd, SOL_SCTP, SCTP_RECONFIG_SUPPORTED, ref supported);
            var enabled = new SctpAssocValue { assoc_id = associationId };
            Sys.GetOption(fd, SOL_SCTP, SCTP_ENABLE_STREAM_RESET, ref enabled);
            return (supported.assoc_value != 0, (SctpReconfigRequests)enabled.assoc_value);
        });
}
