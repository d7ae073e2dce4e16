using System.Net;

namespace SctpPS;

/// <summary>One SCTP user message and its metadata (struct sctp_rcvinfo / sctp_sndinfo).</summary>
public sealed class SctpMessage
{
    public byte[] Data { get; init; } = Array.Empty<byte>();
    public int Length => Data.Length;

    /// <summary>The data decoded as text when asked for (Receive-SctpMessage -AsText, Send-SctpMessage -Text).</summary>
    public string? Text { get; set; }
    public int Stream { get; init; }
    public int StreamSequence { get; init; }

    /// <summary>The payload protocol identifier as a number (it travels in network byte order).</summary>
    public uint PayloadProtocolId { get; init; }
    public uint Tsn { get; init; }
    public uint CumulativeTsn { get; init; }
    public uint Context { get; init; }
    public bool Unordered { get; init; }
    public int AssociationId { get; init; }

    /// <summary>The sender's address and port (<c>[::1]:3868</c>), when the kernel named it.</summary>
    public string? RemoteEndPoint { get; init; }
    public SctpSocket? Socket { get; init; }

    /// <summary>The Id of <see cref="Socket"/>: what travels to jobs, remote sessions and files in its place.</summary>
    public int? SocketId => Socket?.Id;

    public override string ToString() => Text ?? $"{Length} bytes on stream {Stream} (ppid {PayloadProtocolId})";

    internal static SctpMessage From(in SctpReceiveResult received, byte[] data, string? remote, SctpSocket socket) => new()
    {
        Data = data,
        Stream = received.Stream,
        StreamSequence = received.StreamSequence,
        PayloadProtocolId = received.PayloadProtocolId,
        Tsn = received.Tsn,
        CumulativeTsn = received.CumulativeTsn,
        Context = received.Context,
        Unordered = received.Unordered,
        AssociationId = received.AssociationId,
        RemoteEndPoint = remote,
        Socket = socket,
    };
}

/// <summary>How to send one message: the fields of struct sctp_sndinfo, PR-SCTP and the destination.</summary>
public struct SctpSendInfo
{
    public ushort Stream;
    public uint PayloadProtocolId;
    public uint Context;
    public bool Unordered;

    /// <summary>Milliseconds the message may wait before it is abandoned (PR-SCTP TTL); 0: reliable.</summary>
    public uint TimeToLiveMs;

    /// <summary>The association on a one-to-many socket; 0 with <see cref="RemoteEndPoint"/> set up one implicitly.</summary>
    public int AssociationId;
    public IPEndPoint? RemoteEndPoint;
}


/// <summary>What <see cref="SctpSocket.ReceiveInto"/> read: the length and the struct sctp_rcvinfo fields.</summary>
public readonly struct SctpReceiveResult
{
    public int Length { get; init; }

    /// <summary>MSG_EOR: the message ended in this piece.</summary>
    public bool IsComplete { get; init; }

    /// <summary>MSG_NOTIFICATION: the bytes are a notification, not user data.</summary>
    public bool IsNotification { get; init; }
    public int Stream { get; init; }
    public int StreamSequence { get; init; }
    public uint PayloadProtocolId { get; init; }
    public uint Tsn { get; init; }
    public uint CumulativeTsn { get; init; }
    public uint Context { get; init; }
    public bool Unordered { get; init; }
    public int AssociationId { get; init; }
}
