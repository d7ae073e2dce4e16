using System.Runtime.InteropServices;

namespace SctpPS.Native;

// Mirrors of linux/sctp.h structs, x86-64/aarch64 layout. Every size and offset
// here is checked against gcc's view of the header by StructLayoutTests.

/// <summary>struct sctp_initmsg (SCTP_INITMSG).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpInitMsg
{
    public ushort sinit_num_ostreams;
    public ushort sinit_max_instreams;
    public ushort sinit_max_attempts;
    public ushort sinit_max_init_timeo;
}

/// <summary>struct sctp_paddrinfo: packed, aligned(4); the address is a sockaddr_storage at offset 4.</summary>
[StructLayout(LayoutKind.Explicit, Size = 152)]
internal unsafe struct SctpPaddrInfo
{
    [FieldOffset(0)] public int spinfo_assoc_id;
    [FieldOffset(4)] public fixed byte spinfo_address[128];
    [FieldOffset(132)] public int spinfo_state;
    [FieldOffset(136)] public uint spinfo_cwnd;
    [FieldOffset(140)] public uint spinfo_srtt;
    [FieldOffset(144)] public uint spinfo_rto;
    [FieldOffset(148)] public uint spinfo_mtu;
}

/// <summary>struct sctp_status (SCTP_STATUS).</summary>
[StructLayout(LayoutKind.Explicit, Size = 176)]
internal struct SctpStatus
{
    [FieldOffset(0)] public int sstat_assoc_id;
    [FieldOffset(4)] public int sstat_state;
    [FieldOffset(8)] public uint sstat_rwnd;
    [FieldOffset(12)] public ushort sstat_unackdata;
    [FieldOffset(14)] public ushort sstat_penddata;
    [FieldOffset(16)] public ushort sstat_instrms;
    [FieldOffset(18)] public ushort sstat_outstrms;
    [FieldOffset(20)] public uint sstat_fragmentation_point;
    [FieldOffset(24)] public SctpPaddrInfo sstat_primary;
}

/// <summary>struct sctp_getaddrs header (SCTP_GET_PEER_ADDRS, SCTP_GET_LOCAL_ADDRS); packed sockaddrs follow.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpGetAddrs
{
    public int assoc_id;
    public uint addr_num;
}

/// <summary>struct sctp_getaddrs_old (SCTP_SOCKOPT_CONNECTX3): the kernel writes the new association id back.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SctpGetAddrsOld
{
    public int assoc_id;
    public int addr_num;
    public byte* addrs;
}

/// <summary>sctp_peeloff_arg_t (SCTP_SOCKOPT_PEELOFF).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpPeeloffArg
{
    public int associd;
    public int sd;
}

/// <summary>sctp_peeloff_flags_arg_t (SCTP_SOCKOPT_PEELOFF_FLAGS).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpPeeloffFlagsArg
{
    public SctpPeeloffArg p_arg;
    public uint flags;
}

/// <summary>struct sctp_sndrcvinfo: used as SCTP_SNDRCV ancillary data to send SCTP_EOF/SCTP_ABORT to one association.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpSndRcvInfo
{
    public ushort sinfo_stream;
    public ushort sinfo_ssn;
    public ushort sinfo_flags;
    public uint sinfo_ppid;
    public uint sinfo_context;
    public uint sinfo_timetolive;
    public uint sinfo_tsn;
    public uint sinfo_cumtsn;
    public int sinfo_assoc_id;
}

/// <summary>struct sctp_sndinfo (SCTP_SNDINFO ancillary data).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpSndInfo
{
    public ushort snd_sid;
    public ushort snd_flags;
    public uint snd_ppid;
    public uint snd_context;
    public int snd_assoc_id;
}

/// <summary>struct sctp_assoc_ids header (SCTP_GET_ASSOC_ID_LIST); the ids follow.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpAssocIds
{
    public uint gaids_number_of_ids;
}

