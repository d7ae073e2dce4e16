using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

// Associations on a socket: connect (sctp_connectx), wait/accept, list
// (SCTP_GET_ASSOC_ID_LIST, SCTP_STATUS), peel off (sctp_peeloff), shut down and abort.
public sealed partial class SctpSocket
{
    // How often a wait re-checks the kernel; short enough for Ctrl+C to feel instant.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Whether a wait of <paramref name="timeout"/> (InfiniteTimeSpan: no limit) has run out.</summary>
    private static bool Expired(Stopwatch clock, TimeSpan timeout) =>
        timeout != Timeout.InfiniteTimeSpan && clock.Elapsed >= timeout;

    // Associations already handed out by Connect or WaitForAssociation on this socket.
    private readonly HashSet<int> _announced = new();

    // One-to-one sockets: whether an association was ever up (so that its absence means it ended,
    // not that the socket was never connected), and how it ended as far as this socket saw.
    private volatile bool _everConnected;
    private volatile bool _abortedByPeer;
    private SctpCauseCode? _abortCause;

    /// <summary>The ids of the associations on this socket (one at most on a one-to-one socket).</summary>
    public int[] GetAssociationIds() => Use(GetAssociationIds);

    private static unsafe int[] GetAssociationIds(int fd)
    {
        int count;
        try
        {
            count = Sys.GetIntOption(fd, SOL_SCTP, SCTP_GET_ASSOC_NUMBER);
        }
        catch (SctpException e) when (e.Errno is Errno.EOPNOTSUPP or Errno.EINVAL)
        {
            // One-to-one (TCP-style) sockets have no id list: SCTP_STATUS names their one association.
            var status = new SctpStatus();
            return TryGetStatus(fd, 0, ref status) ? new[] { status.sstat_assoc_id } : Array.Empty<int>();
        }
        if (count == 0) return Array.Empty<int>();
        // Room for associations that come up between the two calls.
        var buffer = new byte[sizeof(SctpAssocIds) + sizeof(int) * (count + 64)];
        Sys.GetOption(fd, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, buffer);
        fixed (byte* p = buffer)
        {
            int n = (int)((SctpAssocIds*)p)->gaids_number_of_ids;
            return new ReadOnlySpan<int>(p + sizeof(SctpAssocIds), n).ToArray();
        }
    }

    /// <summary>A snapshot of every association on this socket.</summary>
    public IReadOnlyList<SctpAssociation> GetAssociations() =>
        Use(fd => GetAssociationIds(fd).Select(id => TryDescribe(fd, id)).OfType<SctpAssociation>().ToList());

    /// <summary>A snapshot of one association.</summary>
    /// <exception cref="SctpException">EINVAL: no such association on this socket.</exception>
    public SctpAssociation GetAssociation(int associationId) =>
        Use(fd => TryDescribe(fd, associationId)
                  ?? throw new SctpException(Errno.EINVAL, "SCTP_STATUS",
                         $"Socket {Id} has no association {associationId}: {Errno.EINVAL.Format()}."));

    private static bool TryGetStatus(int fd, int associationId, ref SctpStatus status)
    {
        status = new SctpStatus { sstat_assoc_id = associationId };
        try
        {
            Sys.GetOption(fd, SOL_SCTP, SCTP_STATUS, ref status);
            return true;
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            return false; // no such association (any more)
        }
    }

