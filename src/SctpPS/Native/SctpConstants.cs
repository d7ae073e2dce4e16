namespace SctpPS.Native;

/// <summary>Numbers from linux/sctp.h (uapi). Names keep the header's spelling so they can be grepped.</summary>
internal static class SctpConstants
{
    public const int IPPROTO_SCTP = 132;
    public const int SOL_SCTP = 132;

    // Socket options (getsockopt/setsockopt level SOL_SCTP).
    public const int SCTP_RTOINFO = 0;
    public const int SCTP_ASSOCINFO = 1;
    public const int SCTP_INITMSG = 2;
    public const int SCTP_NODELAY = 3;
    public const int SCTP_AUTOCLOSE = 4;
    public const int SCTP_SET_PEER_PRIMARY_ADDR = 5;
    public const int SCTP_PRIMARY_ADDR = 6;
    public const int SCTP_ADAPTATION_LAYER = 7;
    public const int SCTP_DISABLE_FRAGMENTS = 8;
    public const int SCTP_PEER_ADDR_PARAMS = 9;
    public const int SCTP_DEFAULT_SEND_PARAM = 10;
    public const int SCTP_I_WANT_MAPPED_V4_ADDR = 12;
    public const int SCTP_MAXSEG = 13;
    public const int SCTP_STATUS = 14;
    public const int SCTP_GET_PEER_ADDR_INFO = 15;
    public const int SCTP_DELAYED_SACK = 16;  // SCTP_DELAYED_ACK_TIME
    public const int SCTP_FRAGMENT_INTERLEAVE = 18;
    public const int SCTP_PARTIAL_DELIVERY_POINT = 19;
    public const int SCTP_MAX_BURST = 20;
    public const int SCTP_GET_ASSOC_NUMBER = 28;
    public const int SCTP_GET_ASSOC_ID_LIST = 29;
    public const int SCTP_RECVRCVINFO = 32;
    public const int SCTP_REUSE_PORT = 36;
    public const int SCTP_SOCKOPT_BINDX_ADD = 100;
    public const int SCTP_SOCKOPT_BINDX_REM = 101;
    public const int SCTP_SOCKOPT_PEELOFF = 102;
    public const int SCTP_SOCKOPT_CONNECTX_OLD = 107;
    public const int SCTP_GET_PEER_ADDRS = 108;
    public const int SCTP_GET_LOCAL_ADDRS = 109;
    public const int SCTP_SOCKOPT_CONNECTX = 110;
    public const int SCTP_SOCKOPT_CONNECTX3 = 111;
    public const int SCTP_GET_ASSOC_STATS = 112;
    public const int SCTP_PR_SUPPORTED = 113;
    public const int SCTP_RECONFIG_SUPPORTED = 117;
    // Stream reconfiguration (RFC 6525): which requests are allowed, and the three requests.
    public const int SCTP_ENABLE_STREAM_RESET = 118;
    public const int SCTP_RESET_STREAMS = 119;
    public const int SCTP_RESET_ASSOC = 120;
    public const int SCTP_ADD_STREAMS = 121;
    public const uint SCTP_ENABLE_RESET_STREAM_REQ = 0x01;
    public const uint SCTP_ENABLE_RESET_ASSOC_REQ = 0x02;
    public const uint SCTP_ENABLE_CHANGE_ASSOC_REQ = 0x04;
    public const ushort SCTP_STREAM_RESET_INCOMING = 0x01;
    public const ushort SCTP_STREAM_RESET_OUTGOING = 0x02;
    // assocreset_flags and strchange_flags of the notifications.
    public const ushort SCTP_ASSOC_RESET_DENIED = 0x0004;
    public const ushort SCTP_ASSOC_RESET_FAILED = 0x0008;
    public const ushort SCTP_STREAM_CHANGE_DENIED = 0x0004;
    public const ushort SCTP_STREAM_CHANGE_FAILED = 0x0008;
    public const int SCTP_SOCKOPT_PEELOFF_FLAGS = 122;
    public const int SCTP_INTERLEAVING_SUPPORTED = 125;
    public const int SCTP_EVENT = 127;
    public const int SCTP_ASCONF_SUPPORTED = 128;
    public const int SCTP_AUTH_SUPPORTED = 129;
    public const int SCTP_ECN_SUPPORTED = 130;

    // sctp_paddrparams spp_flags.
    public const uint SPP_HB_ENABLE = 1 << 0;
    public const uint SPP_HB_DISABLE = 1 << 1;
    public const uint SPP_HB_DEMAND = 1 << 2;   // send one HEARTBEAT on that path now
    public const uint SPP_PMTUD_ENABLE = 1 << 3;
    public const uint SPP_PMTUD_DISABLE = 1 << 4;
    public const uint SPP_HB_TIME_IS_ZERO = 1 << 7;

    // sctp_assoc_t values with a special meaning.
    public const int SCTP_FUTURE_ASSOC = 0;

    // sinfo_flags / snd_flags (enum sctp_sinfo_flags).
    public const ushort SCTP_UNORDERED = 0x0001;
    public const ushort SCTP_ABORT = 0x0004;
    public const ushort SCTP_EOF = 0x0200;   // MSG_FIN

    // ssf_flags of a send-failed notification (enum sctp_ssf_flags): SCTP_DATA_UNSENT is 0.
    public const ushort SCTP_DATA_SENT = 1;

    // Ancillary data types (enum sctp_cmsg_type).
    public const int SCTP_SNDRCV = 1;
    public const int SCTP_SNDINFO = 2;
    public const int SCTP_RCVINFO = 3;
    public const int SCTP_PRINFO = 5;
    public const int SCTP_DSTADDRV4 = 7;
    public const int SCTP_DSTADDRV6 = 8;

    public const ushort SCTP_PR_SCTP_TTL = 0x0010;

    // recvmsg msg_flags.
    public const int MSG_EOR = 0x80;
    public const int MSG_NOTIFICATION = 0x8000;

    // Association states as sctp_status reports them (enum sctp_sstat_state); the
    // kernel's internal enum sctp_state (sctp_diag, /proc) is one less.
    public const int SCTP_ESTABLISHED = 4;
}
