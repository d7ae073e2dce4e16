using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using SctpPS.Native;
using static SctpPS.Native.SockDiag;

namespace SctpPS;

/// <summary>
/// Every SCTP association on the host from the kernel's sctp_diag module, over a
/// NETLINK_SOCK_DIAG socket, as `ss -S` asks for it: addresses, state, owner, and
/// the primary path's transport state (struct sctp_info).
/// </summary>
internal static class SctpDiag
{
    /// <summary>Whether the sctp_diag module is loaded (otherwise the dump answers ENOENT).</summary>
    public static bool IsLoaded => Directory.Exists(ModuleFolder);

    /// <summary>Settable by tests only: stands in for a host without the module.</summary>
    internal static string ModuleFolder { get; set; } = "/sys/module/sctp_diag";

    public static unsafe List<SctpAssociation> Read()
    {
        int fd = Libc.socket(AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0) throw SctpException.FromLastError("socket(AF_NETLINK, NETLINK_SOCK_DIAG)");
        try
        {
            var result = new List<SctpAssociation>();
            uint seq = 1;
            foreach (byte family in new[] { (byte)Libc.AF_INET, (byte)Libc.AF_INET6 })
                Dump(fd, family, seq++, uint.MaxValue, message => { if (Parse(message) is { } association) result.Add(association); });
            return result;
        }
        finally
        {
            Libc.close(fd);
        }
    }

    /// <summary>Handles one inet_diag_msg and its attributes.</summary>
    private delegate void MessageHandler(ReadOnlySpan<byte> message);

    /// <summary>
    /// One SOCK_DIAG_BY_FAMILY dump. <paramref name="states"/> as ss passes it: with the TCP_LISTEN
    /// bit sctp_diag walks its endpoint table (every listening socket), with other bits the
    /// associations, each socket's own record (no peers) before its associations.
    /// </summary>
    private static unsafe void Dump(int fd, byte family, uint seq, uint states, MessageHandler handle)
    {
        var request = new DumpRequest
        {
            Header = new NlMsgHdr
            {
                nlmsg_len = (uint)sizeof(DumpRequest),
                nlmsg_type = SOCK_DIAG_BY_FAMILY,
                nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
                nlmsg_seq = seq,
            },
            Body = new InetDiagReqV2
            {
                sdiag_family = family,
                sdiag_protocol = SctpConstants.IPPROTO_SCTP,
                idiag_ext = 1 << (INET_DIAG_INFO - 1),
                idiag_states = states,
            },
        };
        if (Libc.send(fd, &request, (nuint)sizeof(DumpRequest), 0) < 0)
            throw SctpException.FromLastError("sock_diag request");

        var buffer = new byte[64 * 1024];
        while (true)
        {
            nint received;
            fixed (byte* p = buffer)
                received = Libc.recv(fd, p, (nuint)buffer.Length, 0);
            if (received < 0)
            {
                if (Libc.LastErrno == Errno.EINTR) continue;
                throw SctpException.FromLastError("sock_diag reply");
            }
            var span = buffer.AsSpan(0, (int)received);
            while (span.Length >= sizeof(NlMsgHdr))
            {
                var header = MemoryMarshal.Read<NlMsgHdr>(span);
                if (header.nlmsg_len < sizeof(NlMsgHdr) || header.nlmsg_len > span.Length) return;
                var message = span[sizeof(NlMsgHdr)..(int)header.nlmsg_len];
                switch (header.nlmsg_type)
                {
                    case NLMSG_DONE:
                        return;
                    case NLMSG_ERROR:
                        var errno = (Errno)(-BinaryPrimitives.ReadInt32LittleEndian(message));
                        if (errno == Errno.None) break;
                        throw new SctpException(errno, "sock_diag",
                            $"sctp_diag refused the dump: {errno.Format()}{(errno == Errno.ENOENT ? " (is the sctp_diag module loaded? 'modprobe sctp_diag')" : "")}.");
                    default:
                        handle(message);
                        break;
                }
                span = span[Math.Min(Align((int)header.nlmsg_len), span.Length)..];
            }
        }
    }