    private unsafe SctpAssociation? TryDescribe(int fd, int associationId)
    {
        var status = new SctpStatus();
        if (!TryGetStatus(fd, associationId, ref status)) return null;
        List<IPEndPoint> peers, locals;
        try
        {
            peers = GetAddresses(fd, SCTP_GET_PEER_ADDRS, associationId);
            locals = GetAddresses(fd, SCTP_GET_LOCAL_ADDRS, associationId);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            return null; // went away between the calls
        }
        var primary = SockAddr.Read(new ReadOnlySpan<byte>(status.sstat_primary.spinfo_address, 128), out _);
        int id = status.sstat_assoc_id;
        var paths = new SctpList<SctpPath>(peers.Select(peer => DescribePath(fd, id, peer, primary)).ToList());
        return new SctpAssociation
        {
            Id = status.sstat_assoc_id,
            Socket = this,
            State = (SctpAssociationState)status.sstat_state,
            LocalAddresses = SctpAddressText.List(locals.Select(e => e.Address)),
            LocalPort = locals.Count > 0 ? locals[0].Port : 0,
            PeerAddresses = SctpAddressText.List(peers.Select(e => e.Address)),
            RemotePort = peers.Count > 0 ? peers[0].Port : 0,
            PrimaryPeerAddress = primary is null ? null : SctpAddressText.Format(primary.Address),
            InboundStreams = status.sstat_instrms,
            OutboundStreams = status.sstat_outstrms,
            ReceiveWindow = status.sstat_rwnd,
            UnackedChunks = status.sstat_unackdata,
            PendingChunks = status.sstat_penddata,
            FragmentationPoint = status.sstat_fragmentation_point,
            Paths = paths,
            Statistics = TryGetStatistics(fd, status.sstat_assoc_id),
        };
    }

    private unsafe SctpPath DescribePath(int fd, int associationId, IPEndPoint peer, IPEndPoint? primary)
    {
        var info = new SctpPaddrInfo { spinfo_assoc_id = associationId };
        SockAddr.Write(new Span<byte>(info.spinfo_address, 128), peer);
        var parameters = new SctpPaddrParams { spp_assoc_id = associationId };
        SockAddr.Write(new Span<byte>(parameters.spp_address, 128), peer);
        try
        {
            Sys.GetOption(fd, SOL_SCTP, SCTP_GET_PEER_ADDR_INFO, ref info);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            info.spinfo_state = (int)SctpPathState.Unknown; // path removed meanwhile
        }
        bool known = true;
        try
        {
            Sys.GetOption(fd, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, ref parameters);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            known = false; // path removed meanwhile: its heartbeat settings are unknown
        }
        return new SctpPath
        {
            AssociationId = associationId,
            Socket = this,
            PeerAddress = SctpAddressText.Format(peer.Address),
            Port = peer.Port,
            State = (SctpPathState)info.spinfo_state,
            IsPrimary = primary is not null && primary.Address.Equals(peer.Address),
            Cwnd = info.spinfo_cwnd,
            Srtt = info.spinfo_srtt,
            Rto = info.spinfo_rto,
            Mtu = info.spinfo_mtu,
            HeartbeatIntervalMs = known ? parameters.spp_hbinterval : null,
            HeartbeatEnabled = known ? (parameters.spp_flags & SPP_HB_ENABLE) != 0 : null,
            PathMaxRetransmits = known ? parameters.spp_pathmaxrxt : null,
        };
    }

    /// <summary>SCTP_GET_ASSOC_STATS; null if the association went away meanwhile.</summary>
    private static unsafe SctpAssociationStatistics? TryGetStatistics(int fd, int associationId)
    {
        var stats = new SctpAssocStats { sas_assoc_id = associationId };
        try
        {
            Sys.GetOption(fd, SOL_SCTP, SCTP_GET_ASSOC_STATS, ref stats);
        }
        catch (SctpException e) when (e.Errno is Errno.EINVAL or Errno.ENOPROTOOPT)
        {
            return null;
        }
        return new SctpAssociationStatistics
        {
            MaxObservedRtoMs = stats.sas_maxrto,
            MaxObservedRtoAddress = SockAddr.Read(new ReadOnlySpan<byte>(stats.sas_obs_rto_ipaddr, 128), out _) is { } rto ? SctpAddressText.Format(rto.Address) : null,
            SacksReceived = stats.sas_isacks, SacksSent = stats.sas_osacks,
            PacketsSent = stats.sas_opackets, PacketsReceived = stats.sas_ipackets,
            RetransmittedChunks = stats.sas_rtxchunks, OutOfSequenceTsns = stats.sas_outofseqtsns,
            DuplicateChunksReceived = stats.sas_idupchunks, GapAcksReceived = stats.sas_gapcnt,
            UnorderedChunksSent = stats.sas_ouodchunks, UnorderedChunksReceived = stats.sas_iuodchunks,
            OrderedChunksSent = stats.sas_oodchunks, OrderedChunksReceived = stats.sas_iodchunks,
            ControlChunksSent = stats.sas_octrlchunks, ControlChunksReceived = stats.sas_ictrlchunks,
        };
    }

