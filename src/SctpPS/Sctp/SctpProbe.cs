using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

/// <summary>Why a probe found the peer not reachable.</summary>
public enum SctpProbeFailure : long
{
    None,
    /// <summary>The peer answered INIT with ABORT: nothing listens there, or it refused the association.</summary>
    Refused,
    /// <summary>No answer within the time given (INITs dropped, a firewall, a blackhole).</summary>
    Timeout,
    /// <summary>No route to any address of the peer.</summary>
    Unreachable,
    /// <summary>The name resolves to no address.</summary>
    NameNotFound,
}

/// <summary>SCTP extensions a peer can support, as the association negotiated them.</summary>
[Flags]
public enum SctpExtensions : long
{
    None = 0,
    /// <summary>Partial reliability (PR-SCTP, RFC 3758; FORWARD-TSN).</summary>
    PrSctp = 1,
    /// <summary>Chunk authentication (AUTH, RFC 4895).</summary>
    Auth = 2,
    /// <summary>Dynamic address reconfiguration (ASCONF, RFC 5061).</summary>
    Asconf = 4,
    /// <summary>Stream reconfiguration (RE-CONFIG, RFC 6525).</summary>
    Reconfig = 8,
    /// <summary>Message interleaving (I-DATA, RFC 8260).</summary>
    IData = 16,
    /// <summary>Explicit congestion notification (ECN).</summary>
    Ecn = 32,
}

/// <summary>What a probe asks for besides the peer: local addresses, stream counts, path confirmation, time.</summary>
public sealed class SctpProbeOptions
{
    public IReadOnlyList<IPAddress> LocalAddresses { get; set; } = Array.Empty<IPAddress>();
    public int? OutboundStreams { get; set; }
    public int? MaxInboundStreams { get; set; }

    /// <summary>Wait, within <see cref="Timeout"/>, until a HEARTBEAT has confirmed every peer address (one is asked for on each).</summary>
    public bool ConfirmPaths { get; set; }

    /// <summary>For resolving, setting up and (with <see cref="ConfirmPaths"/>) confirming; the graceful end has a bound of its own.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Told each step as it happens (addresses, INIT and its retransmissions, COMM_UP, the end), for -Verbose; or null.</summary>
    public Action<string>? Progress { get; set; }
}

/// <summary>The outcome of <see cref="SctpProbe.Test"/>: whether the peer answered, how fast, with what; or why not.</summary>
public sealed class SctpConnectionTestResult
{
    public string ComputerName { get; init; } = "";

    /// <summary>Every address the name resolved to (what the probe tried), as SctpPS writes addresses.</summary>
    public SctpList<string> RemoteAddresses { get; init; } = SctpList<string>.Empty;
    public int RemotePort { get; init; }
    public bool Reachable { get; init; }

    /// <summary>From sending INIT to the COMM_UP notification, milliseconds.</summary>
    public double? SetupTimeMs { get; init; }
    public SctpList<string> LocalAddresses { get; init; } = SctpList<string>.Empty;
    public int? LocalPort { get; init; }
    public int? InboundStreams { get; init; }
    public int? OutboundStreams { get; init; }

    /// <summary>The peer's addresses as the association knows them, each with its path state (Active, Unconfirmed ...).</summary>
    public SctpList<SctpPath> PeerAddresses { get; init; } = SctpList<SctpPath>.Empty;
    public string? PrimaryPeerAddress { get; init; }

    /// <summary>With ConfirmPaths: whether a HEARTBEAT confirmed every path in time; otherwise null.</summary>
    public bool? PathsConfirmed { get; init; }

    /// <summary>The extensions the peer agreed to (this end offered every one it could).</summary>
    public SctpExtensions? PeerExtensions { get; init; }

    /// <summary>Extensions this host could not offer (a sysctl keeps them off), so the probe cannot tell whether the peer has them.</summary>
    public SctpExtensions ExtensionsNotTested { get; init; }

    public SctpProbeFailure Reason { get; init; }

    /// <summary>The ErrorId Connect-SctpAssociation would write for the same failure (Connect.Refused ...), null when reachable.</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>What happened, in a sentence with the errno, for failures; null when reachable.</summary>
    public string? Message { get; init; }
    public Errno Errno { get; init; }

    /// <summary>Whether the probe's association ended with SHUTDOWN-COMPLETE (it is never aborted).</summary>
    public bool? ShutdownComplete { get; init; }

