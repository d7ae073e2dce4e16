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

/// <summary>One peer address of an association and its transport state (SCTP_GET_PEER_ADDR_INFO).</summary>
public sealed class SctpPath
{
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

    /// <summary>System-wide listings: the socket's inode, owner uid and owning process (when it can be found).</summary>
    public ulong? Inode { get; internal set; }
    public uint? Uid { get; internal set; }
    public int? OwningProcess { get; internal set; }

    /// <summary>Where the listing came from: Socket (SCTP_STATUS on a socket of this session), sctp_diag or /proc/net/sctp/assocs.</summary>
    public string Source { get; internal set; } = "Socket";

    public override string ToString() =>
        $"association {Id} {State} {string.Join(",", LocalAddresses.Select(a => a.ToString()))}:{LocalPort} -> {string.Join(",", PeerAddresses.Select(a => a.ToString()))}:{RemotePort}";
}
