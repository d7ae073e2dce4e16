using System.Net;

namespace SctpPS;

/// <summary>Association states as sctp(7)'s SCTP_STATUS reports them (enum sctp_sstat_state).</summary>
public enum SctpAssociationState
{
    Empty = 0,
    Closed = 1,
    CookieWait = 2,
    CookieEchoed = 3,
    Established = 4,
    ShutdownPending = 5,
    ShutdownSent = 6,
    ShutdownReceived = 7,
    ShutdownAckSent = 8,
}

/// <summary>Path (peer address) states (enum sctp_spinfo_state).</summary>
public enum SctpPathState
{
    Inactive = 0,
    PotentiallyFailed = 1,
    Active = 2,
    Unconfirmed = 3,
    Unknown = 0xffff,
}

/// <summary>
/// One peer address of an association and its transport state (SCTP_GET_PEER_ADDR_INFO,
/// with the heartbeat settings of SCTP_PEER_ADDR_PARAMS for that address).
/// </summary>
public sealed class SctpPath
{
    /// <summary>The association this path belongs to, and its socket (null in system-wide listings of other processes' sockets).</summary>
    public int AssociationId { get; init; }
    public SctpSocket? Socket { get; init; }

    public IPAddress PeerAddress { get; init; } = IPAddress.None;
    public int Port { get; init; }
    public SctpPathState State { get; init; }
    public bool IsPrimary { get; init; }

    /// <summary>Congestion window, bytes.</summary>
    public uint Cwnd { get; init; }

    /// <summary>Smoothed round-trip time, milliseconds.</summary>
    public uint Srtt { get; init; }

    /// <summary>Retransmission timeout, milliseconds.</summary>
    public uint Rto { get; init; }

    /// <summary>Path MTU, bytes.</summary>
    public uint Mtu { get; init; }

    /// <summary>Interval between HEARTBEATs on this path when idle, milliseconds; null when unknown.</summary>
    public uint? HeartbeatIntervalMs { get; init; }

    /// <summary>Whether HEARTBEATs are sent on this path; null when unknown.</summary>
    public bool? HeartbeatEnabled { get; init; }

    /// <summary>Retransmissions before this path is marked inactive; null when unknown.</summary>
    public int? PathMaxRetransmits { get; init; }

    public override string ToString() => $"{PeerAddress} {State}{(IsPrimary ? " (primary)" : "")}";
}

/// <summary>
/// A snapshot of one SCTP association, taken when it was queried (like
/// Get-NetTCPConnection's objects). Associations listed system-wide from
/// sctp_diag or /proc carry no <see cref="Socket"/> unless this session owns it.
/// </summary>
public sealed class SctpAssociation
{
    /// <summary>The association id (sctp_assoc_t) on its socket.</summary>
    public int Id { get; internal set; }

    /// <summary>The socket of this session that carries it, or null.</summary>
    public SctpSocket? Socket { get; internal set; }

    public SctpAssociationState State { get; init; }
    public IPAddress[] LocalAddresses { get; init; } = Array.Empty<IPAddress>();
    public int LocalPort { get; init; }
    public IPAddress[] PeerAddresses { get; init; } = Array.Empty<IPAddress>();
    public int RemotePort { get; init; }
    public IPAddress? PrimaryPeerAddress { get; init; }
    public int InboundStreams { get; init; }
    public int OutboundStreams { get; init; }

    /// <summary>The peer's current receive window, bytes.</summary>
    public uint ReceiveWindow { get; init; }
    public int UnackedChunks { get; init; }
    public int PendingChunks { get; init; }

    /// <summary>The size at which messages are fragmented, bytes.</summary>
    public uint FragmentationPoint { get; init; }
    public SctpPath[] Paths { get; init; } = Array.Empty<SctpPath>();

    /// <summary>Counters since the association began (SCTP_GET_ASSOC_STATS, or sctp_info in system-wide listings).</summary>
    public SctpAssociationStatistics? Statistics { get; init; }

    /// <summary>System-wide listings: the socket's inode, owner uid and owning process (when it can be found).</summary>
    public ulong? Inode { get; internal set; }
    public uint? Uid { get; internal set; }
    public int? OwningProcess { get; internal set; }

    /// <summary>Where the listing came from: Socket (SCTP_STATUS on a socket of this session), sctp_diag or /proc/net/sctp/assocs.</summary>
    public string Source { get; internal set; } = "Socket";

    public override string ToString() =>
        $"association {Id} {State} {string.Join(",", LocalAddresses.Select(a => a.ToString()))}:{LocalPort} -> {string.Join(",", PeerAddresses.Select(a => a.ToString()))}:{RemotePort}";
}

/// <summary>
/// An association's counters (struct sctp_assoc_stats). MaxObservedRtoMs is the largest RTO
/// seen since the previous query: the kernel resets it on each read.
/// </summary>
public sealed class SctpAssociationStatistics
{
    public ulong MaxObservedRtoMs { get; init; }

    /// <summary>The peer address MaxObservedRtoMs was seen on, or null.</summary>
    public IPAddress? MaxObservedRtoAddress { get; init; }
    public ulong SacksReceived { get; init; }
    public ulong SacksSent { get; init; }
    public ulong PacketsSent { get; init; }
    public ulong PacketsReceived { get; init; }
    public ulong RetransmittedChunks { get; init; }
    public ulong OutOfSequenceTsns { get; init; }
    public ulong DuplicateChunksReceived { get; init; }
    public ulong GapAcksReceived { get; init; }
    public ulong UnorderedChunksSent { get; init; }
    public ulong UnorderedChunksReceived { get; init; }
    public ulong OrderedChunksSent { get; init; }
    public ulong OrderedChunksReceived { get; init; }
    public ulong ControlChunksSent { get; init; }
    public ulong ControlChunksReceived { get; init; }

    public override string ToString() =>
        $"{PacketsSent} packets out, {PacketsReceived} in, {RetransmittedChunks} retransmitted chunks, {GapAcksReceived} gap acks";
}