    /// <summary>
    /// sctp_connectx(3): sets up one association to a peer known by several addresses,
    /// and waits until it is established, fails, times out or is cancelled.
    /// </summary>
    /// <exception cref="SctpException">ECONNREFUSED, ETIMEDOUT (INIT retransmissions ran out), EISCONN, ...</exception>
    /// <exception cref="SctpTimeoutException"><paramref name="timeout"/> passed first; the attempt is abandoned.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the attempt is abandoned.</exception>
    /// <param name="progress">Told what happens while the association is set up (for -Verbose), or null.</param>
    public unsafe SctpAssociation Connect(IReadOnlyList<IPEndPoint> remotes, TimeSpan timeout, CancellationToken cancellation = default,
                                          Action<string>? progress = null)
    {
        if (remotes.Count == 0) throw new ArgumentException("At least one remote address is needed.", nameof(remotes));
        string peer = string.Join(", ", remotes.Select(r => SctpAddressText.Format(r)));
        CheckRoutes(remotes, peer);
        var clock = Stopwatch.StartNew();
        int associationId = StartConnect(remotes);

        uint rtoInitialMs = Use(fd => { var rto = new SctpRtoInfo(); Sys.GetOption(fd, SOL_SCTP, SCTP_RTOINFO, ref rto); return rto.srto_initial; });
        progress?.Invoke($"INIT sent to {peer} (sctp_connectx, association {associationId}); RTO.Initial {rtoInitialMs} ms.");
        // The kernel retransmits an unanswered INIT after RTO.Initial, then at doubling intervals.
        long nextRetransmitMs = rtoInitialMs, interval = rtoInitialMs;
        while (true)
        {
            int? established = Style == SctpSocketStyle.OneToOne
                ? PollOneToOneConnect(peer)
                : PollOneToManyConnect(associationId, peer, clock.ElapsedMilliseconds < rtoInitialMs);
            if (established is int id)
            {
                lock (_announced) _announced.Add(id);
                _everConnected = true;
                var association = GetAssociation(id);
                progress?.Invoke($"Association {id} established in {clock.ElapsedMilliseconds} ms: {association.InboundStreams} inbound / {association.OutboundStreams} outbound streams, peer addresses {string.Join(", ", association.PeerAddresses.Select(a => a.ToString()))} (primary {association.PrimaryPeerAddress}).");
                return association;
            }
            if (progress is not null && clock.ElapsedMilliseconds >= nextRetransmitMs)
            {
                progress($"No INIT ACK after {clock.ElapsedMilliseconds} ms: the kernel retransmits the INIT (next wait about {interval * 2} ms).");
                interval *= 2;
                nextRetransmitMs += interval;
            }
            if (cancellation.IsCancellationRequested || Expired(clock, timeout))
            {
                Abandon(associationId);
                cancellation.ThrowIfCancellationRequested();
                throw new SctpTimeoutException("sctp_connectx",
                    $"Cannot connect to {peer}: no association within {timeout.TotalSeconds:0.###} s ({Errno.ETIMEDOUT.Format()}); the attempt was abandoned.");
            }
            cancellation.WaitHandle.WaitOne(PollInterval);
        }
    }

