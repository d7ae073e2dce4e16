using System.Buffers.Binary;
using System.Net;
using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

/// <summary>Which association id an option is read and written with.</summary>
public enum SctpOptionScope
{
    /// <summary>One value for the whole socket; an association id does not apply.</summary>
    Socket,

    /// <summary>Kept per association; the socket's value (association 0) is what new associations inherit.</summary>
    Association,

    /// <summary>Exists only for an association (there is no socket-wide value).</summary>
    AssociationOnly,

    /// <summary>
    /// One value for the socket that only associations set up later use (SCTP_INITMSG): it says
    /// nothing of an association that exists, so an association's options leave it empty.
    /// </summary>
    NewAssociations,
}

/// <summary>One property of <see cref="SctpSocketOption"/>: the kernel option and field behind it.</summary>
public sealed class SctpOptionDefinition
{
    internal SctpOptionDefinition(string name, KernelOption kernel, string field, Func<object, object?> get,
                                  Func<object, object, object>? set, string description)
    {
        Name = name;
        Kernel = kernel;
        Field = field;
        Read = get;
        Apply = set;
        Description = description;
        var property = typeof(SctpSocketOption).GetProperty(name)
                       ?? throw new InvalidOperationException($"SctpSocketOption has no property {name}.");
        Type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    /// <summary>The property name (as in Get-SctpSocketOption's output and Set-SctpSocketOption's parameters).</summary>
    public string Name { get; }

    /// <summary>The value's type, without Nullable.</summary>
    public Type Type { get; }

    /// <summary>The socket option's name in linux/sctp.h, e.g. SCTP_RTOINFO.</summary>
    public string KernelOption => Kernel.Name;

    /// <summary>The struct field (or "int") the value is in.</summary>
    public string Field { get; }

    public bool Settable => Apply is not null;
    public SctpOptionScope Scope => Kernel.Scope;

    /// <summary>The Linux version that added the socket option (what ENOPROTOOPT on an older kernel means).</summary>
    public string AddedIn => Kernel.AddedIn;

    public string Description { get; }

    internal KernelOption Kernel { get; }

    /// <summary>From the kernel's struct (boxed) to the user's value.</summary>
    internal Func<object, object?> Read { get; }

    /// <summary>The user's value into the kernel's struct; null for read-only values.</summary>
    internal Func<object, object, object>? Apply { get; }

    public override string ToString() => $"{Name} ({KernelOption})";
}

/// <summary>One getsockopt/setsockopt option of level SOL_SCTP and the struct it carries.</summary>
internal abstract class KernelOption
{
    protected KernelOption(string name, int number, string addedIn, SctpOptionScope scope)
    {
        Name = name;
        Number = number;
        AddedIn = addedIn;
        Scope = scope;
    }

    public string Name { get; }

    /// <summary>Settable by tests only: stands in for a kernel that lacks the option (an unknown number gets a real ENOPROTOOPT).</summary>
    public int Number { get; set; }
    public string AddedIn { get; }
    public SctpOptionScope Scope { get; }

    public abstract object Read(int fd, int associationId);
    public abstract void Write(int fd, int associationId, object value);
}

/// <summary>An option whose value is one struct; the association id is the struct's first field (or absent).</summary>
internal sealed class KernelOption<T> : KernelOption where T : unmanaged
{
    private readonly Func<int, T> _request;
    private readonly int _level;

    public KernelOption(string name, int number, string addedIn, SctpOptionScope scope, Func<int, T> request, int level = SOL_SCTP)
        : base(name, number, addedIn, scope)
    {
        _request = request;
        _level = level;
    }

    public override object Read(int fd, int associationId)
    {
        var value = _request(associationId);
        Sys.GetOption(fd, _level, Number, ref value, Name);
        return value;
    }

    public override void Write(int fd, int associationId, object value) =>
        Sys.SetOption(fd, _level, Number, (T)value, Name);
}

/// <summary>SCTP_EVENT: one struct per notification type; the value is the set of types that are on.</summary>
internal sealed class EventOption : KernelOption
{
    public EventOption() : base("SCTP_EVENT", SCTP_EVENT, "5.0", SctpOptionScope.Association) { }

    public override object Read(int fd, int associationId)
    {
        var on = new List<SctpEventType>();
        foreach (var type in Enum.GetValues<SctpEventType>())
        {
            var ev = new SctpEvent { se_assoc_id = associationId, se_type = (ushort)type };
            try
            {
                Sys.GetOption(fd, SOL_SCTP, Number, ref ev, Name);
            }
            catch (SctpException e) when (e.Errno == Errno.EINVAL && type > SctpEventType.SenderDry)
            {
                continue; // a newer type than this kernel knows
            }
            if (ev.se_on != 0) on.Add(type);
        }
        return on.ToArray();
    }