/// <summary>struct sctp_rtoinfo (SCTP_RTOINFO), milliseconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpRtoInfo
{
    public int srto_assoc_id;
    public uint srto_initial;
    public uint srto_max;
    public uint srto_min;
}

/// <summary>struct sctp_assocparams (SCTP_ASSOCINFO).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpAssocParams
{
    public int sasoc_assoc_id;
    public ushort sasoc_asocmaxrxt;
    public ushort sasoc_number_peer_destinations;
    public uint sasoc_peer_rwnd;
    public uint sasoc_local_rwnd;
    public uint sasoc_cookie_life;
}

/// <summary>struct sctp_assoc_value: the association id and one value (SCTP_MAXSEG, SCTP_MAX_BURST, SCTP_*_SUPPORTED...).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpAssocValue
{
    public int assoc_id;
    public uint assoc_value;
}

/// <summary>struct sctp_sack_info (SCTP_DELAYED_SACK).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpSackInfo
{
    public int sack_assoc_id;
    public uint sack_delay;
    public uint sack_freq;
}

/// <summary>struct sctp_paddrparams (SCTP_PEER_ADDR_PARAMS): packed, aligned(4). An all-zero address means the association (or endpoint) as a whole.</summary>
[StructLayout(LayoutKind.Explicit, Size = 156)]
internal unsafe struct SctpPaddrParams
{
    [FieldOffset(0)] public int spp_assoc_id;
    [FieldOffset(4)] public fixed byte spp_address[128];
    [FieldOffset(132)] public uint spp_hbinterval;
    [FieldOffset(136)] public ushort spp_pathmaxrxt;
    [FieldOffset(138)] public uint spp_pathmtu;
    [FieldOffset(142)] public uint spp_sackdelay;
    [FieldOffset(146)] public uint spp_flags;
    [FieldOffset(150)] public uint spp_ipv6_flowlabel;
    [FieldOffset(154)] public byte spp_dscp;
}

/// <summary>struct sctp_prim (SCTP_PRIMARY_ADDR) and struct sctp_setpeerprim (SCTP_SET_PEER_PRIMARY_ADDR): same layout, packed, aligned(4).</summary>
[StructLayout(LayoutKind.Explicit, Size = 132)]
internal unsafe struct SctpPrim
{
    [FieldOffset(0)] public int ssp_assoc_id;
    [FieldOffset(4)] public fixed byte ssp_addr[128];
}

/// <summary>struct sctp_assoc_stats (SCTP_GET_ASSOC_STATS); the kernel resets sas_maxrto when it is read.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct SctpAssocStats
{
    [FieldOffset(0)] public int sas_assoc_id;
    [FieldOffset(8)] public fixed byte sas_obs_rto_ipaddr[128];
    [FieldOffset(136)] public ulong sas_maxrto;
    [FieldOffset(144)] public ulong sas_isacks;
    [FieldOffset(152)] public ulong sas_osacks;
    [FieldOffset(160)] public ulong sas_opackets;
    [FieldOffset(168)] public ulong sas_ipackets;
    [FieldOffset(176)] public ulong sas_rtxchunks;
    [FieldOffset(184)] public ulong sas_outofseqtsns;
    [FieldOffset(192)] public ulong sas_idupchunks;
    [FieldOffset(200)] public ulong sas_gapcnt;
    [FieldOffset(208)] public ulong sas_ouodchunks;
    [FieldOffset(216)] public ulong sas_iuodchunks;
    [FieldOffset(224)] public ulong sas_oodchunks;
    [FieldOffset(232)] public ulong sas_iodchunks;
    [FieldOffset(240)] public ulong sas_octrlchunks;
    [FieldOffset(248)] public ulong sas_ictrlchunks;
}

/// <summary>struct sctp_rcvinfo (SCTP_RCVINFO ancillary data, with SCTP_RECVRCVINFO on).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpRcvInfo
{
    public ushort rcv_sid;
    public ushort rcv_ssn;
    public ushort rcv_flags;
    public uint rcv_ppid;
    public uint rcv_tsn;
    public uint rcv_cumtsn;
    public uint rcv_context;
    public int rcv_assoc_id;
}

