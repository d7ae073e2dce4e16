using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using SctpPS.Native;

namespace SctpPS;

/// <summary>Notification types a socket can subscribe to (enum sctp_sn_type; the values are the kernel's).</summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpEventType : long
{
    AssociationChange = 0x8001,
    PeerAddressChange = 0x8002,
    RemoteError = 0x8004,
    Shutdown = 0x8005,
    PartialDelivery = 0x8006,
    AdaptationIndication = 0x8007,
    Authentication = 0x8008,
    SenderDry = 0x8009,
    StreamReset = 0x800A,
    AssociationReset = 0x800B,
    StreamChange = 0x800C,
    /// <summary>SCTP_SEND_FAILED_EVENT (RFC 6458's form, with the struct sctp_sndinfo of the lost message).</summary>
    SendFailed = 0x800D,
}

/// <summary>sac_state of an association change (enum sctp_sac_state).</summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpAssociationChange : long
{
    CommUp = 0,
    CommLost = 1,
    Restart = 2,
    ShutdownComplete = 3,
    CantStartAssociation = 4,
}

/// <summary>spc_state of a peer address change (enum sctp_spc_state).</summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpPeerAddressState : long
{
    Available = 0,
    Unreachable = 1,
    Removed = 2,
    Added = 3,
    MadePrimary = 4,
    Confirmed = 5,
    PotentiallyFailed = 6,
}

/// <summary>spc_error of a peer address change (enum sctp_sn_error): why the address changed state.</summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpPeerAddressChangeReason : long
{
    FailedThreshold = 0,
    ReceivedSack = 1,
    HeartbeatSuccess = 2,
    ResponseToUserRequest = 3,
    InternalError = 4,
    ShutdownGuardExpires = 5,
    PeerFaulty = 6,
}

/// <summary>
/// A notification the kernel delivered in the receive stream (MSG_NOTIFICATION).
/// The subclasses carry each type's own fields; <see cref="Raw"/> keeps the bytes.
/// </summary>
public class SctpNotification
{
    public SctpEventType Type { get; init; }
    public int AssociationId { get; init; }
    public ushort Flags { get; init; }
    public SctpSocket? Socket { get; init; }

    /// <summary>The Id of <see cref="Socket"/>: what travels to jobs, remote sessions and files in its place.</summary>
    public int? SocketId => Socket?.Id;
    public byte[] Raw { get; init; } = Array.Empty<byte>();

    /// <summary>What this notification says, in a few words (the table view's Text column).</summary>
    public virtual string Detail => "";

    public override string ToString() => Detail.Length == 0 ? $"{Type} (association {AssociationId})" : $"{Type} {Detail} (association {AssociationId})";

    private static SctpReconfigResult ReconfigResult(ushort flags, ushort denied, ushort failed) =>
        (flags & denied) != 0 ? SctpReconfigResult.Denied : (flags & failed) != 0 ? SctpReconfigResult.Failed : SctpReconfigResult.Performed;

    /// <summary>A notification shorter than the struct (an older kernel) is read zero-padded.</summary>
    private static T ReadPadded<T>(ReadOnlySpan<byte> bytes) where T : unmanaged
    {
        T value = default;
        var target = MemoryMarshal.AsBytes(new Span<T>(ref value));
        bytes[..Math.Min(bytes.Length, target.Length)].CopyTo(target);
        return value;
    }

