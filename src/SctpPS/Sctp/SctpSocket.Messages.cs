using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

// Messages and notifications: sendmsg with SCTP_SNDINFO / SCTP_PRINFO (sctp_sendv(3)),
// recvmsg with SCTP_RCVINFO (sctp_recvv(3)), and SCTP_EVENT subscriptions.
public sealed partial class SctpSocket
{
    // One receive buffer per socket, reused: a message costs only its own data array.
    private const int ReceiveBufferSize = 256 * 1024;
    // Room kept free behind a message's pieces, so that a notification ending it early fits whole.
    private const int NotificationRoom = 4096;
    private readonly object _receiveLock = new();
    private byte[]? _receiveBuffer;
    private bool _rcvInfoOn;
    private bool _waitSlicesOn;

    // The last sender's address as SctpMessage.RemoteEndPoint shows it, read and formatted only
    // when it changes: a message from the same peer as the one before allocates no text.
    private string? _lastRemoteText;
    private int _lastRemoteLength;
    private readonly byte[] _lastRemoteBytes = new byte[SockAddr.SizeIn6];

    /// <summary>Turns notification types on or off (SCTP_EVENT), for current and future associations.</summary>
    public void Subscribe(IEnumerable<SctpEventType> types, bool on = true)
    {
        Use(fd =>
        {
            foreach (var type in types)
            {
                // One-to-many: SCTP_ALL_ASSOC covers the associations there are and those to come.
                var ev = new SctpEvent { se_assoc_id = Style == SctpSocketStyle.OneToMany && PeeledOffFrom is null ? 2 : 0, se_type = (ushort)type, se_on = on ? (byte)1 : (byte)0 };
                Sys.SetOption(fd, SOL_SCTP, SCTP_EVENT, ev);
            }
            return 0;
        });
    }

    /// <summary>The notification types this socket receives (SCTP_EVENT, read back from the kernel).</summary>
    public SctpList<SctpEventType> Subscriptions => IsClosed ? SctpList<SctpEventType>.Empty : new(Use(fd =>
        Enum.GetValues<SctpEventType>().Where(type =>
        {
            var ev = new SctpEvent { se_assoc_id = 0, se_type = (ushort)type };
            try { Sys.GetOption(fd, SOL_SCTP, SCTP_EVENT, ref ev); }
            catch (SctpException) { return false; } // a type this kernel does not know
            return ev.se_on != 0;
        }).ToArray(), Array.Empty<SctpEventType>()));

    /// <summary>
    /// Sends one message (sctp_sendv(3)): waits while the send buffer is full, up to
    /// <paramref name="timeout"/> (InfiniteTimeSpan: no limit) or cancellation.
    /// </summary>
    /// <returns>The bytes the kernel took (the whole message).</returns>
    public int Send(ReadOnlySpan<byte> data, SctpSendInfo info, TimeSpan timeout, CancellationToken cancellation = default)
    {
        long waitStarted = 0; // Stopwatch timestamp of the first wait; a struct, so the hot path allocates nothing
        while (true)
        {
            using (var lease = Lease())
            {
                EnableWaitSlices(lease.Fd);
                int sent = SendCore(lease.Fd, data, info, 0, Libc.MSG_NOSIGNAL);
                if (sent >= 0) return sent;
                var errno = Libc.LastErrno;
                if (errno == Errno.EINTR) continue;
                if (errno is Errno.EPIPE or Errno.ECONNRESET or Errno.ENOTCONN or Errno.ESHUTDOWN)
                    throw SendEnded(lease.Fd, errno);
                if (errno != Errno.EAGAIN)
                    throw new SctpException(errno, "sendmsg");
                if (waitStarted == 0) waitStarted = Stopwatch.GetTimestamp();
                WaitForDescriptor(lease.Fd, Libc.POLLOUT, waitStarted, timeout, cancellation, "sendmsg", "room in the send buffer");
            }
        }
    }