    /// <summary>The whole probe, resolving to the end of the association, milliseconds.</summary>
    public double ElapsedMs { get; init; }

    public override string ToString() => Reachable
        ? $"{ComputerName}:{RemotePort} reachable in {SetupTimeMs:0.###} ms"
        : $"{ComputerName}:{RemotePort} not reachable: {Reason}";
}

/// <summary>
/// Probes an SCTP peer as a runbook would: resolves every address of the name, sets up one
/// association to all of them at once (sctp_connectx), reports what it found, and ends the
/// association with SHUTDOWN, waiting for SHUTDOWN-COMPLETE before the socket is closed, so the
/// peer never sees an ABORT and nothing is left behind.
/// </summary>
public static class SctpProbe
{
    /// <summary>How long the graceful end may take; a SHUTDOWN exchange is one and a half round trips.</summary>
    internal static TimeSpan ShutdownBound { get; set; } = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(20);

    /// <summary>An SCTP_ASSOC_CHANGE as the kernel lays it out, parsed once before the clock starts.</summary>
    private static readonly byte[] WarmUpNotification = BitConverter.GetBytes((ushort)SctpEventType.AssociationChange)
        .Concat(new byte[System.Runtime.InteropServices.Marshal.SizeOf<SctpAssocChange>() - 2]).ToArray();

    /// <summary>Probes <paramref name="computerName"/> (an IP literal or a name) on <paramref name="port"/>.</summary>
    /// <exception cref="ArgumentException">The local addresses cannot reach any address of the peer (another family).</exception>
    /// <exception cref="SctpNotSupportedException">The kernel has no SCTP.</exception>
    /// <exception cref="SctpException">The probe socket could not be set up here (EADDRNOTAVAIL: a local address is not this host's).</exception>
    public static SctpConnectionTestResult Test(string computerName, int port, SctpProbeOptions options, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var deadline = options.Timeout;
        IPAddress[] resolved;
        try
        {
            resolved = Resolve(computerName, deadline, cancellation);
        }
        catch (Exception e) when (e is SocketException or TimeoutException or ArgumentException)
        {
            return Failed(computerName, port, Array.Empty<IPAddress>(), SctpProbeFailure.NameNotFound, Errno.None,
                $"Cannot resolve '{computerName}' to an IP address: {e.Message}", clock);
        }

        var progress = options.Progress;
        if (!IPAddress.TryParse(computerName, out _))
            progress?.Invoke($"'{computerName}' resolves to {string.Join(", ", resolved.Select(a => a.ToString()))}.");
        bool localV6 = options.LocalAddresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6);
        bool ipv6 = SctpSupport.IsIPv6Available();
        var usable = resolved.Where(a => a.AddressFamily == AddressFamily.InterNetwork
                                         || (ipv6 && (options.LocalAddresses.Count == 0 || localV6))).ToList();
        if (usable.Count == 0)
        {
            if (options.LocalAddresses.Count > 0)
                throw new ArgumentException($"'{computerName}' has only IPv6 addresses ({string.Join(", ", resolved.Select(a => a.ToString()))}), which the IPv4 -LocalAddress cannot reach.");
            return Failed(computerName, port, resolved, SctpProbeFailure.Unreachable, Errno.ENETUNREACH,
                $"'{computerName}' has only IPv6 addresses and this host has no IPv6 ({Errno.ENETUNREACH.Format()}).", clock);
        }