/// <summary>struct sctp_prinfo (SCTP_PRINFO ancillary data): PR-SCTP policy and value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpPrInfo
{
    public ushort pr_policy;
    public uint pr_value;
}

/// <summary>struct sctp_event (SCTP_EVENT): one notification type on or off.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpEvent
{
    public int se_assoc_id;
    public ushort se_type;
    public byte se_on;
}

// Notifications (union sctp_notification): every one starts with type, flags, length.

[StructLayout(LayoutKind.Sequential)]
internal struct SctpAssocChange
{
    public ushort sac_type;
    public ushort sac_flags;
    public uint sac_length;
    public ushort sac_state;
    public ushort sac_error;
    public ushort sac_outbound_streams;
    public ushort sac_inbound_streams;
    public int sac_assoc_id;
}

/// <summary>struct sctp_paddr_change: packed, aligned(4); the address is a sockaddr_storage at offset 8.</summary>
[StructLayout(LayoutKind.Explicit, Size = 148)]
internal unsafe struct SctpPaddrChange
{
    [FieldOffset(0)] public ushort spc_type;
    [FieldOffset(2)] public ushort spc_flags;
    [FieldOffset(4)] public uint spc_length;
    [FieldOffset(8)] public fixed byte spc_aaddr[128];
    [FieldOffset(136)] public int spc_state;
    [FieldOffset(140)] public int spc_error;
    [FieldOffset(144)] public int spc_assoc_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SctpRemoteError
{
    public ushort sre_type;
    public ushort sre_flags;
    public uint sre_length;
    public ushort sre_error;   // big-endian cause code
    public int sre_assoc_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SctpSendFailedEvent
{
    public ushort ssf_type;
    public ushort ssf_flags;
    public uint ssf_length;
    public uint ssf_error;
    public SctpSndInfo ssfe_info;
    public int ssf_assoc_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SctpShutdownEvent
{
    public ushort sse_type;
    public ushort sse_flags;
    public uint sse_length;
    public int sse_assoc_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SctpAdaptationEvent
{
    public ushort sai_type;
    public ushort sai_flags;
    public uint sai_length;
    public uint sai_adaptation_ind;
    public int sai_assoc_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SctpPdapiEvent
{
    public ushort pdapi_type;
    public ushort pdapi_flags;
    public uint pdapi_length;
    public uint pdapi_indication;
    public int pdapi_assoc_id;
    public uint pdapi_stream;
    public uint pdapi_seq;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SctpStreamResetEvent
{
    public ushort strreset_type;
    public ushort strreset_flags;
    public uint strreset_length;
    public int strreset_assoc_id;
}

/// <summary>struct sctp_assoc_reset_event (SCTP_ASSOC_RESET_EVENT): the TSNs after an association reset (RFC 6525).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpAssocResetEvent
{
    public ushort assocreset_type;
    public ushort assocreset_flags;
    public uint assocreset_length;
    public int assocreset_assoc_id;
    public uint assocreset_local_tsn;
    public uint assocreset_remote_tsn;
}

/// <summary>struct sctp_stream_change_event (SCTP_STREAM_CHANGE_EVENT): streams added (RFC 6525).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpStreamChangeEvent
{
    public ushort strchange_type;
    public ushort strchange_flags;
    public uint strchange_length;
    public int strchange_assoc_id;
    public ushort strchange_instrms;
    public ushort strchange_outstrms;
}

/// <summary>struct sctp_reset_streams header (SCTP_RESET_STREAMS); srs_number_streams stream numbers follow (none: all).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpResetStreams
{
    public int srs_assoc_id;
    public ushort srs_flags;
    public ushort srs_number_streams;
}

/// <summary>struct sctp_add_streams (SCTP_ADD_STREAMS).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SctpAddStreams
{
    public int sas_assoc_id;
    public ushort sas_instrms;
    public ushort sas_outstrms;
}