    /// <summary>
    /// Sends the INIT (sctp_connectx(3)) and returns the new association's id at once; the kernel goes
    /// on setting it up. Non-blocking for the call itself, whatever the socket is, so that a caller can
    /// wait its own way (Connect honours timeout and cancellation; a probe times COMM_UP).
    /// </summary>
    internal int StartConnect(IReadOnlyList<IPEndPoint> remotes)
    {
        var packed = SockAddr.Pack(remotes);
        return Use(fd =>
        {
            bool wasBlocking = !Sys.IsNonBlocking(fd);
            if (wasBlocking) Sys.SetNonBlocking(fd, true);
            try
            {
                return StartConnect(fd, packed);
            }
            finally
            {
                if (wasBlocking) Sys.SetNonBlocking(fd, false);
            }
        });
    }

    /// <summary>Tests set this to take the path of kernels without SCTP_SOCKOPT_CONNECTX3.</summary>
    internal static bool ForceLegacyConnectx { get; set; }

    /// <summary>
    /// sctp_connectx(3) as lksctp does it: getsockopt SCTP_SOCKOPT_CONNECTX3, which reports the new
    /// association id even with EINPROGRESS; on kernels without it (ENOPROTOOPT), setsockopt
    /// SCTP_SOCKOPT_CONNECTX, whose positive return is the id (when it completes at once), else the
    /// id is the one that appeared in the socket's list.
    /// </summary>
    private unsafe int StartConnect(int fd, byte[] packed)
    {
        fixed (byte* p = packed)
        {
            if (!ForceLegacyConnectx)
            {
                // addr_num is the packed list's size in bytes, as lksctp's sctp_connectx passes it.
                var arg = new SctpGetAddrsOld { assoc_id = 0, addr_num = packed.Length, addrs = p };
                uint length = (uint)sizeof(SctpGetAddrsOld);
                if (Libc.getsockopt(fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX3, &arg, ref length) >= 0 || Libc.LastErrno == Errno.EINPROGRESS)
                    return arg.assoc_id;
                if (Libc.LastErrno != Errno.ENOPROTOOPT)
                    throw SctpException.FromLastError("SCTP_SOCKOPT_CONNECTX3");
            }
            var before = GetAssociationIds(fd);
            int rc = Libc.setsockopt(fd, SOL_SCTP, SCTP_SOCKOPT_CONNECTX, p, (uint)packed.Length);
            if (rc > 0) return rc;
            if (rc < 0 && Libc.LastErrno != Errno.EINPROGRESS)
                throw SctpException.FromLastError("SCTP_SOCKOPT_CONNECTX");
            return GetAssociationIds(fd).Except(before).FirstOrDefault();
        }
    }

    /// <summary>
    /// One-to-one: the kernel keeps a failure in SO_ERROR (as for TCP), and SCTP_STATUS
    /// answers only once the association is established.
    /// </summary>
    private int? PollOneToOneConnect(string peer)
    {
        var errno = (Errno)Use(fd => Sys.GetIntOption(fd, Libc.SOL_SOCKET, Libc.SO_ERROR));
        if (errno != Errno.None)
            throw new SctpException(errno, "sctp_connectx", $"Cannot connect to {peer}: {errno.Format()}.");
        var status = new SctpStatus();
        return Use(fd => TryGetStatus(fd, 0, ref status)) && status.sstat_state == SCTP_ESTABLISHED ? status.sstat_assoc_id : null;
    }

    /// <summary>
    /// One-to-many: no SO_ERROR is kept, so an attempt that vanishes early was refused
    /// (an ABORT came back before the first INIT retransmission), and a late one ran out
    /// of INIT retransmissions.
    /// </summary>
    private int? PollOneToManyConnect(int associationId, string peer, bool beforeFirstRetransmission)
    {
        var status = new SctpStatus();
        if (!Use(fd => TryGetStatus(fd, associationId, ref status)))
        {
            var errno = beforeFirstRetransmission ? Errno.ECONNREFUSED : Errno.ETIMEDOUT;
            throw new SctpException(errno, "sctp_connectx", $"Cannot connect to {peer}: {errno.Format()}.");
        }
        return status.sstat_state == SCTP_ESTABLISHED ? associationId : null;
    }