        // One association per address family, the resolver's first family first: a peer that listens
        // on one family answers an INIT to the other with ABORT, which would end the whole attempt.
        SctpConnectionTestResult? result = null;
        foreach (var family in usable.Select(a => a.AddressFamily).Distinct().ToList())
        {
            var remotes = usable.Where(a => a.AddressFamily == family).Select(a => new IPEndPoint(a, port)).ToList();
            result = Attempt(computerName, port, resolved, remotes, options, clock, cancellation);
            if (result.Reachable || result.Reason is not SctpProbeFailure.Refused || clock.Elapsed >= deadline) break;
            progress?.Invoke($"{result.Message} Trying the other address family.");
        }
        return result!;
    }

    private static IPAddress[] Resolve(string name, TimeSpan timeout, CancellationToken cancellation)
    {
        if (IPAddress.TryParse(name, out var literal)) return new[] { literal };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(timeout);
        try
        {
            var found = Dns.GetHostAddressesAsync(name, cts.Token).GetAwaiter().GetResult()
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
                .Distinct().ToArray();
            if (found.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            return found;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from the resolver within {timeout.TotalSeconds:0.###} s");
        }
    }

    private static SctpConnectionTestResult Attempt(string computerName, int port, IPAddress[] resolved, List<IPEndPoint> remotes,
                                                    SctpProbeOptions options, Stopwatch clock, CancellationToken cancellation)
    {
        string peer = string.Join(", ", remotes.Select(r => SctpAddressText.Format(r)));
        var progress = options.Progress;
        try
        {
            SctpSocket.CheckRoutes(remotes, peer);
        }
        catch (SctpException e)
        {
            return Failed(computerName, port, resolved, SctpProbeFailure.Unreachable, e.Errno, $"Cannot reach {peer}: {e.Errno.Format()}.", clock);
        }

        bool v6 = remotes[0].AddressFamily == AddressFamily.InterNetworkV6 || options.LocalAddresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6);
        using var socket = SctpSocket.Create(new SctpSocketOptions
        {
            Style = SctpSocketStyle.OneToMany,
            AddressFamily = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
            LocalAddresses = options.LocalAddresses,
            OutboundStreams = options.OutboundStreams,
            MaxInboundStreams = options.MaxInboundStreams,
            Subscribe = new[] { SctpEventType.AssociationChange },
        });
        var notTested = OfferEverything(socket);
        uint rtoInitialMs = socket.GetOptions(0, new[] { "RtoInitialMs" }, out _).RtoInitialMs ?? 3000;

        // The first receive sets the socket up for receiving, and the first notification parsed
        // compiles the parser: neither is part of the setup time.
        try { socket.Receive(TimeSpan.Zero); }
        catch (SctpException) { } // nothing to receive yet (no association: ENOTCONN)
        _ = SctpNotification.Parse(WarmUpNotification, socket);
        int id;
        TimeSpan started;
        try
        {
            started = clock.Elapsed;
            id = socket.StartConnect(remotes);
            progress?.Invoke($"INIT sent to {peer} (sctp_connectx, association {id}); RTO.Initial {rtoInitialMs} ms.");
        }
        catch (SctpException e) when (e.Errno is Errno.ENETUNREACH or Errno.EHOSTUNREACH)
        {
            // No source address can reach the peer (the kernel found no usable route).
            return Failed(computerName, port, resolved, SctpProbeFailure.Unreachable, e.Errno, $"Cannot reach {peer}: {e.Errno.Format()}.", clock);
        }
        double? setupMs = null;
        SctpProbeFailure failure = SctpProbeFailure.None;
        Errno errno = Errno.None;
        string? message = null;
        // The kernel retransmits an unanswered INIT after RTO.Initial, then at doubling intervals.
        double nextRetransmitMs = rtoInitialMs, interval = rtoInitialMs;
        try
        {
            // INIT to COMM_UP, as the kernel reports it; nothing else is waited for.
            while (setupMs is null && failure == SctpProbeFailure.None)
            {
                if (progress is not null && (clock.Elapsed - started).TotalMilliseconds >= nextRetransmitMs)
                {
                    progress($"No INIT ACK after {(clock.Elapsed - started).TotalMilliseconds:0} ms: the kernel retransmits the INIT (next wait about {interval * 2:0} ms).");
                    interval *= 2;
                    nextRetransmitMs += interval;
                }
                var left = options.Timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || cancellation.IsCancellationRequested)
                {
                    failure = SctpProbeFailure.Timeout;
                    errno = Errno.ETIMEDOUT;
                    message = $"No answer from {peer} within {options.Timeout.TotalSeconds:0.###} s ({Errno.ETIMEDOUT.Format()}); the attempt was abandoned.";
                    break;
                }
                // In slices of RTO.Initial at most, so that -Verbose tells of each retransmission as it comes.
                var wait = progress is null ? left : TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, Math.Max(20, nextRetransmitMs - (clock.Elapsed - started).TotalMilliseconds)));
                if (NextChange(socket, id, wait, cancellation) is not { } change) continue;
                if (change.State == SctpAssociationChange.CommUp)
                    setupMs = (clock.Elapsed - started).TotalMilliseconds;
                else if (change.State == SctpAssociationChange.CantStartAssociation)
                {
                    // An ABORT comes back before the first INIT retransmission; later, the retransmissions ran out.
                    bool early = (clock.Elapsed - started).TotalMilliseconds < rtoInitialMs;
                    failure = early ? SctpProbeFailure.Refused : SctpProbeFailure.Timeout;
                    errno = early ? Errno.ECONNREFUSED : Errno.ETIMEDOUT;
                    message = early
                        ? $"{peer} refused the association: it answered INIT with ABORT ({Errno.ECONNREFUSED.Format()}); nothing listens there, or the peer does not accept this host."
                        : $"No answer from {peer}: the INIT retransmissions ran out ({Errno.ETIMEDOUT.Format()}).";
                }
            }
            if (setupMs is null)
            {
                progress?.Invoke(message!);
                return Failed(computerName, port, resolved, failure, errno, message!, clock, End(socket, id, established: false, progress));
            }

            var association = socket.GetAssociation(id);
            progress?.Invoke($"COMM_UP after {setupMs:0.#} ms: association {id}, {association.InboundStreams} inbound / {association.OutboundStreams} outbound streams, peer addresses {string.Join(", ", association.PeerAddresses)} (primary {association.PrimaryPeerAddress}).");
            bool? confirmed = null;
            if (options.ConfirmPaths)
            {
                progress?.Invoke($"Asking for a HEARTBEAT on every unconfirmed path ({string.Join(", ", association.Paths.Where(p => p.State == SctpPathState.Unconfirmed).Select(p => p.PeerAddress))}).");
                (association, confirmed) = ConfirmPaths(socket, association, options.Timeout - clock.Elapsed, cancellation);
                progress?.Invoke(confirmed == true ? "Every path is confirmed (Active)." : $"Not every path was confirmed in time: {string.Join(", ", association.Paths.Select(p => $"{p.PeerAddress} {p.State}"))}.");
            }
            var extensions = PeerExtensions(socket, id) & ~notTested;
            bool? ended = End(socket, id, established: true, progress);
            return new SctpConnectionTestResult
            {
                ComputerName = computerName, RemoteAddresses = SctpAddressText.List(resolved), RemotePort = port, Reachable = true, SetupTimeMs = setupMs,
                LocalAddresses = association.LocalAddresses, LocalPort = association.LocalPort,
                InboundStreams = association.InboundStreams, OutboundStreams = association.OutboundStreams,
                PeerAddresses = association.Paths, PrimaryPeerAddress = association.PrimaryPeerAddress, PathsConfirmed = confirmed,
                PeerExtensions = extensions, ExtensionsNotTested = notTested, ShutdownComplete = ended,
                ElapsedMs = clock.Elapsed.TotalMilliseconds,
            };
        }
        catch
        {
            End(socket, id, established: false, progress);
            throw;
        }
    }

    /// <summary>Offers every extension this host lets a socket offer, so that the association shows what the peer has; returns those it could not.</summary>
    private static SctpExtensions OfferEverything(SctpSocket socket)
    {
        var notTested = SctpExtensions.None;
        void Offer(SctpExtensions extension, params (string Name, object Value)[] options)
        {
            foreach (var (name, value) in options)
            {
                try { socket.SetOptions(0, new Dictionary<string, object> { [name] = value }); }
                catch (SctpOptionException) { notTested |= extension; return; }
            }
        }
        Offer(SctpExtensions.PrSctp, ("PrSupported", true));
        Offer(SctpExtensions.Auth, ("AuthSupported", true));
        Offer(SctpExtensions.Asconf, ("AsconfSupported", true));       // needs AUTH, offered just before
        Offer(SctpExtensions.Reconfig, ("ReconfigSupported", true));
        Offer(SctpExtensions.IData, ("FragmentInterleave", true), ("InterleavingSupported", true)); // net.sctp.intl_enable decides
        Offer(SctpExtensions.Ecn, ("EcnSupported", true));
        return notTested;
    }

    /// <summary>On an association the *Supported options say what both ends agreed to.</summary>
    private static SctpExtensions PeerExtensions(SctpSocket socket, int id)
    {
        var o = socket.GetOptions(id, new[] { "PrSupported", "AuthSupported", "AsconfSupported", "ReconfigSupported", "InterleavingSupported", "EcnSupported" }, out _);
        var found = SctpExtensions.None;
        if (o.PrSupported == true) found |= SctpExtensions.PrSctp;
        if (o.AuthSupported == true) found |= SctpExtensions.Auth;
        if (o.AsconfSupported == true) found |= SctpExtensions.Asconf;
        if (o.ReconfigSupported == true) found |= SctpExtensions.Reconfig;
        if (o.InterleavingSupported == true) found |= SctpExtensions.IData;
        if (o.EcnSupported == true) found |= SctpExtensions.Ecn;
        return found;
    }

    /// <summary>
    /// Asks for a HEARTBEAT on every path not yet confirmed (SPP_HB_DEMAND), and waits until each
    /// is confirmed or the time is up: the heartbeat interval alone would take half a minute.
    /// </summary>
    private static (SctpAssociation, bool) ConfirmPaths(SctpSocket socket, SctpAssociation association, TimeSpan left, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        foreach (var path in association.Paths.Where(p => p.State == SctpPathState.Unconfirmed))
            RequestHeartbeat(socket, association.Id, new IPEndPoint(IPAddress.Parse(path.PeerAddress), path.Port));
        while (true)
        {
            association = socket.GetAssociation(association.Id);
            if (association.Paths.All(p => p.State == SctpPathState.Active)) return (association, true);
            if (clock.Elapsed >= left || cancellation.IsCancellationRequested) return (association, false);
            cancellation.WaitHandle.WaitOne(Slice);
        }
    }

    private static unsafe void RequestHeartbeat(SctpSocket socket, int associationId, IPEndPoint address)
    {
        var parameters = new SctpPaddrParams { spp_assoc_id = associationId, spp_flags = SPP_HB_DEMAND };
        SockAddr.Write(new Span<byte>(parameters.spp_address, 128), address);
        var request = parameters; // a copy the lambda may capture
        try { socket.Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, request); return 0; }); }
        catch (SctpException) { /* the path went away meanwhile: its state says so */ }
    }

    /// <summary>
    /// Ends the probe's association with SHUTDOWN (SCTP_EOF; before it is established, the kernel
    /// drops it without a word to the peer) and waits until it is gone from the socket, so that
    /// closing the socket has nothing left to abort. True when it ended with SHUTDOWN-COMPLETE.
    /// </summary>
    private static bool? End(SctpSocket socket, int id, bool established, Action<string>? progress)
    {
        try { socket.Shutdown(id); }
        catch (SctpException) { progress?.Invoke($"Association {id} is gone already: nothing to end."); return established ? false : null; } // the peer ended it
        var clock = Stopwatch.StartNew();
        progress?.Invoke(established
            ? $"SHUTDOWN sent for association {id}; waiting for SHUTDOWN-COMPLETE."
            : $"Association {id} abandoned before it was up: the kernel drops it without a word to the peer.");
        while (clock.Elapsed < ShutdownBound)
        {
            if (!established)
            {
                // Not yet up: the kernel deletes it without a notification.
                if (!socket.GetAssociationIds().Contains(id)) return null;
                Thread.Sleep(Slice);
                continue;
            }
            // The kernel queues SHUTDOWN_COMP (or COMM_LOST) before it deletes the association.
            if (NextChange(socket, id, Slice, CancellationToken.None) is { } change)
            {
                if (change.State == SctpAssociationChange.ShutdownComplete)
                {
                    progress?.Invoke($"SHUTDOWN-COMPLETE for association {id} after {clock.Elapsed.TotalMilliseconds:0} ms: the peer saw a graceful end.");
                    return true;
                }
                if (change.State == SctpAssociationChange.CommLost)
                {
                    progress?.Invoke($"Association {id} was lost (COMM_LOST) while it shut down.");
                    return false;
                }
            }
        }
        if (established) progress?.Invoke($"No SHUTDOWN-COMPLETE for association {id} within {ShutdownBound.TotalSeconds:0.#} s.");
        return established ? false : null;
    }

    /// <summary>The next association change of <paramref name="id"/> within <paramref name="wait"/>; other notifications and data are dropped.</summary>
    private static SctpAssociationChangeNotification? NextChange(SctpSocket socket, int id, TimeSpan wait, CancellationToken cancellation)
    {
        try
        {
            return socket.Receive(wait, cancellation) is SctpAssociationChangeNotification change && change.AssociationId == id ? change : null;
        }
        catch (SctpTimeoutException) { return null; }
        catch (OperationCanceledException) { return null; }
    }

    private static SctpConnectionTestResult Failed(string computerName, int port, IPAddress[] resolved, SctpProbeFailure reason, Errno errno,
                                                   string message, Stopwatch clock, bool? ended = null) => new()
    {
        ComputerName = computerName, RemoteAddresses = SctpAddressText.List(resolved), RemotePort = port, Reachable = false, Reason = reason,
        Errno = errno, Message = message, ShutdownComplete = ended, ElapsedMs = clock.Elapsed.TotalMilliseconds,
    };
}