    /// <summary>Sends without waiting; used for SCTP_EOF and SCTP_ABORT, which carry no data to queue.</summary>
    private void SendOnce(ReadOnlySpan<byte> data, in SctpSendInfo info, ushort flags, string operation)
    {
        using var lease = Lease();
        if (SendCore(lease.Fd, data, info, flags, Libc.MSG_NOSIGNAL | Libc.MSG_DONTWAIT) < 0)
            throw SctpException.FromLastError(operation);
    }

    /// <summary>One sendmsg with SCTP_SNDINFO (and SCTP_PRINFO for a TTL); -1 with errno set on failure.</summary>
    private static unsafe int SendCore(int fd, ReadOnlySpan<byte> data, in SctpSendInfo info, ushort flags, int sendFlags)
    {
        const int ControlSize = 64; // room for SCTP_SNDINFO and SCTP_PRINFO
        byte* control = stackalloc byte[ControlSize];
        new Span<byte>(control, ControlSize).Clear();
        int headerSize = Libc.CmsgAlign(sizeof(Libc.CmsgHdr));

        var cmsg = (Libc.CmsgHdr*)control;
        cmsg->cmsg_len = (nuint)Libc.CmsgLen(sizeof(SctpSndInfo));
        cmsg->cmsg_level = IPPROTO_SCTP;
        cmsg->cmsg_type = SCTP_SNDINFO;
        *(SctpSndInfo*)(control + headerSize) = new SctpSndInfo
        {
            snd_sid = info.Stream,
            snd_flags = (ushort)(flags | (info.Unordered ? SCTP_UNORDERED : 0)),
            snd_ppid = BinaryPrimitives.ReverseEndianness(info.PayloadProtocolId), // opaque to the kernel: network order on the wire
            snd_context = info.Context,
            snd_assoc_id = info.AssociationId,
        };
        int controlLength = Libc.CmsgSpace(sizeof(SctpSndInfo));
        if (info.TimeToLiveMs > 0)
        {
            var pr = (Libc.CmsgHdr*)(control + controlLength);
            pr->cmsg_len = (nuint)Libc.CmsgLen(sizeof(SctpPrInfo));
            pr->cmsg_level = IPPROTO_SCTP;
            pr->cmsg_type = SCTP_PRINFO;
            *(SctpPrInfo*)((byte*)pr + headerSize) = new SctpPrInfo { pr_policy = SCTP_PR_SCTP_TTL, pr_value = info.TimeToLiveMs };
            controlLength += Libc.CmsgSpace(sizeof(SctpPrInfo));
        }

        byte* name = stackalloc byte[SockAddr.SizeIn6];
        int nameLength = info.RemoteEndPoint is { } remote ? SockAddr.Write(new Span<byte>(name, SockAddr.SizeIn6), remote) : 0;

        fixed (byte* payload = data)
        {
            var iov = new Libc.IoVec { Base = payload, Length = (nuint)data.Length };
            var msg = new Libc.MsgHdr
            {
                msg_name = nameLength > 0 ? name : null,
                msg_namelen = (uint)nameLength,
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = control,
                msg_controllen = (nuint)controlLength,
            };
            return (int)Libc.sendmsg(fd, &msg, sendFlags);
        }
    }

