using System.Net;
using System.Net.Sockets;
using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

/// <summary>
/// One SCTP socket. A <see cref="SocketDescriptor"/> owns the descriptor, so it is closed
/// exactly once, gracefully (close(2): SHUTDOWN after the queued data is delivered) unless
/// <see cref="Close(bool)"/> is asked to abort. The runtime's <see cref="System.Net.Sockets.Socket"/>
/// over it (<see cref="GetRuntimeSocket"/>) is made on first use only, because its constructor costs several system calls per
/// socket (a tenfold slowdown when peeling off thousands of associations).
/// This class adds what the runtime cannot do for IPPROTO_SCTP.
/// </summary>
public sealed partial class SctpSocket : IDisposable
{
    private static int s_lastId;
    private readonly SocketDescriptor _handle;
    private readonly object _socketLock = new();
    private Socket? _socket;
    private int _closed;
    private List<IPEndPoint>? _localEndPointsAtClose;

    private SctpSocket(SocketDescriptor handle, int fd, SctpSocketStyle style, AddressFamily family,
                       SctpSocket? peeledOffFrom, int? associationId, bool connected)
    {
        _handle = handle;
        Id = Interlocked.Increment(ref s_lastId);
        Handle = fd;
        Style = style;
        _family = family;
        PeeledOffFrom = peeledOffFrom;
        PeeledOffAssociationId = associationId;
        _everConnected = connected;
    }

    /// <summary>Unique in this process, never reused.</summary>
    public int Id { get; }

    /// <summary>The descriptor number (still shown after Close, for the record).</summary>
    public int Handle { get; }

    /// <summary>Tracked by this class: a peeled-off socket still reports SO_TYPE SOCK_SEQPACKET (lksctp-tools#70).</summary>
    public SctpSocketStyle Style { get; }

    private readonly AddressFamily _family;

    /// <summary>
    /// InterNetwork or InterNetworkV6: the names and values of <see cref="System.Net.Sockets.AddressFamily"/>,
    /// in an enum that ConvertTo-Json writes by name (a cast converts it: <c>(AddressFamily)socket.AddressFamily</c>).
    /// </summary>
    public SctpAddressFamily AddressFamily => (SctpAddressFamily)(long)_family;

    /// <summary>"IPv4" or "IPv6": <see cref="AddressFamily"/> in the words of the socket table.</summary>
    public string Family => _family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    /// <summary>The one-to-many socket this one was peeled off, or null.</summary>
    public SctpSocket? PeeledOffFrom { get; }

    /// <summary>The Id of <see cref="PeeledOffFrom"/>, or null: what travels to jobs, remote sessions and files in its place.</summary>
    public int? PeeledOffFromId => PeeledOffFrom?.Id;

