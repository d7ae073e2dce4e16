using System.Net;

namespace SctpPS;

/// <summary>
/// The SCTP socket options of one socket, or of one association on it, as the kernel
/// reported them (sctp(7), sctp_opt_info(3)). A property is null when it was not asked
/// for, does not apply (AutoCloseSeconds on a one-to-one socket), or this kernel lacks it.
/// Each property is described once, in <see cref="SctpOptionCatalog"/>.
/// </summary>
public sealed class SctpSocketOption
{
    public SctpSocket? Socket { get; init; }

    /// <summary>The association the values are for; 0: the socket (on one-to-many, the defaults future associations inherit).</summary>
    public int AssociationId { get; init; }

    private static readonly Lazy<string[]> AllNames = new(() => SctpOptionCatalog.All.Select(d => d.Name).ToArray());
    private IReadOnlyList<string>? _names;

    /// <summary>The options this object holds, in catalogue order: every option, or those Get-SctpSocketOption -Name asked for (the view shows only these).</summary>
    public IReadOnlyList<string> Names { get => _names ?? AllNames.Value; internal set => _names = value; }

    // SCTP_RTOINFO
    public uint? RtoInitialMs { get; set; }
    public uint? RtoMinMs { get; set; }
    public uint? RtoMaxMs { get; set; }

    // SCTP_ASSOCINFO
    public ushort? AssociationMaxRetransmits { get; set; }
    public ushort? PeerDestinations { get; set; }
    public uint? PeerReceiveWindow { get; set; }
    public uint? LocalReceiveWindow { get; set; }
    public uint? CookieLifeMs { get; set; }

    // SCTP_INITMSG
    public ushort? OutboundStreams { get; set; }
    public ushort? MaxInboundStreams { get; set; }
    public ushort? InitMaxAttempts { get; set; }
    public ushort? InitMaxTimeoutMs { get; set; }

    // SCTP_PEER_ADDR_PARAMS (the association's or the endpoint's defaults, not one path's)
    public uint? HeartbeatIntervalMs { get; set; }
    public bool? HeartbeatEnabled { get; set; }
    public ushort? PathMaxRetransmits { get; set; }
    public uint? PathMtu { get; set; }
    public bool? PathMtuDiscovery { get; set; }

    // SCTP_DELAYED_SACK
    public uint? DelayedSackMs { get; set; }
    public uint? DelayedSackFrequency { get; set; }

    // SCTP_DEFAULT_SEND_PARAM
    public ushort? DefaultStream { get; set; }
    public uint? DefaultPayloadProtocolId { get; set; }
    public uint? DefaultContext { get; set; }
    public uint? DefaultTimeToLiveMs { get; set; }

    // One value each
    public bool? NoDelay { get; set; }
    public int? AutoCloseSeconds { get; set; }
    public uint? MaxSegment { get; set; }
    public bool? DisableFragments { get; set; }
    public uint? MaxBurst { get; set; }
    public bool? FragmentInterleave { get; set; }
    public uint? PartialDeliveryPoint { get; set; }
    public uint? AdaptationLayer { get; set; }
    public bool? MappedV4Addresses { get; set; }
    public bool? ReusePort { get; set; }

    // SOL_SOCKET buffers, which bound SCTP's windows
    public int? SendBufferSize { get; set; }
    public int? ReceiveBufferSize { get; set; }

    // Extensions this endpoint offers (on an association: what the peer agreed to)
    public bool? PrSupported { get; set; }
    public bool? ReconfigSupported { get; set; }
    public SctpReconfigRequests? ReconfigRequests { get; set; }
    public bool? InterleavingSupported { get; set; }
    public bool? AsconfSupported { get; set; }
    public bool? AuthSupported { get; set; }
    public bool? EcnSupported { get; set; }

    // SCTP_EVENT
    public SctpEventType[]? Notifications { get; set; }

    // SCTP_PRIMARY_ADDR (an association only)
    public IPAddress? PrimaryPeerAddress { get; set; }

    public override string ToString() =>
        $"options of socket {Socket?.Id}{(AssociationId != 0 ? $" association {AssociationId}" : "")}";
}