    /// <summary>
    /// Receives one message or notification (sctp_recvv(3)), reassembling a message that
    /// arrives in pieces (until MSG_EOR). Waits up to <paramref name="timeout"/> (InfiniteTimeSpan:
    /// no limit) or cancellation.
    /// </summary>
    /// <returns>An <see cref="SctpMessage"/> or an <see cref="SctpNotification"/>.</returns>
    /// <exception cref="SctpException">ESHUTDOWN: the one association of this one-to-one socket is gone.</exception>
    /// <exception cref="SctpAssociationAbortedException">The peer aborted it (ECONNRESET), after everything queued was received.</exception>
    /// <exception cref="SctpNotConnectedException">A TCP-style one-to-one socket that was never connected.</exception>
    public object Receive(TimeSpan timeout, CancellationToken cancellation = default)
    {
        lock (_receiveLock)
        {
            using var lease = Lease();
            EnableRcvInfo(lease.Fd);
            var buffer = _receiveBuffer ??= GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
            long waitStarted = 0; // Stopwatch timestamp of the first wait; a struct, so the hot path allocates nothing
            int total = 0;                      // bytes of the message being assembled in the buffer
            var first = new SctpRcvInfo();      // its first piece's SCTP_RCVINFO
            string? sender = null;
            while (true)
            {
                if (total > 0 && buffer.Length - total < NotificationRoom)
                {
                    // A message larger than the buffer: grow it, keep what came so far.
                    var bigger = GC.AllocateUninitializedArray<byte>(buffer.Length * 2, pinned: true);
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    _receiveBuffer = buffer = bigger;
                }
                var info = new SctpRcvInfo();
                int received, flags;
                try
                {
                    received = ReceivePiece(lease.Fd, buffer.AsSpan(total), ref info, out flags, ref waitStarted, timeout, cancellation);
                }
                catch when (total > 0)
                {
                    // A timeout or Ctrl+C between a message's pieces: the next receive goes on with them.
                    SetAside(first, sender, buffer.AsSpan(0, total));
                    throw;
                }
                bool complete = (flags & MSG_EOR) != 0;
                if ((flags & MSG_NOTIFICATION) != 0)
                {
                    // Between a message's pieces come only notifications that concern other
                    // associations (with SCTP_FRAGMENT_INTERLEAVE) or the one that ends partial
                    // delivery when the association is aborted; set the pieces aside either way.
                    if (total > 0) SetAside(first, sender, buffer.AsSpan(0, total));
                    var notification = SctpNotification.Parse(buffer.AsSpan(total, received), this);
                    if (notification is SctpPartialDeliveryNotification aborted)
                        aborted.Data = TakeAside(aborted.AssociationId, (int)aborted.Stream) ?? Array.Empty<byte>();
                    if (notification is SctpAssociationChangeNotification { State: SctpAssociationChange.CommLost } lost)
                        _abortCause = lost.Error; // for the error that ends the next receive on a one-to-one socket
                    return notification;
                }
                if (total > 0 && !SameMessage(first, info))
                {
                    // SCTP_FRAGMENT_INTERLEAVE: a piece of another message came between this one's.
                    SetAside(first, sender, buffer.AsSpan(0, total));
                    buffer.AsSpan(total, received).CopyTo(buffer);
                    total = 0;
                }
                if (total == 0 && _setAside is not null && _setAside.Remove(KeyOf(info), out var earlier))
                {
                    // The next piece of a message set aside before.
                    earlier.Append(buffer.AsSpan(0, received));
                    if (!complete)
                    {
                        _setAside[KeyOf(info)] = earlier;
                        continue;
                    }
                    return SctpMessage.From(Describe(earlier.First, earlier.Length, flags), earlier.ToArray(), earlier.Sender, this);
                }
                if (total == 0)
                {
                    first = info;
                    sender = _lastRemoteText;
                }
                total += received;
                if (!complete) continue;
                // The message's own copy; not zeroed first, since every byte is written next.
                var data = GC.AllocateUninitializedArray<byte>(total);
                buffer.AsSpan(0, total).CopyTo(data);
                return SctpMessage.From(Describe(first, total, flags), data, sender, this);
            }
        }
    }

    // Messages whose pieces were interrupted, by other messages' pieces (SCTP_FRAGMENT_INTERLEAVE)
    // or by the end of a receive (timeout, Ctrl+C), by association, stream and order; made only when
    // that happens. An association aborted in the middle of one leaves it here until
    // SCTP_PARTIAL_DELIVERY_EVENT takes it (or the socket closes).
    private Dictionary<(int Association, int Stream, bool Unordered), PartialMessage>? _setAside;

    private static (int, int, bool) KeyOf(in SctpRcvInfo info) => (info.rcv_assoc_id, info.rcv_sid, (info.rcv_flags & SCTP_UNORDERED) != 0);

    private static bool SameMessage(in SctpRcvInfo a, in SctpRcvInfo b) =>
        a.rcv_assoc_id == b.rcv_assoc_id && a.rcv_sid == b.rcv_sid && (a.rcv_flags & SCTP_UNORDERED) == (b.rcv_flags & SCTP_UNORDERED);