    /// <summary>
    /// SCTP's connect never reports a missing route (the INIT is silently not sent), so ask the
    /// routing table the cheap way: connect(2) of a UDP socket looks the route up and sends nothing.
    /// Fails only when no remote address has a route.
    /// </summary>
    /// <exception cref="SctpException">ENETUNREACH or EHOSTUNREACH, naming <paramref name="peer"/>.</exception>
    internal static void CheckRoutes(IReadOnlyList<IPEndPoint> remotes, string peer)
    {
        SocketException? last = null;
        foreach (var remote in remotes)
        {
            try
            {
                using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                probe.Connect(remote);
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.NetworkUnreachable or SocketError.HostUnreachable)
            {
                last = e;
            }
            catch (SocketException)
            {
                return; // any other answer (no IPv6, blackhole...) is left to the kernel's SCTP
            }
        }
        if (last is not null)
        {
            var errno = last.SocketErrorCode == SocketError.HostUnreachable ? Errno.EHOSTUNREACH : Errno.ENETUNREACH;
            throw new SctpException(errno, "sctp_connectx", $"Cannot connect to {peer}: {errno.Format()}.");
        }
    }

    /// <summary>Drops an association attempt that is not wanted any more.</summary>
    private void Abandon(int associationId)
    {
        try
        {
            if (Style == SctpSocketStyle.OneToOne)
                // A one-to-one socket cannot address an association that is not up yet; SHUTDOWN
                // in COOKIE-WAIT deletes it (sctp_sf_cookie_wait_prm_shutdown).
                Use(fd => Libc.shutdown(fd, Libc.SHUT_WR));
            else
                Abort(associationId);
        }
        catch (SctpException) { /* already gone */ }
        catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// Waits for a peer to bring up an association on this one-to-many socket, and
    /// returns the first established one not handed out before by Connect or this method.
    /// </summary>
    public SctpAssociation WaitForAssociation(TimeSpan timeout, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var id in GetAssociationIds())
            {
                lock (_announced)
                    if (_announced.Contains(id)) continue;
                var association = Use(fd => TryDescribe(fd, id));
                if (association?.State == SctpAssociationState.Established)
                {
                    lock (_announced) _announced.Add(id);
                    return association;
                }
            }
            cancellation.ThrowIfCancellationRequested();
            if (Expired(clock, timeout))
                throw new SctpTimeoutException("wait", $"No new association on socket {Id} within {timeout.TotalSeconds:0.###} s ({Errno.ETIMEDOUT.Format()}).");
            cancellation.WaitHandle.WaitOne(PollInterval);
        }
    }

    /// <summary>accept(2) on a listening one-to-one socket, honouring timeout and cancellation. The new socket is close-on-exec.</summary>
    public unsafe SctpSocket Accept(TimeSpan timeout, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (Expired(clock, timeout))
                throw new SctpTimeoutException("accept", $"No peer connected to socket {Id} within {timeout.TotalSeconds:0.###} s ({Errno.ETIMEDOUT.Format()}).");
            var left = timeout == Timeout.InfiniteTimeSpan ? PollInterval : timeout - clock.Elapsed;
            int wait = (int)Math.Clamp(left.TotalMilliseconds, 1, PollInterval.TotalMilliseconds);
            int accepted = Use(fd =>
            {
                if ((Sys.Poll(fd, Libc.POLLIN, wait) & Libc.POLLIN) == 0) return -1;
                int newFd = Libc.accept4(fd, null, null, Libc.SOCK_CLOEXEC);
                if (newFd < 0 && Libc.LastErrno is not (Errno.EAGAIN or Errno.ECONNABORTED))
                    throw SctpException.FromLastError("accept");
                return newFd;
            });
            if (accepted >= 0)
                return Adopt(accepted, SctpSocketStyle.OneToOne, _family, connected: true);
        }
    }

    /// <summary>
    /// sctp_peeloff(3) / sctp_peeloff_flags: branches association <paramref name="associationId"/>
    /// off this one-to-many socket into a new one-to-one socket of its own.
    /// </summary>
    public SctpSocket PeelOff(int associationId, bool nonBlocking = false, bool inheritable = false)
    {
        int newFd = Use(fd => PeelOffDescriptor(fd, associationId, nonBlocking, inheritable));
        lock (_announced) _announced.Remove(associationId);
        return Adopt(newFd, SctpSocketStyle.OneToOne, _family, this, associationId, connected: true);
    }

    /// <summary>
    /// sctp_peeloff on a descriptor this process did not create through SctpPS (inherited,
    /// systemd socket activation). The descriptor itself stays the caller's.
    /// </summary>
    public static SctpSocket PeelOff(int fileDescriptor, int associationId, bool nonBlocking = false, bool inheritable = false)
    {
        if (Libc.fcntl(fileDescriptor, Libc.F_GETFD, 0) < 0)
            throw new SctpException(Libc.LastErrno, "fcntl(F_GETFD)", $"Descriptor {fileDescriptor} is not open: {Libc.LastErrno.Format()}.");
        int protocol;
        try
        {
            protocol = Sys.GetIntOption(fileDescriptor, Libc.SOL_SOCKET, Libc.SO_PROTOCOL);
        }
        catch (SctpException e) when (e.Errno == Errno.ENOTSOCK)
        {
            throw new SctpException(e.Errno, e.Operation, $"Descriptor {fileDescriptor} is not a socket: {e.Errno.Format()}.");
        }
        if (protocol != IPPROTO_SCTP)
            throw new SctpNotSctpSocketException(fileDescriptor, protocol);
        int domain = Sys.GetIntOption(fileDescriptor, Libc.SOL_SOCKET, Libc.SO_DOMAIN);
        int newFd = PeelOffDescriptor(fileDescriptor, associationId, nonBlocking, inheritable);
        var family = domain == Libc.AF_INET6 ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork;
        return Adopt(newFd, SctpSocketStyle.OneToOne, family, associationId: associationId, connected: true);
    }

    /// <summary>The style of a descriptor as the kernel reports it (SO_TYPE); a peeled-off socket reads as one-to-many.</summary>
    public static SctpSocketStyle StyleOf(int fileDescriptor) =>
        Sys.GetIntOption(fileDescriptor, Libc.SOL_SOCKET, Libc.SO_TYPE) == Libc.SOCK_STREAM ? SctpSocketStyle.OneToOne : SctpSocketStyle.OneToMany;

    private static int PeelOffDescriptor(int fd, int associationId, bool nonBlocking, bool inheritable)
    {
        // The kernel moves the association to a new socket before it looks for a free descriptor,
        // and on EMFILE/ENFILE releases that socket, destroying the association. Make sure a
        // descriptor is free first, so that running out of them costs nothing.
        int spare = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 0);
        if (spare < 0)
            throw new SctpException(Libc.LastErrno, "sctp_peeloff",
                $"No descriptor is free for the new socket: {Libc.LastErrno.Format()}. The association stays on its socket.");
        Libc.close(spare);

        uint flags = (inheritable ? 0u : Libc.SOCK_CLOEXEC) | (nonBlocking ? (uint)Libc.SOCK_NONBLOCK : 0u);
        if (flags == 0)
        {
            var plain = new SctpPeeloffArg { associd = associationId };
            Sys.GetOption(fd, SOL_SCTP, SCTP_SOCKOPT_PEELOFF, ref plain);
            return plain.sd;
        }
        var arg = new SctpPeeloffFlagsArg { p_arg = new SctpPeeloffArg { associd = associationId }, flags = flags };
        Sys.GetOption(fd, SOL_SCTP, SCTP_SOCKOPT_PEELOFF_FLAGS, ref arg);
        return arg.p_arg.sd;
    }

    /// <summary>
    /// Graceful SHUTDOWN of one association, sent once the data queued before it is delivered:
    /// sendmsg with SCTP_EOF, or shutdown(2) SHUT_WR on a TCP-style one-to-one socket (Linux
    /// refuses SCTP_EOF there). The socket stays open; what is still queued for it can be received.
    /// </summary>
    /// <exception cref="SctpException">EPIPE: the socket has no such association (any more).</exception>
    public void Shutdown(int associationId)
    {
        if (!IsTcpStyle)
        {
            SendOnce(ReadOnlySpan<byte>.Empty, new SctpSendInfo { AssociationId = associationId }, SCTP_EOF, "SCTP_EOF");
            return;
        }
        Use(fd =>
        {
            RequireTcpStyleAssociation(fd, "shutdown");
            if (Libc.shutdown(fd, Libc.SHUT_WR) < 0) throw SctpException.FromLastError("shutdown");
            return 0;
        });
    }

    /// <summary>
    /// ABORT of one association: queued data is dropped, the peer learns at once. sendmsg with
    /// SCTP_ABORT, <paramref name="reason"/> going to the peer in the User-Initiated Abort cause
    /// (RFC 9260 section 3.3.10.12). On a TCP-style one-to-one socket Linux refuses SCTP_ABORT: there
    /// the only ABORT is close(2) with SO_LINGER {1, 0}, so this closes the socket, and no reason
    /// can be carried (<see cref="AbortClosesSocket"/>).
    /// </summary>
    /// <exception cref="SctpException">EPIPE: the socket has no such association (any more).</exception>
    public void Abort(int associationId, ReadOnlySpan<byte> reason = default)
    {
        if (!IsTcpStyle)
        {
            SendOnce(reason, new SctpSendInfo { AssociationId = associationId }, SCTP_ABORT, "SCTP_ABORT");
            return;
        }
        Use(fd => { RequireTcpStyleAssociation(fd, "SO_LINGER"); return 0; });
        Close(abort: true);
    }

    /// <summary>Whether <see cref="Abort"/> closes this socket (TCP-style one-to-one) rather than leaving it open.</summary>
    public bool AbortClosesSocket => IsTcpStyle;

    /// <summary>A TCP-style socket ends the one association it has; EPIPE (as SCTP_EOF says for one gone) when there is none.</summary>
    private void RequireTcpStyleAssociation(int fd, string operation)
    {
        var status = new SctpStatus();
        if (!TryGetStatus(fd, 0, ref status))
            throw new SctpException(Errno.EPIPE, operation,
                $"Socket {Id} has no association{(_everConnected ? " any more" : " (it was never connected)")}: {Errno.EPIPE.Format()}.");
    }

    /// <summary>
    /// Waits until association <paramref name="associationId"/> is gone from this socket (after a
    /// <see cref="Shutdown"/>: the peer acknowledged, SHUTDOWN COMPLETE), up to <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="SctpTimeoutException">Still there when the time ran out.</exception>
    public void WaitForEnd(int associationId, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var status = new SctpStatus();
        while (Use(fd => TryGetStatus(fd, IsTcpStyle ? 0 : associationId, ref status)))
        {
            cancellation.ThrowIfCancellationRequested();
            if (Expired(clock, timeout))
                throw new SctpTimeoutException("wait",
                    $"Association {associationId} on socket {Id} is still {(SctpAssociationState)status.sstat_state} after {timeout.TotalSeconds:0.###} s: the peer has not completed the shutdown ({Errno.ETIMEDOUT.Format()}).");
            cancellation.WaitHandle.WaitOne(PollInterval);
        }
    }
}