    /// <summary>The association id on <see cref="PeeledOffFrom"/> that became this socket, or null.</summary>
    public int? PeeledOffAssociationId { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// A one-to-one socket of the kernel's TCP style (SOCK_STREAM: made so, or accepted): it ends
    /// its association with shutdown(2) and SO_LINGER, since Linux refuses SCTP_EOF and
    /// SCTP_ABORT in sendmsg there. A peeled-off socket is not: the kernel keeps it UDP style.
    /// </summary>
    internal bool IsTcpStyle => Style == SctpSocketStyle.OneToOne && PeeledOffAssociationId is null;

    /// <summary>The kernel's answer (SO_ACCEPTCONN).</summary>
    public bool IsListening => !IsClosed && Use(fd => Sys.GetIntOption(fd, Libc.SOL_SOCKET, Libc.SO_ACCEPTCONN) != 0, false);

    public bool IsNonBlocking => !IsClosed && Use(Sys.IsNonBlocking, false);

    /// <summary>False when the descriptor is close-on-exec (the default).</summary>
    public bool IsInheritable => !IsClosed && Use(fd => !Sys.IsCloseOnExec(fd), false);

    /// <summary>
    /// The addresses the kernel has bound (SCTP_GET_LOCAL_ADDRS), as text; the wildcard expands to
    /// every host address. Once closed, those it had when it was closed.
    /// </summary>
    public SctpList<string> LocalAddresses => SctpAddressText.List(LocalEndPoints.Select(e => e.Address));

    /// <summary>The bound port, 0 while unbound. Once closed, the port it had when it was closed.</summary>
    public int LocalPort => LocalEndPoints.Select(e => e.Port).FirstOrDefault();

    // Kept at Close, so that a closed socket (Close-SctpSocket -PassThru, a list of what was closed)
    // still says which port and addresses it was; also when it is closed while being read.
    private List<IPEndPoint> LocalEndPoints =>
        (IsClosed ? null : Use<List<IPEndPoint>?>(fd => GetLocalEndPoints(fd, 0), null)) ?? _localEndPointsAtClose ?? new();

    /// <summary>SCTP_NODELAY: Nagle's algorithm is off.</summary>
    public bool NoDelay => !IsClosed && Use(fd => Sys.GetIntOption(fd, SOL_SCTP, SCTP_NODELAY) != 0, false);

    /// <summary>SCTP_DISABLE_FRAGMENTS: messages larger than the fragmentation point are refused.</summary>
    public bool DisableFragments => !IsClosed && Use(fd => Sys.GetIntOption(fd, SOL_SCTP, SCTP_DISABLE_FRAGMENTS) != 0, false);

    /// <summary>SCTP_INITMSG sinit_num_ostreams: the outbound streams new associations ask for.</summary>
    public int OutboundStreams => IsClosed ? 0 : Use(fd => GetInitMsg(fd).sinit_num_ostreams, 0);

    /// <summary>SCTP_INITMSG sinit_max_instreams: the most inbound streams new associations accept.</summary>
    public int MaxInboundStreams => IsClosed ? 0 : Use(fd => GetInitMsg(fd).sinit_max_instreams, 0);

    /// <summary>The socket's inode ("socket:[N]"), which system-wide listings (/proc, sctp_diag) name it by.</summary>
    public ulong Inode => IsClosed ? 0 : Use(fd =>
    {
        var target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "";
        return target.StartsWith("socket:[", StringComparison.Ordinal) ? ulong.Parse(target[8..^1]) : 0UL;
    }, 0UL);

    /// <summary>
    /// The runtime's <see cref="System.Net.Sockets.Socket"/> over the descriptor, for polling,
    /// timeouts and plain send/receive; made on the first call, the same object afterwards.
    /// A method, not a property, so that the runtime socket (and its many properties) does not
    /// travel with an SctpSocket into JSON, CSV, jobs and remote sessions.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public Socket GetRuntimeSocket()
    {
        lock (_socketLock)
        {
            if (IsClosed) throw new ObjectDisposedException(ToString(), $"Socket {Id} is closed.");
            // Over a handle that does not own the descriptor: this class closes it, its own way.
            return _socket ??= new Socket(new SafeSocketHandle(_handle.DangerousGetHandle(), ownsHandle: false));
        }
    }

    /// <summary>Opens and sets up a socket as <paramref name="options"/> asks; nothing is left open when a step fails.</summary>
    /// <exception cref="SctpNotSupportedException">The kernel has no SCTP.</exception>
    /// <exception cref="SctpException">A step failed; <see cref="SctpException.Operation"/> names it.</exception>
    public static SctpSocket Create(SctpSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var family = options.ResolveFamily();
        int type = options.Style == SctpSocketStyle.OneToMany ? Libc.SOCK_SEQPACKET : Libc.SOCK_STREAM;
        if (!options.Inheritable) type |= Libc.SOCK_CLOEXEC;
        if (options.NonBlocking) type |= Libc.SOCK_NONBLOCK;

        int fd = Libc.socket(family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Libc.AF_INET6 : Libc.AF_INET, type, IPPROTO_SCTP);
        if (fd < 0)
        {
            var errno = Libc.LastErrno;
            if (SctpSupport.IsNotSupportedErrno(errno))
                throw new SctpNotSupportedException(errno, SctpSupport.Probe().Remedy);
            throw new SctpException(errno, "socket");
        }

        var socket = Adopt(fd, options.Style, family);
        try
        {
            socket.Configure(options);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Wraps a descriptor this process owns from now on. <paramref name="connected"/>: it carries an
    /// association already (accepted, peeled off), so an empty one is one that ended.
    /// </summary>
    internal static SctpSocket Adopt(int fd, SctpSocketStyle style, AddressFamily family,
                                     SctpSocket? peeledOffFrom = null, int? associationId = null, bool connected = false)
    {
        return new SctpSocket(new SocketDescriptor(fd), fd, style, family, peeledOffFrom, associationId, connected);
    }

    private void Configure(SctpSocketOptions options)
    {
        Use(fd =>
        {
            if (options.OutboundStreams is not null || options.MaxInboundStreams is not null)
            {
                var init = GetInitMsg(fd);
                if (options.OutboundStreams is int outbound) init.sinit_num_ostreams = checked((ushort)outbound);
                if (options.MaxInboundStreams is int inbound) init.sinit_max_instreams = checked((ushort)inbound);
                Sys.SetOption(fd, SOL_SCTP, SCTP_INITMSG, init);
            }
            if (options.NoDelay)
                Sys.SetOption(fd, SOL_SCTP, SCTP_NODELAY, 1);
            if (options.DisableFragments)
                Sys.SetOption(fd, SOL_SCTP, SCTP_DISABLE_FRAGMENTS, 1);
            return 0;
        });
        if (options.Subscribe.Count > 0)
            Subscribe(options.Subscribe);

        if (options.LocalAddresses.Count > 0 || options.LocalPort != 0)
        {
            var addresses = options.LocalAddresses.Count > 0
                ? options.LocalAddresses
                : new[] { _family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any };
            BindAddresses(addresses, options.LocalPort);
        }
        if (options.Listen)
            Listen(options.Backlog);
    }

    private static SctpInitMsg GetInitMsg(int fd)
    {
        var init = new SctpInitMsg();
        Sys.GetOption(fd, SOL_SCTP, SCTP_INITMSG, ref init);
        return init;
    }

    /// <summary>sctp_bindx(SCTP_BINDX_ADD_ADDR): binds every address on one port (the first bind picks it when 0).</summary>
    public void BindAddresses(IReadOnlyList<IPAddress> addresses, int port)
    {
        var packed = SockAddr.Pack(addresses.Select(a => new IPEndPoint(a, port)).ToList());
        Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_SOCKOPT_BINDX_ADD, packed); return 0; });
    }