    public override void Write(int fd, int associationId, object value)
    {
        var wanted = (SctpEventType[])value;
        var current = (SctpEventType[])Read(fd, associationId);
        // Only the types that change, so a kernel without the newer types is not asked about them.
        foreach (var type in Enum.GetValues<SctpEventType>().Where(t => wanted.Contains(t) != current.Contains(t)))
        {
            var ev = new SctpEvent { se_assoc_id = associationId, se_type = (ushort)type, se_on = wanted.Contains(type) ? (byte)1 : (byte)0 };
            Sys.SetOption(fd, SOL_SCTP, Number, ev, Name);
        }
    }
}

/// <summary>
/// Every property of <see cref="SctpSocketOption"/>, with the socket option, the struct field and
/// the kernel version behind it: the one place that knows how an option is read and written.
/// </summary>
public static class SctpOptionCatalog
{
    private static readonly KernelOption<SctpRtoInfo> RtoInfo = new("SCTP_RTOINFO", SCTP_RTOINFO, "2.6", SctpOptionScope.Association, a => new SctpRtoInfo { srto_assoc_id = a });
    private static readonly KernelOption<SctpAssocParams> AssocInfo = new("SCTP_ASSOCINFO", SCTP_ASSOCINFO, "2.6", SctpOptionScope.Association, a => new SctpAssocParams { sasoc_assoc_id = a });
    private static readonly KernelOption<SctpInitMsg> InitMsg = new("SCTP_INITMSG", SCTP_INITMSG, "2.6", SctpOptionScope.NewAssociations, _ => new SctpInitMsg());
    private static readonly KernelOption<SctpPaddrParams> PeerAddrParams = new("SCTP_PEER_ADDR_PARAMS", SCTP_PEER_ADDR_PARAMS, "2.6", SctpOptionScope.Association, a => new SctpPaddrParams { spp_assoc_id = a });
    private static readonly KernelOption<SctpSackInfo> DelayedSack = new("SCTP_DELAYED_SACK", SCTP_DELAYED_SACK, "2.6.22", SctpOptionScope.Association, a => new SctpSackInfo { sack_assoc_id = a });
    private static readonly KernelOption<SctpSndRcvInfo> DefaultSend = new("SCTP_DEFAULT_SEND_PARAM", SCTP_DEFAULT_SEND_PARAM, "2.6", SctpOptionScope.Association, a => new SctpSndRcvInfo { sinfo_assoc_id = a });
    private static readonly KernelOption<SctpPrim> PrimaryAddr = new("SCTP_PRIMARY_ADDR", SCTP_PRIMARY_ADDR, "2.6", SctpOptionScope.AssociationOnly, a => new SctpPrim { ssp_assoc_id = a });

    private static KernelOption<int> IntOption(string name, int number, string addedIn) =>
        new(name, number, addedIn, SctpOptionScope.Socket, _ => 0);

    private static KernelOption<SctpAssocValue> ValueOption(string name, int number, string addedIn) =>
        new(name, number, addedIn, SctpOptionScope.Association, a => new SctpAssocValue { assoc_id = a });

    private static SctpOptionDefinition Def<T>(string name, KernelOption<T> kernel, string field, Func<T, object?> get,
                                               Func<T, object, T>? set, string description) where T : unmanaged =>
        new(name, kernel, field, raw => get((T)raw), set is null ? null : (raw, value) => set((T)raw, value), description);

    private static SctpOptionDefinition Flag(string name, KernelOption<int> kernel, string description) =>
        Def(name, kernel, "int", v => v != 0, (_, value) => (bool)value ? 1 : 0, description);

    private static SctpOptionDefinition Supported(string name, string option, int number, string addedIn, string description) =>
        Def(name, ValueOption(option, number, addedIn), "assoc_value", v => v.assoc_value != 0,
            (v, value) => { v.assoc_value = (bool)value ? 1u : 0u; return v; }, description);

    private static uint FlagsWith(uint flags, bool on, uint enable, uint disable) =>
        (flags & ~(enable | disable)) | (on ? enable : disable);