    /// <summary>Decodes one notification (union sctp_notification); unknown types come back as the base class.</summary>
    internal static unsafe SctpNotification Parse(ReadOnlySpan<byte> bytes, SctpSocket socket)
    {
        var type = (SctpEventType)BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        var raw = bytes.ToArray();
        T Read<T>() where T : unmanaged => ReadPadded<T>(raw);
        switch (type)
        {
            case SctpEventType.AssociationChange:
            {
                var n = Read<SctpAssocChange>();
                return new SctpAssociationChangeNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.sac_assoc_id,
                    // Linux passes the chunk's cause code through unconverted: network byte order.
                    State = (SctpAssociationChange)n.sac_state, Error = (SctpCauseCode)BinaryPrimitives.ReverseEndianness(n.sac_error),
                    OutboundStreams = n.sac_outbound_streams, InboundStreams = n.sac_inbound_streams,
                };
            }
            case SctpEventType.PeerAddressChange:
            {
                var n = Read<SctpPaddrChange>();
                var address = SockAddr.Read(new ReadOnlySpan<byte>(n.spc_aaddr, 128), out _);
                return new SctpPeerAddressChangeNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.spc_assoc_id,
                    Address = address is null ? null : SctpAddressText.Format(address.Address), State = (SctpPeerAddressState)n.spc_state, Reason = (SctpPeerAddressChangeReason)n.spc_error,
                };
            }
            case SctpEventType.SendFailed:
            {
                var n = Read<SctpSendFailedEvent>();
                return new SctpSendFailedNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.ssf_assoc_id,
                    // As sac_error: the cause code, in network byte order (in its low 16 bits).
                    Error = (SctpCauseCode)BinaryPrimitives.ReverseEndianness((ushort)n.ssf_error), Stream = n.ssfe_info.snd_sid,
                    PayloadProtocolId = BinaryPrimitives.ReverseEndianness(n.ssfe_info.snd_ppid), Context = n.ssfe_info.snd_context,
                    Data = bytes.Length > sizeof(SctpSendFailedEvent) ? bytes[sizeof(SctpSendFailedEvent)..].ToArray() : Array.Empty<byte>(),
                };
            }
            case SctpEventType.RemoteError:
            {
                var n = Read<SctpRemoteError>();
                return new SctpRemoteErrorNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.sre_assoc_id,
                    Cause = (SctpCauseCode)BinaryPrimitives.ReverseEndianness(n.sre_error),
                    Data = bytes.Length > sizeof(SctpRemoteError) ? bytes[sizeof(SctpRemoteError)..].ToArray() : Array.Empty<byte>(),
                };
            }
            case SctpEventType.Shutdown:
                return new SctpNotification { Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = Read<SctpShutdownEvent>().sse_assoc_id };
            case SctpEventType.SenderDry:
                // struct sctp_sender_dry_event has the shutdown event's shape.
                return new SctpNotification { Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = Read<SctpShutdownEvent>().sse_assoc_id };
            case SctpEventType.AdaptationIndication:
            {
                var n = Read<SctpAdaptationEvent>();
                return new SctpAdaptationNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.sai_assoc_id, AdaptationIndication = n.sai_adaptation_ind,
                };
            }
            case SctpEventType.PartialDelivery:
            {
                var n = Read<SctpPdapiEvent>();
                return new SctpPartialDeliveryNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.pdapi_assoc_id,
                    Indication = n.pdapi_indication, Stream = n.pdapi_stream, Sequence = n.pdapi_seq,
                };
            }
            case SctpEventType.StreamReset:
            {
                var n = Read<SctpStreamResetEvent>();
                var list = bytes.Length > sizeof(SctpStreamResetEvent)
                    ? new SctpList<ushort>(MemoryMarshal.Cast<byte, ushort>(bytes[sizeof(SctpStreamResetEvent)..]).ToArray())
                    : SctpList<ushort>.Empty;
                return new SctpStreamResetNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.strreset_assoc_id, Streams = list,
                    Result = (SctpStreamResetFlags)n.strreset_flags,
                };
            }
            case SctpEventType.AssociationReset:
            {
                var n = Read<SctpAssocResetEvent>();
                return new SctpAssociationResetNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.assocreset_assoc_id,
                    Result = ReconfigResult(n.assocreset_flags, SctpConstants.SCTP_ASSOC_RESET_DENIED, SctpConstants.SCTP_ASSOC_RESET_FAILED),
                    LocalTsn = n.assocreset_local_tsn, RemoteTsn = n.assocreset_remote_tsn,
                };
            }
            case SctpEventType.StreamChange:
            {
                var n = Read<SctpStreamChangeEvent>();
                return new SctpStreamChangeNotification
                {
                    Type = type, Flags = flags, Socket = socket, Raw = raw, AssociationId = n.strchange_assoc_id,
                    Result = ReconfigResult(n.strchange_flags, SctpConstants.SCTP_STREAM_CHANGE_DENIED, SctpConstants.SCTP_STREAM_CHANGE_FAILED),
                    InboundStreams = n.strchange_instrms, OutboundStreams = n.strchange_outstrms,
                };
            }
            default:
                // Authentication: the header's shape is shared, the id's place is not; keep the bytes.
                return new SctpNotification { Type = type, Flags = flags, Socket = socket, Raw = raw };
        }
    }
}

/// <summary>SCTP_ASSOC_CHANGE: an association came up, was lost, restarted, shut down or could not start.</summary>
public sealed class SctpAssociationChangeNotification : SctpNotification
{
    public SctpAssociationChange State { get; init; }

    /// <summary>The error cause code the association ended with (RFC 9260 3.3.10; 12: User-Initiated Abort), None if none.</summary>
    public SctpCauseCode Error { get; init; }
    public int OutboundStreams { get; init; }
    public int InboundStreams { get; init; }
    public override string Detail => $"{State}, streams in/out {InboundStreams}/{OutboundStreams}" + (Error != 0 ? $", cause {SctpCauses.Describe(Error)}" : "");
}

/// <summary>SCTP_PEER_ADDR_CHANGE: one peer address changed state.</summary>
public sealed class SctpPeerAddressChangeNotification : SctpNotification
{
    /// <summary>The peer address, as <see cref="SctpAddressText"/> writes it.</summary>
    public string? Address { get; init; }
    public SctpPeerAddressState State { get; init; }
    public SctpPeerAddressChangeReason Reason { get; init; }
    public override string Detail => $"{Address} {State} ({Reason})";
}