    public void Listen(int backlog)
    {
        Use(fd =>
        {
            if (Libc.listen(fd, backlog) < 0) throw SctpException.FromLastError("listen");
            return 0;
        });
    }

    /// <summary>
    /// Closes the descriptor (close(2)); a second call does nothing. Returns at once: the kernel
    /// shuts every association down gracefully in the background, SHUTDOWN once all data queued
    /// by Send has been delivered, as close(2) does with the default linger. Two things make the
    /// kernel send ABORT instead (sctp(7), RFC 9260 section 9.1): <paramref name="abort"/>
    /// (SO_LINGER {1, 0}: queued data is dropped), and received data left unread on the socket
    /// (on a one-to-many socket, unread data of any association aborts them all).
    /// </summary>
    public void Close(bool abort = false)
    {
        lock (_socketLock)
        {
            if (IsClosed) return;
            try { _localEndPointsAtClose = Use(fd => GetLocalEndPoints(fd, 0)); }
            catch (SctpException) { _localEndPointsAtClose = new(); }
            Interlocked.Exchange(ref _closed, 1);
            try
            {
                if (abort) SetAbortiveLinger();
            }
            finally
            {
                _socket?.Dispose(); // it does not own the descriptor
                _handle.Dispose();  // close(2) once no call is using the descriptor
            }
        }
    }