    private void SetAside(in SctpRcvInfo first, string? sender, ReadOnlySpan<byte> pieces)
    {
        _setAside ??= new();
        var key = KeyOf(first);
        if (_setAside.TryGetValue(key, out var earlier)) earlier.Append(pieces);
        else
        {
            var message = new PartialMessage(first, sender);
            message.Append(pieces);
            _setAside[key] = message;
        }
    }

    /// <summary>What came of the message partial delivery was aborted for (either order), or null.</summary>
    private byte[]? TakeAside(int association, int stream)
    {
        if (_setAside is null) return null;
        if (_setAside.Remove((association, stream, false), out var message) || _setAside.Remove((association, stream, true), out message))
            return message.ToArray();
        return null;
    }

    /// <summary>The pieces of one message so far, with its first piece's SCTP_RCVINFO and sender.</summary>
    private sealed class PartialMessage(SctpRcvInfo first, string? sender)
    {
        private byte[] _data = Array.Empty<byte>();
        public SctpRcvInfo First { get; } = first;
        public string? Sender { get; } = sender;
        public int Length { get; private set; }

        public void Append(ReadOnlySpan<byte> piece)
        {
            if (Length + piece.Length > _data.Length)
                Array.Resize(ref _data, Math.Max(Length + piece.Length, _data.Length * 2));
            piece.CopyTo(_data.AsSpan(Length));
            Length += piece.Length;
        }

        public byte[] ToArray() => _data.AsSpan(0, Length).ToArray();
    }

    /// <summary>
    /// Receives into the caller's buffer without allocating: one piece of a message (the whole
    /// message when it fits; <see cref="SctpReceiveResult.IsComplete"/> says whether it ended) or a
    /// notification (its bytes, for <see cref="SctpNotification"/> parsing). For high-rate C# code.
    /// </summary>
    public SctpReceiveResult ReceiveInto(Span<byte> buffer, TimeSpan timeout, CancellationToken cancellation = default)
    {
        lock (_receiveLock)
        {
            using var lease = Lease();
            EnableRcvInfo(lease.Fd);
            long waitStarted = 0; // Stopwatch timestamp of the first wait; a struct, so the hot path allocates nothing
            var info = new SctpRcvInfo();
            int received = ReceivePiece(lease.Fd, buffer, ref info, out int flags, ref waitStarted, timeout, cancellation);
            return Describe(info, received, flags);
        }
    }

    /// <summary>struct sctp_rcvinfo and the recvmsg flags, as the API shows them (ppid in host order).</summary>
    private static SctpReceiveResult Describe(in SctpRcvInfo info, int length, int flags) => new()
    {
        Length = length,
        IsComplete = (flags & MSG_EOR) != 0,
        IsNotification = (flags & MSG_NOTIFICATION) != 0,
        Stream = info.rcv_sid,
        StreamSequence = info.rcv_ssn,
        PayloadProtocolId = BinaryPrimitives.ReverseEndianness(info.rcv_ppid),
        Tsn = info.rcv_tsn,
        CumulativeTsn = info.rcv_cumtsn,
        Context = info.rcv_context,
        Unordered = (info.rcv_flags & SCTP_UNORDERED) != 0,
        AssociationId = info.rcv_assoc_id,
    };

    private void EnableRcvInfo(int fd)
    {
        EnableWaitSlices(fd);
        if (_rcvInfoOn) return;
        Sys.SetOption(fd, SOL_SCTP, SCTP_RECVRCVINFO, 1);
        _rcvInfoOn = true;
    }

