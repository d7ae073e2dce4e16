namespace SctpPS;

/// <summary>Association states as sctp(7)'s SCTP_STATUS reports them (enum sctp_sstat_state).</summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpAssociationState : long
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
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpPathState : long
{
    Inactive = 0,
    PotentiallyFailed = 1,
    Active = 2,
    Unconfirmed = 3,
    Unknown = 0xffff,
}

/// <summary>
/// One peer address of an association and its transport state (SCTP_GET_PEER_ADDR_INFO,
/// with the heartbeat settings of SCTP_PEER_ADDR_PARAMS for that address), as it was when
/// queried: a snapshot. <see cref="SctpSocket.GetPaths(int)"/> (Get-SctpPeerAddress) reads it again.
/// </summary>
public sealed class SctpPath
{
    /// <summary>The association this path belongs to, and its socket (null in system-wide listings of other processes' sockets).</summary>
    public int AssociationId { get; init; }
    public SctpSocket? Socket { get; init; }

    /// <summary>The Id of <see cref="Socket"/>: what travels to jobs, remote sessions and files in its place.</summary>
    public int? SocketId => Socket?.Id;

    /// <summary>The peer address, as <see cref="SctpAddressText"/> writes it (IPAddress.Parse reads it).</summary>
    public string PeerAddress { get; init; } = "";
    public int Port { get; init; }

    /// <summary>The address and port: <c>10.0.0.1:3868</c>, <c>[2001:db8::1]:3868</c>.</summary>
    public string? PeerEndPoint => SctpAddressText.FormatEndPoint(PeerAddress, Port);
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
/// Get-NetTCPConnection's objects): its values do not change afterwards.
/// <see cref="SctpSocket.GetAssociation(int)"/> (Get-SctpAssociation) takes a new one.
/// Associations listed system-wide from sctp_diag or /proc carry no <see cref="Socket"/>
/// unless this session owns it. Addresses are text (<see cref="SctpAddressText"/>).
/// </summary>
public sealed class SctpAssociation
{
    /// <summary>The association id (sctp_assoc_t) on its socket.</summary>
    public int Id { get; internal set; }

    /// <summary>The socket of this session that carries it, or null.</summary>
    public SctpSocket? Socket { get; internal set; }

    /// <summary>The Id of <see cref="Socket"/>: what travels to jobs, remote sessions and files in its place.</summary>
    public int? SocketId => Socket?.Id;

    public SctpAssociationState State { get; init; }
    public SctpList<string> LocalAddresses { get; init; } = SctpList<string>.Empty;
    public int LocalPort { get; init; }
    public SctpList<string> PeerAddresses { get; init; } = SctpList<string>.Empty;
    public int RemotePort { get; init; }
    public string? PrimaryPeerAddress { get; init; }

    /// <summary>The first local address and the port: <c>10.0.0.1:3868</c>, <c>[::1]:3868</c>.</summary>
    public string? LocalEndPoint => LocalAddresses.Count == 0 ? null : SctpAddressText.FormatEndPoint(LocalAddresses[0], LocalPort);

    /// <summary>The primary peer address (or the first) and the port.</summary>
    public string? PeerEndPoint => SctpAddressText.FormatEndPoint(PrimaryPeerAddress ?? PeerAddresses.FirstOrDefault(), RemotePort);
    public int InboundStreams { get; init; }
    public int OutboundStreams { get; init; }

    /// <summary>The peer's current receive window, bytes.</summary>
    public uint ReceiveWindow { get; init; }
    public int UnackedChunks { get; init; }
    public int PendingChunks { get; init; }

    /// <summary>The size at which messages are fragmented, bytes.</summary>
    public uint FragmentationPoint { get; init; }
    public SctpList<SctpPath> Paths { get; init; } = SctpList<SctpPath>.Empty;

    /// <summary>Counters since the association began (SCTP_GET_ASSOC_STATS, or sctp_info in system-wide listings).</summary>
    public SctpAssociationStatistics? Statistics { get; init; }

    /// <summary>System-wide listings: the socket's inode, owner uid and owning process (when it can be found).</summary>
    public ulong? Inode { get; internal set; }
    public uint? Uid { get; internal set; }
    public int? OwningProcess { get; internal set; }

    /// <summary>Where the listing came from: Socket (SCTP_STATUS on a socket of this session), sctp_diag or /proc/net/sctp/assocs.</summary>
    public string Source { get; internal set; } = "Socket";

    public override string ToString() =>
        $"association {Id} {State} {LocalEndPoint}{More(LocalAddresses.Count)} -> {PeerEndPoint}{More(PeerAddresses.Count)}";

    /// <summary>" (+2)": how many more addresses an endpoint has than the one written.</summary>
    internal static string More(int count) => count > 1 ? $" (+{count - 1})" : "";
}

/// <summary>
/// An association's counters (struct sctp_assoc_stats). MaxObservedRtoMs is the largest RTO
/// seen since the previous query: the kernel resets it on each read.
/// </summary>
public sealed class SctpAssociationStatistics
{
    public ulong MaxObservedRtoMs { get; init; }

    /// <summary>The peer address MaxObservedRtoMs was seen on, or null.</summary>
    public string? MaxObservedRtoAddress { get; init; }
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