    /// <summary>Closes gracefully, as <see cref="Close(bool)"/> without abort.</summary>
    public void Dispose() => Close();

    /// <summary>SO_LINGER {1, 0}: the close that follows sends ABORT for every association.</summary>
    private void SetAbortiveLinger()
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            Sys.SetOption((int)_handle.DangerousGetHandle(), Libc.SOL_SOCKET, Libc.SO_LINGER, new Libc.Linger { l_onoff = 1, l_linger = 0 });
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    public override string ToString() => $"SctpSocket {Id} (fd {Handle}, {Style})";

    /// <summary>
    /// Runs <paramref name="action"/> with the descriptor held open (a concurrent
    /// Close waits until it returns). Throws <see cref="ObjectDisposedException"/> once closed.
    /// </summary>
    internal T Use<T>(Func<int, T> action)
    {
        var handle = _handle;
        bool added = false;
        try
        {
            if (IsClosed) throw new ObjectDisposedException(ToString(), $"Socket {Id} is closed.");
            handle.DangerousAddRef(ref added);
            return action((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>
    /// The descriptor held open until the lease is disposed, for code that cannot run in a
    /// lambda (spans, stackalloc). Throws <see cref="ObjectDisposedException"/> once closed.
    /// </summary>
    internal DescriptorLease Lease() => new(this);

    internal ref struct DescriptorLease
    {
        private readonly SocketDescriptor _handle;
        private bool _added;

        public DescriptorLease(SctpSocket socket)
        {
            if (socket.IsClosed) throw new ObjectDisposedException(socket.ToString(), $"Socket {socket.Id} is closed.");
            _handle = socket._handle;
            _added = false;
            _handle.DangerousAddRef(ref _added);
            Fd = (int)_handle.DangerousGetHandle();
        }

        public int Fd { get; }

        public void Dispose()
        {
            if (_added) _handle.DangerousRelease();
            _added = false;
        }
    }

    /// <summary>Like <see cref="Use{T}(Func{int,T})"/>, but a property getter on a socket closed meanwhile gets <paramref name="whenClosed"/>.</summary>
    private T Use<T>(Func<int, T> action, T whenClosed)
    {
        try { return Use(action); }
        catch (ObjectDisposedException) { return whenClosed; }
    }

    /// <summary>SCTP_GET_LOCAL_ADDRS for one association (0: the socket itself).</summary>
    internal static List<IPEndPoint> GetLocalEndPoints(int fd, int associationId) =>
        GetAddresses(fd, SCTP_GET_LOCAL_ADDRS, associationId);

    /// <summary>SCTP_GET_PEER_ADDRS / SCTP_GET_LOCAL_ADDRS: struct sctp_getaddrs followed by packed sockaddrs.</summary>
    internal static unsafe List<IPEndPoint> GetAddresses(int fd, int option, int associationId)
    {
        for (int size = 1024; ; size *= 4)
        {
            var buffer = new byte[size];
            fixed (byte* p = buffer)
                *(SctpGetAddrs*)p = new SctpGetAddrs { assoc_id = associationId };
            try
            {
                Sys.GetOption(fd, SOL_SCTP, option, buffer, option == SCTP_GET_PEER_ADDRS ? "SCTP_GET_PEER_ADDRS" : "SCTP_GET_LOCAL_ADDRS");
            }
            catch (SctpException e) when (e.Errno == Errno.ENOMEM && size < 1 << 20)
            {
                continue; // more addresses than fit: try a bigger buffer
            }
            int count;
            fixed (byte* p = buffer)
                count = (int)((SctpGetAddrs*)p)->addr_num;
            return SockAddr.ReadPacked(buffer.AsSpan(sizeof(SctpGetAddrs)), count);
        }
    }
}
