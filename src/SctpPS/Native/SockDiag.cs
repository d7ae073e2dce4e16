using System.Runtime.InteropServices;

namespace SctpPS.Native;

// sock_diag over netlink (linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h) and the
// struct sctp_info that sctp_diag attaches (linux/sctp.h): how `ss -S` lists associations.

internal static class SockDiag
{
    public const int AF_NETLINK = 16;
    public const int NETLINK_SOCK_DIAG = 4;
    public const ushort SOCK_DIAG_BY_FAMILY = 20;
    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_DUMP = 0x300;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;

    // rtattr types after struct inet_diag_msg (enum in linux/inet_diag.h).
    public const ushort INET_DIAG_INFO = 2;
    public const ushort INET_DIAG_LOCALS = 12;
    public const ushort INET_DIAG_PEERS = 13;

    public static int Align(int length) => (length + 3) & ~3; // NLMSG_ALIGN and RTA_ALIGN
}

[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgHdr
{
    public uint nlmsg_len;
    public ushort nlmsg_type;
    public ushort nlmsg_flags;
    public uint nlmsg_seq;
    public uint nlmsg_pid;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct InetDiagSockId
{
    public ushort idiag_sport;   // big-endian
    public ushort idiag_dport;   // big-endian
    public fixed uint idiag_src[4];
    public fixed uint idiag_dst[4];
    public uint idiag_if;
    public fixed uint idiag_cookie[2];
}

[StructLayout(LayoutKind.Sequential)]
internal struct InetDiagReqV2
{
    public byte sdiag_family;
    public byte sdiag_protocol;
    public byte idiag_ext;
    public byte pad;
    public uint idiag_states;
    public InetDiagSockId id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct InetDiagMsg
{
    public byte idiag_family;
    public byte idiag_state;
    public byte idiag_timer;
    public byte idiag_retrans;
    public InetDiagSockId id;
    public uint idiag_expires;
    public uint idiag_rqueue;
    public uint idiag_wqueue;
    public uint idiag_uid;
    public uint idiag_inode;
}

/// <summary>struct sctp_info (INET_DIAG_INFO of sctp_diag): the association and its primary path.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SctpInfo
{
    public uint sctpi_tag;
    public uint sctpi_state;
    public uint sctpi_rwnd;
    public ushort sctpi_unackdata;
    public ushort sctpi_penddata;
    public ushort sctpi_instrms;
    public ushort sctpi_outstrms;
    public uint sctpi_fragmentation_point;
    public uint sctpi_inqueue;
    public uint sctpi_outqueue;
    public uint sctpi_overall_error;
    public uint sctpi_max_burst;
    public uint sctpi_maxseg;
    public uint sctpi_peer_rwnd;
    public uint sctpi_peer_tag;
    public byte sctpi_peer_capable;
    public byte sctpi_peer_sack;
    public ushort __reserved1;
    public ulong sctpi_isacks;
    public ulong sctpi_osacks;
    public ulong sctpi_opackets;
    public ulong sctpi_ipackets;
    public ulong sctpi_rtxchunks;
    public ulong sctpi_outofseqtsns;
    public ulong sctpi_idupchunks;
    public ulong sctpi_gapcnt;
    public ulong sctpi_ouodchunks;
    public ulong sctpi_iuodchunks;
    public ulong sctpi_oodchunks;
    public ulong sctpi_iodchunks;
    public ulong sctpi_octrlchunks;
    public ulong sctpi_ictrlchunks;
    public fixed byte sctpi_p_address[128];
    public int sctpi_p_state;
    public uint sctpi_p_cwnd;
    public uint sctpi_p_srtt;
    public uint sctpi_p_rto;
    public uint sctpi_p_hbinterval;
    public uint sctpi_p_pathmaxrxt;
    public uint sctpi_p_sackdelay;
    public uint sctpi_p_sackfreq;
    public uint sctpi_p_ssthresh;
    public uint sctpi_p_partial_bytes_acked;
    public uint sctpi_p_flight_size;
    public ushort sctpi_p_error;
    public ushort __reserved2;
    public uint sctpi_s_autoclose;
    public uint sctpi_s_adaptation_ind;
    public uint sctpi_s_pd_point;
    public byte sctpi_s_nodelay;
    public byte sctpi_s_disable_fragments;
    public byte sctpi_s_v4mapped;
    public byte sctpi_s_frag_interleave;
    public uint sctpi_s_type;
    public uint __reserved3;
}