    /// <summary>One inet_diag_msg and its attributes; null for an endpoint (no peers: a listening socket).</summary>
    private static unsafe SctpAssociation? Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < sizeof(InetDiagMsg)) return null;
        var msg = MemoryMarshal.Read<InetDiagMsg>(message);
        List<IPEndPoint>? locals = null, peers = null;
        SctpInfo info = default;
        bool hasInfo = false;
        var attributes = new AttributeReader(message[Align(sizeof(InetDiagMsg))..]);
        while (attributes.MoveNext())
        {
            var payload = attributes.Payload;
            switch (attributes.Type)
            {
                case INET_DIAG_LOCALS: locals = ReadStorageArray(payload); break;
                case INET_DIAG_PEERS: peers = ReadStorageArray(payload); break;
                case INET_DIAG_INFO:
                    // An older kernel may send a shorter struct: copy what there is.
                    var target = MemoryMarshal.AsBytes(new Span<SctpInfo>(ref info));
                    payload[..Math.Min(payload.Length, target.Length)].CopyTo(target);
                    hasInfo = true;
                    break;
            }
        }
        if (peers is null) return null;

        IPEndPoint? primary = hasInfo ? SockAddr.Read(new ReadOnlySpan<byte>(info.sctpi_p_address, 128), out _) : null;
        var primaryPath = new SctpPath
        {
            PeerAddress = primary is null ? "" : SctpAddressText.Format(primary.Address), Port = primary?.Port ?? 0, IsPrimary = true,
            State = (SctpPathState)info.sctpi_p_state, Cwnd = info.sctpi_p_cwnd, Srtt = info.sctpi_p_srtt, Rto = info.sctpi_p_rto,
            HeartbeatIntervalMs = hasInfo ? info.sctpi_p_hbinterval : null,
            PathMaxRetransmits = hasInfo ? (int)info.sctpi_p_pathmaxrxt : null,
        };
        return new SctpAssociation
        {
            State = (SctpAssociationState)(msg.idiag_state + 1), // sctp_diag reports the kernel's internal state
            Uid = msg.idiag_uid,
            Inode = msg.idiag_inode,
            LocalPort = BinaryPrimitives.ReverseEndianness(msg.id.idiag_sport),
            RemotePort = BinaryPrimitives.ReverseEndianness(msg.id.idiag_dport),
            LocalAddresses = SctpAddressText.List((locals ?? new List<IPEndPoint>()).Select(e => e.Address)),
            PeerAddresses = SctpAddressText.List(peers.Select(e => e.Address)),
            PrimaryPeerAddress = primary is null ? null : SctpAddressText.Format(primary.Address),
            InboundStreams = info.sctpi_instrms,
            OutboundStreams = info.sctpi_outstrms,
            ReceiveWindow = info.sctpi_peer_rwnd,
            UnackedChunks = info.sctpi_unackdata,
            PendingChunks = info.sctpi_penddata,
            FragmentationPoint = info.sctpi_fragmentation_point,
            // sctp_info describes the primary path only; the others' state is not in the dump.
            Paths = new SctpList<SctpPath>(peers.Select(p => primary is not null && p.Address.Equals(primary.Address)
                ? primaryPath
                : new SctpPath { PeerAddress = SctpAddressText.Format(p.Address), Port = p.Port, State = SctpPathState.Unknown }).ToList()),
            Statistics = hasInfo ? new SctpAssociationStatistics
            {
                SacksReceived = info.sctpi_isacks, SacksSent = info.sctpi_osacks,
                PacketsSent = info.sctpi_opackets, PacketsReceived = info.sctpi_ipackets,
                RetransmittedChunks = info.sctpi_rtxchunks, OutOfSequenceTsns = info.sctpi_outofseqtsns,
                DuplicateChunksReceived = info.sctpi_idupchunks, GapAcksReceived = info.sctpi_gapcnt,
                UnorderedChunksSent = info.sctpi_ouodchunks, UnorderedChunksReceived = info.sctpi_iuodchunks,
                OrderedChunksSent = info.sctpi_oodchunks, OrderedChunksReceived = info.sctpi_iodchunks,
                ControlChunksSent = info.sctpi_octrlchunks, ControlChunksReceived = info.sctpi_ictrlchunks,
            } : null,
            Source = "sctp_diag",
        };
    }

    /// <summary>
    /// Every socket sctp_diag knows: the listening ones (its endpoint table) and those that carry
    /// associations, each once, with how many associations it carries.
    /// </summary>
    public static List<SctpEndpointRecord> ReadEndpoints()
    {
        int fd = Libc.socket(AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0) throw SctpException.FromLastError("socket(AF_NETLINK, NETLINK_SOCK_DIAG)");
        try
        {
            var byInode = new Dictionary<ulong, SctpEndpointRecord>();
            var order = new List<ulong>();
            uint seq = 1;
            foreach (byte family in new[] { (byte)Libc.AF_INET, (byte)Libc.AF_INET6 })
                Dump(fd, family, seq++, uint.MaxValue, message =>
                {
                    if (ParseEndpoint(message, family) is not { } record) return;
                    if (byInode.TryGetValue(record.Inode, out var known))
                    {
                        // The listener table and the association walk both name a listening socket
                        // with associations: one endpoint, counting its associations.
                        if (record.IsAssociation) known.Associations++;
                        return;
                    }
                    if (record.IsAssociation) record.Associations = 1; // (its own record normally comes first)
                    byInode[record.Inode] = record;
                    order.Add(record.Inode);
                });
            return order.Select(i => byInode[i]).ToList();
        }
        finally
        {
            Libc.close(fd);
        }
    }

    /// <summary>An inet_diag_msg as an endpoint: the socket's port, state, owner and bound addresses (or an association's, flagged).</summary>
    private static unsafe SctpEndpointRecord? ParseEndpoint(ReadOnlySpan<byte> message, byte family)
    {
        if (message.Length < sizeof(InetDiagMsg)) return null;
        var msg = MemoryMarshal.Read<InetDiagMsg>(message);
        List<IPEndPoint>? locals = null;
        bool hasPeers = false;
        int? socketType = null;
        var attributes = new AttributeReader(message[Align(sizeof(InetDiagMsg))..]);
        while (attributes.MoveNext())
        {
            var payload = attributes.Payload;
            switch (attributes.Type)
            {
                case INET_DIAG_LOCALS: locals = ReadStorageArray(payload); break;
                case INET_DIAG_PEERS: hasPeers = true; break;
                case INET_DIAG_INFO:
                    int offset = (int)Marshal.OffsetOf<SctpInfo>(nameof(SctpInfo.sctpi_s_type));
                    if (payload.Length >= offset + 4) socketType = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]);
                    break;
            }
        }
        return new SctpEndpointRecord
        {
            Inode = msg.idiag_inode,
            Uid = msg.idiag_uid,
            LocalPort = BinaryPrimitives.ReverseEndianness(msg.id.idiag_sport),
            SocketState = msg.idiag_state,
            SocketType = socketType,
            Family = family,
            LocalAddresses = (locals ?? new List<IPEndPoint>()).Select(e => e.Address).ToList(),
            IsAssociation = hasPeers,
            // For a socket record sctp_diag reports the accept queue and the listen backlog here.
            AcceptQueue = hasPeers ? null : (int)msg.idiag_rqueue,
            Backlog = hasPeers ? null : (int)msg.idiag_wqueue,
        };
    }

    /// <summary>The attributes after an inet_diag_msg (struct rtattr: length, type, payload, 4-byte aligned), one by one.</summary>
    private ref struct AttributeReader(ReadOnlySpan<byte> attributes)
    {
        private ReadOnlySpan<byte> _rest = attributes;

        public ushort Type { get; private set; }
        public ReadOnlySpan<byte> Payload { get; private set; }

        public bool MoveNext()
        {
            if (_rest.Length < 4) return false;
            int length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
            if (length < 4 || length > _rest.Length) return false; // a truncated attribute ends the list
            Type = BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]);
            Payload = _rest[4..length];
            _rest = _rest[Math.Min(Align(length), _rest.Length)..];
            return true;
        }
    }

    /// <summary>INET_DIAG_LOCALS / INET_DIAG_PEERS: an array of struct sockaddr_storage.</summary>
    private static List<IPEndPoint> ReadStorageArray(ReadOnlySpan<byte> payload)
    {
        var list = new List<IPEndPoint>();
        for (int offset = 0; offset + 128 <= payload.Length; offset += 128)
            if (SockAddr.Read(payload.Slice(offset, 128), out _) is { } endPoint)
                list.Add(endPoint);
        return list;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DumpRequest
    {
        public NlMsgHdr Header;
        public InetDiagReqV2 Body;
    }
}