    /// <summary>
    /// Blocking sends and receives wait in the kernel for at most one poll interval
    /// (SO_SNDTIMEO, SO_RCVTIMEO), then come back to check timeout, Ctrl+C and Close.
    /// A message that is ready, or arrives within the interval, so costs one system
    /// call, as in C, instead of a poll and a call.
    /// </summary>
    private void EnableWaitSlices(int fd)
    {
        if (_waitSlicesOn) return;
        var slice = new Libc.TimeVal { tv_sec = 0, tv_usec = (long)PollInterval.TotalMilliseconds * 1000 };
        Sys.SetOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, slice);
        Sys.SetOption(fd, Libc.SOL_SOCKET, Libc.SO_SNDTIMEO, slice);
        _waitSlicesOn = true;
    }

    /// <summary>One piece of a message: recvmsg, waiting (poll) while there is nothing to read.</summary>
    private int ReceivePiece(int fd, Span<byte> into, ref SctpRcvInfo info, out int flags,
                             ref long waitStarted, TimeSpan timeout, CancellationToken cancellation)
    {
        bool associationGone = false;
        while (true)
        {
            int received = ReceiveCore(fd, into, ref info, out flags);
            if (received > 0 || (received == 0 && (flags & MSG_NOTIFICATION) != 0))
                return received;
            if (received == 0)
                throw AssociationEnded("recvmsg", Errno.None);
            var errno = Libc.LastErrno;
            if (errno == Errno.EINTR) continue;
            // ECONNABORTED: this side aborted the association (the kernel sets it as the socket's
            // error on TCP-style and peeled-off sockets, and recvmsg returns it once, after what was queued).
            if (errno is Errno.ECONNRESET or Errno.ECONNABORTED || (errno == Errno.ENOTCONN && !IsListening))
                throw AssociationEnded("recvmsg", errno);
            if (errno != Errno.EAGAIN) throw new SctpException(errno, "recvmsg");
            // The kernel queues an association's last notification as it frees it: only a read
            // that finds nothing after the association is gone means that nothing more will come.
            if (associationGone) throw AssociationEnded("recvmsg", Errno.ENOTCONN);
            if (waitStarted == 0) waitStarted = Stopwatch.GetTimestamp();
            associationGone = WaitForDescriptor(fd, Libc.POLLIN, waitStarted, timeout, cancellation, "recvmsg", "a message", watchAssociation: true);
        }
    }

    /// <summary>One recvmsg; reads the piece's SCTP_RCVINFO and sender. -1 with errno on failure.</summary>
    private unsafe int ReceiveCore(int fd, Span<byte> into, ref SctpRcvInfo info, out int flags)
    {
        const int ControlSize = 128;
        byte* control = stackalloc byte[ControlSize];
        byte* name = stackalloc byte[128];
        fixed (byte* p = into)
        {
            var iov = new Libc.IoVec { Base = p, Length = (nuint)into.Length };
            // Every field, msg_flags included, starts at zero on each call (lksctp-tools#31).
            var msg = new Libc.MsgHdr
            {
                msg_name = name,
                msg_namelen = 128,
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = control,
                msg_controllen = ControlSize,
            };
            int received = (int)Libc.recvmsg(fd, &msg, 0); // blocks at most one wait slice (SO_RCVTIMEO)
            flags = msg.msg_flags;
            if (received < 0) return received;

            int headerSize = Libc.CmsgAlign(sizeof(Libc.CmsgHdr));
            for (int offset = 0; offset + headerSize <= (int)msg.msg_controllen;)
            {
                var cmsg = (Libc.CmsgHdr*)(control + offset);
                if ((int)cmsg->cmsg_len < headerSize) break;
                if (cmsg->cmsg_level == IPPROTO_SCTP && cmsg->cmsg_type == SCTP_RCVINFO)
                    info = *(SctpRcvInfo*)(control + offset + headerSize);
                offset += Libc.CmsgAlign((int)cmsg->cmsg_len);
            }
            RememberSender(new ReadOnlySpan<byte>(name, (int)Math.Min(msg.msg_namelen, 128u)));
            return received;
        }
    }

    private void RememberSender(ReadOnlySpan<byte> sockaddr)
    {
        int length = Math.Min(sockaddr.Length, SockAddr.SizeIn6);
        if (length == 0) return;
        if (_lastRemoteText is not null && length == _lastRemoteLength && sockaddr[..length].SequenceEqual(_lastRemoteBytes.AsSpan(0, length))) return;
        var remote = SockAddr.Read(sockaddr, out _);
        _lastRemoteText = remote is null ? null : SctpAddressText.Format(remote);
        _lastRemoteLength = length;
        sockaddr[..length].CopyTo(_lastRemoteBytes);
    }

    /// <summary>
    /// This one-to-one socket has no association, however the kernel said so (<paramref name="errno"/>:
    /// None for end of file, ECONNRESET once after the peer's ABORT, ECONNABORTED once after this
    /// side's, ENOTCONN, or an empty association list), told apart by what the socket knows: never
    /// connected, aborted by the peer, or gone.
    /// </summary>
    internal SctpException AssociationEnded(string operation, Errno errno)
    {
        if (errno == Errno.ECONNRESET) _abortedByPeer = true;
        if (IsTcpStyle && !_everConnected)
            return new SctpNotConnectedException(errno == Errno.None ? Errno.ENOTCONN : errno, operation,
                $"Socket {Id} is not connected: a one-to-one socket carries messages only once its association is set up (sctp_connectx) ({(errno == Errno.None ? Errno.ENOTCONN : errno).Format()}).");
        if (_abortedByPeer)
        {
            var cause = _abortCause is { } c ? $" (cause {SctpCauses.Describe(c)})" : "";
            return new SctpAssociationAbortedException(operation, _abortCause,
                $"The peer aborted the association of socket {Id}{cause}: everything it had sent before was received, nothing more will arrive ({Errno.ECONNRESET.Format()}).");
        }
        return new SctpException(Errno.ESHUTDOWN, operation,
            $"The association of socket {Id} is gone (shut down{(_abortCause is { } local ? $", or aborted with cause {SctpCauses.Describe(local)}" : "")}): nothing more will arrive ({Errno.ESHUTDOWN.Format()}).");
    }

    /// <summary>
    /// After a send failed because the association is gone: the kernel keeps a peer's ABORT in
    /// SO_ERROR (ECONNRESET) until some call reads it; read it here, so the error can say so.
    /// </summary>
    internal SctpException SendEnded(int fd, Errno errno)
    {
        if (Style == SctpSocketStyle.OneToOne && (Errno)Sys.GetIntOption(fd, Libc.SOL_SOCKET, Libc.SO_ERROR) == Errno.ECONNRESET)
            _abortedByPeer = true;
        if (IsTcpStyle && !_everConnected || _abortedByPeer)
            return AssociationEnded("sendmsg", errno);
        return new SctpException(errno, "sendmsg");
    }

    /// <summary>
    /// Between two wait slices: ends the wait on timeout, Ctrl+C or Close; a non-blocking
    /// socket waits here in poll (a blocking one waits in its next call). With
    /// <paramref name="watchAssociation"/>, returns true when the one association of a one-to-one
    /// socket is gone: a peeled-off socket gets no end-of-file from the kernel.
    /// </summary>
    private bool WaitForDescriptor(int fd, short events, long waitStarted, TimeSpan timeout, CancellationToken cancellation,
                                   string operation, string what, bool watchAssociation = false)
    {
        var status = new SctpStatus();
        while (true)
        {
            // SCTP_STATUS of association 0 is the socket's own on one-to-one sockets, peeled-off ones
            // too; asking for the id list instead fails (EOPNOTSUPP) on every TCP-style wait slice.
            if (watchAssociation && Style == SctpSocketStyle.OneToOne && !TryGetStatus(fd, 0, ref status) && !IsListening)
                return true;
            cancellation.ThrowIfCancellationRequested();
            if (IsClosed) throw new ObjectDisposedException(ToString(), $"Socket {Id} was closed while waiting.");
            var elapsed = Stopwatch.GetElapsedTime(waitStarted);
            if (timeout != Timeout.InfiniteTimeSpan && elapsed >= timeout)
                throw new SctpTimeoutException(operation, $"Timed out after {timeout.TotalSeconds:0.###} s waiting for {what} on socket {Id} ({Errno.ETIMEDOUT.Format()}).");
            if (!Sys.IsNonBlocking(fd)) return false;
            var left = timeout == Timeout.InfiniteTimeSpan ? PollInterval : timeout - elapsed;
            int wait = (int)Math.Clamp(left.TotalMilliseconds, 1, PollInterval.TotalMilliseconds);
            if (Sys.Poll(fd, events, wait) != 0) return false;
        }
    }
}