/// <summary>SCTP_SEND_FAILED_EVENT: a message could not be delivered; <see cref="Data"/> is what was not sent.</summary>
public sealed class SctpSendFailedNotification : SctpNotification
{
    /// <summary>The error cause code of the failure (12, User-Initiated Abort: the association was aborted), None if none (a PR-SCTP lifetime ran out).</summary>
    public SctpCauseCode Error { get; init; }
    public int Stream { get; init; }
    public uint PayloadProtocolId { get; init; }
    public uint Context { get; init; }
    public byte[] Data { get; init; } = Array.Empty<byte>();

    /// <summary>ssf_flags SCTP_DATA_SENT: the data went on the wire but was not acknowledged (SCTP_DATA_UNSENT: it never left the send queue).</summary>
    public bool WasSent => (Flags & SctpConstants.SCTP_DATA_SENT) != 0;
    public override string Detail => $"{Data.Length} bytes on stream {Stream}, ppid {PayloadProtocolId}, {(WasSent ? "sent, not acknowledged" : "never sent")}" + (Error != 0 ? $", cause {SctpCauses.Describe(Error)}" : "");
}

/// <summary>SCTP_REMOTE_ERROR: the peer sent an ERROR chunk; <see cref="Cause"/> is its cause code.</summary>
public sealed class SctpRemoteErrorNotification : SctpNotification
{
    public SctpCauseCode Cause { get; init; }
    public byte[] Data { get; init; } = Array.Empty<byte>();
    public override string Detail => $"cause {SctpCauses.Describe(Cause)}";
}

/// <summary>SCTP_ADAPTATION_INDICATION: the peer's adaptation layer indication.</summary>
public sealed class SctpAdaptationNotification : SctpNotification
{
    public uint AdaptationIndication { get; init; }
    public override string Detail => $"indication 0x{AdaptationIndication:x8}";
}

/// <summary>
/// SCTP_PARTIAL_DELIVERY_EVENT: partial delivery of a message was aborted (SCTP_PARTIAL_DELIVERY_ABORTED);
/// <see cref="Data"/> holds the part of the message that came before, which will never be completed.
/// </summary>
public sealed class SctpPartialDeliveryNotification : SctpNotification
{
    public uint Indication { get; init; }
    public uint Stream { get; init; }
    public uint Sequence { get; init; }

    /// <summary>Filled by the receive that met this notification, from the pieces it had.</summary>
    public byte[] Data { get; internal set; } = Array.Empty<byte>();
    public override string Detail => $"aborted after {Data.Length} bytes on stream {Stream}";
}

/// <summary>strreset_flags of a stream reset (SCTP_STREAM_RESET_*).</summary>
[Flags]
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpStreamResetFlags : long
{
    None = 0,
    IncomingSsn = 0x0001,
    OutgoingSsn = 0x0002,
    Denied = 0x0004,
    Failed = 0x0008,
}

/// <summary>SCTP_STREAM_RESET_EVENT: streams were reset (RFC 6525); no <see cref="Streams"/> means all of them.</summary>
public sealed class SctpStreamResetNotification : SctpNotification
{
    /// <summary>The stream numbers; a list whose text is "1, 3" (Export-Csv wrote an array as "System.UInt16[]").</summary>
    public SctpList<ushort> Streams { get; init; } = SctpList<ushort>.Empty;
    public SctpStreamResetFlags Result { get; init; }
    public override string Detail => $"{Result}, streams {(Streams.Count == 0 ? "all" : string.Join(",", Streams))}";
}

/// <summary>How the peer answered a stream reconfiguration request (RFC 6525 result).</summary>
public enum SctpReconfigResult : long
{
    Performed,
    /// <summary>The peer refused (it has not enabled that request, SCTP_ENABLE_STREAM_RESET).</summary>
    Denied,
    /// <summary>The request failed (a wrong stream number, a request in progress ...).</summary>
    Failed,
}

/// <summary>
/// SCTP_ASSOC_RESET_EVENT: the association's TSNs (and every stream's sequence numbers) were reset
/// (RFC 6525 SSN/TSN reset), or the request was refused. Linux reports on both ends
/// <see cref="LocalTsn"/> as the next TSN this end receives and <see cref="RemoteTsn"/> as the next it sends.
/// </summary>
public sealed class SctpAssociationResetNotification : SctpNotification
{
    public SctpReconfigResult Result { get; init; }
    public uint LocalTsn { get; init; }
    public uint RemoteTsn { get; init; }
    public override string Detail => Result == SctpReconfigResult.Performed
        ? $"TSNs reset: next in {LocalTsn}, next out {RemoteTsn}"
        : $"TSN reset {Result.ToString().ToLowerInvariant()}";
}

/// <summary>
/// SCTP_STREAM_CHANGE_EVENT: streams were added to the association (RFC 6525 Add Streams), or
/// the request was refused. Linux reports the number of streams added in each direction.
/// </summary>
public sealed class SctpStreamChangeNotification : SctpNotification
{
    public SctpReconfigResult Result { get; init; }
    public int InboundStreams { get; init; }
    public int OutboundStreams { get; init; }
    public override string Detail =>
        $"{(Result == SctpReconfigResult.Performed ? "streams added" : $"adding streams {Result.ToString().ToLowerInvariant()}")}: in +{InboundStreams}, out +{OutboundStreams}";
}