    /// <summary>Every option, in the order Get-SctpSocketOption lists them.</summary>
    public static IReadOnlyList<SctpOptionDefinition> All { get; } = new[]
    {
        Def("RtoInitialMs", RtoInfo, "srto_initial", v => v.srto_initial, (v, x) => { v.srto_initial = (uint)x; return v; },
            "Retransmission timeout before the first round-trip measurement, milliseconds."),
        Def("RtoMinMs", RtoInfo, "srto_min", v => v.srto_min, (v, x) => { v.srto_min = (uint)x; return v; },
            "Lower bound of the retransmission timeout, milliseconds."),
        Def("RtoMaxMs", RtoInfo, "srto_max", v => v.srto_max, (v, x) => { v.srto_max = (uint)x; return v; },
            "Upper bound of the retransmission timeout, milliseconds."),

        Def("AssociationMaxRetransmits", AssocInfo, "sasoc_asocmaxrxt", v => v.sasoc_asocmaxrxt, (v, x) => { v.sasoc_asocmaxrxt = (ushort)x; return v; },
            "Retransmissions on all paths together before the association is declared unreachable (Association.Max.Retrans)."),
        Def("PeerDestinations", AssocInfo, "sasoc_number_peer_destinations", v => v.sasoc_number_peer_destinations, null,
            "Number of peer addresses of the association (read-only)."),
        Def("PeerReceiveWindow", AssocInfo, "sasoc_peer_rwnd", v => v.sasoc_peer_rwnd, null,
            "The peer's current receive window, bytes (read-only)."),
        Def("LocalReceiveWindow", AssocInfo, "sasoc_local_rwnd", v => v.sasoc_local_rwnd, null,
            "This endpoint's receive window, bytes (read-only)."),
        Def("CookieLifeMs", AssocInfo, "sasoc_cookie_life", v => v.sasoc_cookie_life, (v, x) => { v.sasoc_cookie_life = (uint)x; return v; },
            "Lifetime of the state cookie this endpoint hands out (Valid.Cookie.Life), milliseconds."),

        Def("OutboundStreams", InitMsg, "sinit_num_ostreams", v => v.sinit_num_ostreams, (v, x) => { v.sinit_num_ostreams = (ushort)x; return v; },
            "Outbound streams new associations ask for (INIT). Affects associations set up later only; empty in an association's options (Get-SctpAssociation shows the streams it has)."),
        Def("MaxInboundStreams", InitMsg, "sinit_max_instreams", v => v.sinit_max_instreams, (v, x) => { v.sinit_max_instreams = (ushort)x; return v; },
            "Most inbound streams new associations accept."),
        Def("InitMaxAttempts", InitMsg, "sinit_max_attempts", v => v.sinit_max_attempts, (v, x) => { v.sinit_max_attempts = (ushort)x; return v; },
            "INIT retransmissions before an association attempt fails (Max.Init.Retransmits); 0: the system default."),
        Def("InitMaxTimeoutMs", InitMsg, "sinit_max_init_timeo", v => v.sinit_max_init_timeo, (v, x) => { v.sinit_max_init_timeo = (ushort)x; return v; },
            "Largest timeout between INIT retransmissions, milliseconds; 0: the system default."),

        Def("HeartbeatIntervalMs", PeerAddrParams, "spp_hbinterval", v => v.spp_hbinterval,
            (v, x) => { v.spp_hbinterval = (uint)x; if ((uint)x == 0) v.spp_flags |= SPP_HB_TIME_IS_ZERO; return v; },
            "Interval between HEARTBEATs on an idle path, milliseconds (added to the path's RTO)."),
        Def("HeartbeatEnabled", PeerAddrParams, "spp_flags", v => (v.spp_flags & SPP_HB_ENABLE) != 0,
            (v, x) => { v.spp_flags = FlagsWith(v.spp_flags, (bool)x, SPP_HB_ENABLE, SPP_HB_DISABLE); return v; },
            "Whether HEARTBEATs are sent (SPP_HB_ENABLE / SPP_HB_DISABLE)."),
        Def("PathMaxRetransmits", PeerAddrParams, "spp_pathmaxrxt", v => v.spp_pathmaxrxt, (v, x) => { v.spp_pathmaxrxt = (ushort)x; return v; },
            "Retransmissions on one path before it is marked inactive (Path.Max.Retrans)."),
        Def("PathMtu", PeerAddrParams, "spp_pathmtu", v => v.spp_pathmtu,
            (v, x) => { v.spp_pathmtu = (uint)x; v.spp_flags = FlagsWith(v.spp_flags, false, SPP_PMTUD_ENABLE, SPP_PMTUD_DISABLE); return v; },
            "Path MTU, bytes. Setting it turns path MTU discovery off (the kernel applies a fixed MTU only then)."),
        Def("PathMtuDiscovery", PeerAddrParams, "spp_flags", v => (v.spp_flags & SPP_PMTUD_ENABLE) != 0,
            (v, x) => { v.spp_flags = FlagsWith(v.spp_flags, (bool)x, SPP_PMTUD_ENABLE, SPP_PMTUD_DISABLE); return v; },
            "Whether path MTU discovery is on (SPP_PMTUD_ENABLE / SPP_PMTUD_DISABLE)."),

        Def("DelayedSackMs", DelayedSack, "sack_delay", v => v.sack_delay, (v, x) => { v.sack_delay = (uint)x; return v; },
            "How long a SACK may be delayed, milliseconds (the kernel accepts up to 500)."),
        Def("DelayedSackFrequency", DelayedSack, "sack_freq", v => v.sack_freq, (v, x) => { v.sack_freq = (uint)x; return v; },
            "Packets received before a SACK is sent without waiting; 1 turns delayed SACK off."),

        Def("DefaultStream", DefaultSend, "sinfo_stream", v => v.sinfo_stream, (v, x) => { v.sinfo_stream = (ushort)x; return v; },
            "Stream for messages sent without one (plain send/sendto)."),
        Def("DefaultPayloadProtocolId", DefaultSend, "sinfo_ppid", v => BinaryPrimitives.ReverseEndianness(v.sinfo_ppid),
            (v, x) => { v.sinfo_ppid = BinaryPrimitives.ReverseEndianness((uint)x); return v; },
            "Payload protocol id for messages sent without one; as Send-SctpMessage, the number as IANA lists it (sent in network byte order)."),
        Def("DefaultContext", DefaultSend, "sinfo_context", v => v.sinfo_context, (v, x) => { v.sinfo_context = (uint)x; return v; },
            "Context handed back in send-failed notifications for messages sent without one."),
        Def("DefaultTimeToLiveMs", DefaultSend, "sinfo_timetolive", v => v.sinfo_timetolive, (v, x) => { v.sinfo_timetolive = (uint)x; return v; },
            "PR-SCTP lifetime of messages sent without one, milliseconds; 0: reliable."),

        Flag("NoDelay", IntOption("SCTP_NODELAY", SCTP_NODELAY, "2.6"),
            "Nagle-like bundling delay off: small messages are sent at once."),
        Def("AutoCloseSeconds", IntOption("SCTP_AUTOCLOSE", SCTP_AUTOCLOSE, "2.6"), "int", v => v, (_, x) => (int)x,
            "Idle seconds after which an association is shut down; 0: never. One-to-many sockets only."),
        Def("MaxSegment", ValueOption("SCTP_MAXSEG", SCTP_MAXSEG, "2.6"), "assoc_value", v => v.assoc_value, (v, x) => { v.assoc_value = (uint)x; return v; },
            "Largest DATA chunk payload, bytes; larger messages are fragmented. 0: limited by the path MTU only."),
        Flag("DisableFragments", IntOption("SCTP_DISABLE_FRAGMENTS", SCTP_DISABLE_FRAGMENTS, "2.6"),
            "Messages larger than the fragmentation point are refused (EMSGSIZE) instead of fragmented."),
        Def("MaxBurst", ValueOption("SCTP_MAX_BURST", SCTP_MAX_BURST, "2.6.22"), "assoc_value", v => v.assoc_value, (v, x) => { v.assoc_value = (uint)x; return v; },
            "Most packets sent in one burst (Max.Burst); 0: no limit."),
        Flag("FragmentInterleave", IntOption("SCTP_FRAGMENT_INTERLEAVE", SCTP_FRAGMENT_INTERLEAVE, "2.6.22"),
            "Partial deliveries of messages from different streams may interleave."),
        Def("PartialDeliveryPoint", IntOption("SCTP_PARTIAL_DELIVERY_POINT", SCTP_PARTIAL_DELIVERY_POINT, "2.6.22"), "uint32", v => (uint)v, (_, x) => (int)(uint)x,
            "Message size, bytes, from which a message is handed up in parts before it is complete; at most half the receive buffer."),
        Def("AdaptationLayer", IntOption("SCTP_ADAPTATION_LAYER", SCTP_ADAPTATION_LAYER, "2.6"), "ssb_adaptation_ind", v => (uint)v, (_, x) => (int)(uint)x,
            "Adaptation layer indication sent to peers in INIT/INIT-ACK (RFC 5061)."),
        Flag("MappedV4Addresses", IntOption("SCTP_I_WANT_MAPPED_V4_ADDR", SCTP_I_WANT_MAPPED_V4_ADDR, "2.6"),
            "On an IPv6 socket, IPv4 peers appear as ::ffff:a.b.c.d addresses."),
        Flag("ReusePort", IntOption("SCTP_REUSE_PORT", SCTP_REUSE_PORT, "4.20"),
            "Several one-to-one sockets may bind the same port (set before binding)."),

        Def("SendBufferSize", new KernelOption<int>("SO_SNDBUF", Libc.SO_SNDBUF, "2.6", SctpOptionScope.Socket, _ => 0, Libc.SOL_SOCKET), "int",
            v => v, (_, x) => (int)x,
            "Send buffer, bytes (SO_SNDBUF): how much unacknowledged data may be queued. The kernel doubles what is set (for its bookkeeping) and caps it at net.core.wmem_max."),
        Def("ReceiveBufferSize", new KernelOption<int>("SO_RCVBUF", Libc.SO_RCVBUF, "2.6", SctpOptionScope.Socket, _ => 0, Libc.SOL_SOCKET), "int",
            v => v, (_, x) => (int)x,
            "Receive buffer, bytes (SO_RCVBUF): bounds the receive window offered to peers. The kernel doubles what is set and caps it at net.core.rmem_max; set it before associations come up."),

        Supported("PrSupported", "SCTP_PR_SUPPORTED", SCTP_PR_SUPPORTED, "4.6",
            "Partial reliability (PR-SCTP, RFC 3758) offered to peers; on an association, whether the peer supports it."),
        Supported("ReconfigSupported", "SCTP_RECONFIG_SUPPORTED", SCTP_RECONFIG_SUPPORTED, "4.12",
            "Stream reconfiguration (RFC 6525) offered to peers; on an association, whether the peer supports it."),
        Def("ReconfigRequests", ValueOption("SCTP_ENABLE_STREAM_RESET", SCTP_ENABLE_STREAM_RESET, "4.11"), "assoc_value",
            v => (SctpReconfigRequests)v.assoc_value, (v, x) => { v.assoc_value = (uint)(SctpReconfigRequests)x; return v; },
            "The stream reconfiguration requests (RFC 6525) this end makes and grants: ResetStream (Reset-SctpStream), ResetAssociation (Reset-SctpAssociation), AddStream (Add-SctpStream); both ends need them, and ReconfigSupported."),
        Supported("InterleavingSupported", "SCTP_INTERLEAVING_SUPPORTED", SCTP_INTERLEAVING_SUPPORTED, "4.16",
            "Message interleaving (I-DATA, RFC 8260) offered to peers; needs FragmentInterleave."),
        Supported("AsconfSupported", "SCTP_ASCONF_SUPPORTED", SCTP_ASCONF_SUPPORTED, "5.4",
            "Dynamic address reconfiguration (ASCONF, RFC 5061) offered to peers; needs AUTH."),
        Supported("AuthSupported", "SCTP_AUTH_SUPPORTED", SCTP_AUTH_SUPPORTED, "5.4",
            "Chunk authentication (AUTH, RFC 4895) offered to peers."),
        Supported("EcnSupported", "SCTP_ECN_SUPPORTED", SCTP_ECN_SUPPORTED, "5.4",
            "Explicit congestion notification offered to peers."),

        new SctpOptionDefinition("Notifications", new EventOption(), "se_on", raw => raw, (_, x) => x,
            "The notification types Receive-SctpMessage delivers (as New-SctpSocket -Subscribe and Set-SctpNotification)."),

        Def("PrimaryPeerAddress", PrimaryAddr, "ssp_addr", ReadPrimary, null,
            "The peer address the association sends to by default (change it with Set-SctpPrimaryAddress). An association only."),
    };

    private static unsafe object? ReadPrimary(SctpPrim prim) =>
        SockAddr.Read(new ReadOnlySpan<byte>(prim.ssp_addr, 128), out _)?.Address;

    /// <summary>A value as messages show it: a notification list as {A,B}.</summary>
    internal static string Show(object value) =>
        value is Array array ? "{" + string.Join(",", array.Cast<object>()) + "}" : value.ToString() ?? "";

    /// <summary>The definition of a property, by name (case-insensitive), or null.</summary>
    public static SctpOptionDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The socket-option numbers of every SOL_SCTP option the catalogue reads; for tests that check them against the headers.</summary>
    internal static IEnumerable<KernelOption> KernelOptions => All.Select(d => d.Kernel).Distinct();
}
