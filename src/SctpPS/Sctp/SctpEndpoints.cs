using System.Globalization;
using System.Net;
using SctpPS.Native;

namespace SctpPS;

/// <summary>The state of an SCTP socket (the kernel's sk_state, enum sctp_sock_state).</summary>
public enum SctpEndpointState : long
{
    /// <summary>SCTP_SS_ESTABLISHED: a one-to-one socket whose association is up (connected, accepted or peeled off).</summary>
    Established = 1,
    /// <summary>SCTP_SS_CLOSED: bound, not listening (a one-to-many client socket, a one-to-one socket after its association).</summary>
    Bound = 7,
    /// <summary>SCTP_SS_CLOSING: a one-to-one socket whose association is shutting down.</summary>
    Closing = 8,
    /// <summary>SCTP_SS_LISTENING: accepts associations.</summary>
    Listen = 10,
}

/// <summary>
/// One SCTP socket on the host that the kernel lists, like a line of `ss -Sl`: its local
/// addresses and port, state, style, owner and process; the SctpPS socket when it is this session's.
/// </summary>
public sealed class SctpEndpoint
{
    /// <summary>As SctpPS writes addresses (SctpAddressText): the wildcard is 0.0.0.0 or ::.</summary>
    public SctpList<string> LocalAddresses { get; init; } = SctpList<string>.Empty;
    public int LocalPort { get; init; }
    public SctpEndpointState State { get; init; }
    public SctpSocketStyle Style { get; init; }

    /// <summary>Associations the socket carries now (sctp_diag and /proc/net/sctp/assocs; 0 for a listener without any).</summary>
    public int Associations { get; init; }

    /// <summary>A listener's backlog (listen(2)) and the associations waiting for accept(2); sctp_diag only.</summary>
    public int? Backlog { get; init; }
    public int? AcceptQueue { get; init; }

    public uint Uid { get; init; }
    public ulong Inode { get; init; }

    /// <summary>The pid of a process that holds the socket (when /proc lets this user see it), and its name.</summary>
    public int? OwningProcess { get; init; }
    public string? ProcessName { get; init; }

    /// <summary>The socket of this session, or null; it stays home when the endpoint travels (SocketId goes instead).</summary>
    public SctpSocket? Socket { get; init; }
    public int? SocketId => Socket?.Id;

    /// <summary>sctp_diag, /proc/net/sctp/eps (with /proc/net/sctp/assocs), or Socket (a socket of this session that no kernel table lists: bound, neither listening nor carrying associations).</summary>
    public string Source { get; init; } = "";

    public override string ToString() =>
        $"{State} {string.Join(",", LocalAddresses.Select(a => SctpAddressText.FormatEndPoint(a, LocalPort)))}{(OwningProcess is int pid ? $" ({ProcessName} {pid})" : "")}";
}

/// <summary>One socket as sctp_diag or /proc names it, before owners are looked up.</summary>
internal sealed class SctpEndpointRecord
{
    public ulong Inode { get; init; }
    public uint Uid { get; init; }
    public int LocalPort { get; init; }
    public int SocketState { get; init; }

    /// <summary>struct sctp_sock's type: 0 one-to-many (SCTP_SOCKET_UDP), 1 peeled off (UDP_HIGH_BANDWIDTH), 2 one-to-one (SCTP_SOCKET_TCP).</summary>
    public int? SocketType { get; init; }
    public byte Family { get; init; }
    public List<IPAddress> LocalAddresses { get; init; } = new();
    public bool IsAssociation { get; init; }
    public int Associations { get; set; }
    public int? AcceptQueue { get; init; }
    public int? Backlog { get; init; }
}

/// <summary>
/// The SCTP sockets of the host that listen or carry associations, as `ss -Sl` and `ss -Sa` show
/// them: from sctp_diag when it is loaded, else /proc/net/sctp/eps (listeners) and
/// /proc/net/sctp/assocs (sockets with associations).
/// </summary>
public static class SctpEndpoints
{
    /// <summary>The kernel's endpoint table; settable by tests only (a table that fails to read, or none).</summary>
    public static string EndpointsPath { get; internal set; } = "/proc/net/sctp/eps";

    /// <summary>Whether there is any table to read: the sctp module is loaded.</summary>
    public static bool IsAvailable => File.Exists(EndpointsPath);

    /// <param name="sessionSockets">This session's sockets: they are named in the rows, and those no table lists are added (bound, not listening).</param>
    /// <exception cref="SctpException">ENOENT: sctp_diag asked for and not loaded.</exception>
    public static List<SctpEndpoint> Read(IReadOnlyCollection<SctpSocket>? sessionSockets = null, SctpAssociationSource source = SctpAssociationSource.Auto)
    {
        if (source == SctpAssociationSource.SctpDiag && !SctpDiag.IsLoaded)
            throw new SctpException(Errno.ENOENT, "sock_diag",
                $"The sctp_diag module is not loaded ({Errno.ENOENT.Format()}): load it with 'modprobe sctp_diag', or list from /proc with -Source Proc.");
        bool diag = source == SctpAssociationSource.SctpDiag || (source == SctpAssociationSource.Auto && SctpDiag.IsLoaded);
        var records = diag ? SctpDiag.ReadEndpoints() : ReadProc();
        string origin = diag ? "sctp_diag" : EndpointsPath;

        var own = new Dictionary<ulong, SctpSocket>();
        foreach (var socket in sessionSockets ?? Array.Empty<SctpSocket>())
            if (socket.Inode is ulong inode and not 0) own.TryAdd(inode, socket);
        var owners = SctpSystemAssociations.FindOwningProcesses(records.Select(r => r.Inode).ToHashSet());
        var names = new Dictionary<int, string?>();

        var result = new List<SctpEndpoint>();
        foreach (var r in records)
        {
            int? pid = owners.TryGetValue(r.Inode, out int p) ? p : null;
            result.Add(new SctpEndpoint
            {
                LocalAddresses = SctpAddressText.List(r.LocalAddresses),
                LocalPort = r.LocalPort,
                State = (SctpEndpointState)r.SocketState,
                Style = r.SocketType is 0 ? SctpSocketStyle.OneToMany : SctpSocketStyle.OneToOne,
                Associations = r.Associations,
                Backlog = r.Backlog,
                AcceptQueue = r.AcceptQueue,
                Uid = r.Uid,
                Inode = r.Inode,
                OwningProcess = pid,
                ProcessName = pid is int id ? (names.TryGetValue(id, out var n) ? n : names[id] = ProcessName(id)) : null,
                Socket = own.GetValueOrDefault(r.Inode),
                Source = origin,
            });
        }

        // This session's bound sockets that neither listen nor carry an association are in no kernel table.
        var listed = records.Select(r => r.Inode).ToHashSet();
        foreach (var (inode, socket) in own)
        {
            if (listed.Contains(inode)) continue;
            int port = socket.LocalPort;
            if (port == 0) continue;
            result.Add(new SctpEndpoint
            {
                LocalAddresses = socket.LocalAddresses,
                LocalPort = port,
                State = SctpEndpointState.Bound,
                Style = socket.Style,
                Uid = Identity.Uid,
                Inode = inode,
                OwningProcess = Environment.ProcessId,
                ProcessName = ProcessName(Environment.ProcessId),
                Socket = socket,
                Source = "Socket",
            });
        }
        return result;
    }

    private static string? ProcessName(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>/proc/net/sctp/eps, then the sockets of /proc/net/sctp/assocs that it does not list.</summary>
    internal static List<SctpEndpointRecord> ReadProc()
    {
        var records = new List<SctpEndpointRecord>();
        var byInode = new Dictionary<ulong, SctpEndpointRecord>();
        foreach (var line in File.ReadLines(EndpointsPath).Skip(1))
            if (ParseEndpointLine(line) is { } record && byInode.TryAdd(record.Inode, record))
                records.Add(record);
        if (File.Exists(SctpSystemAssociations.ProcPath))
        {
            foreach (var line in File.ReadLines(SctpSystemAssociations.ProcPath).Skip(1))
            {
                if (ParseAssociationLine(line) is not { } association) continue;
                if (byInode.TryGetValue(association.Inode, out var known))
                {
                    known.Associations++;
                    // A listener keeps the addresses it is bound to; a socket known only by its
                    // associations has the addresses they use.
                    if (known.IsAssociation)
                        known.LocalAddresses.AddRange(association.LocalAddresses.Where(a => !known.LocalAddresses.Contains(a)));
                    continue;
                }
                association.Associations = 1;
                byInode[association.Inode] = association;
                records.Add(association);
            }
        }
        return records;
    }

    // " ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS" (net/sctp/proc.c sctp_eps_seq_show).
    internal static SctpEndpointRecord? ParseEndpointLine(string line)
    {
        var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 8 || !int.TryParse(p[2], out int type) || !int.TryParse(p[3], out int state)) return null;
        return new SctpEndpointRecord
        {
            SocketType = type,
            SocketState = state,
            LocalPort = int.Parse(p[5], CultureInfo.InvariantCulture),
            Uid = uint.Parse(p[6], CultureInfo.InvariantCulture),
            Inode = ulong.Parse(p[7], CultureInfo.InvariantCulture),
            LocalAddresses = Addresses(p.Skip(8)),
        };
    }

    // " ASSOC SOCK STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS ...":
    // the socket of one association, with that association's local addresses.
    internal static SctpEndpointRecord? ParseAssociationLine(string line)
    {
        int arrow = line.IndexOf("<->", StringComparison.Ordinal);
        if (arrow < 0) return null;
        var p = line[..arrow].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 13 || !int.TryParse(p[2], out int type) || !int.TryParse(p[3], out int state)) return null;
        return new SctpEndpointRecord
        {
            SocketType = type,
            SocketState = state,
            Uid = uint.Parse(p[9], CultureInfo.InvariantCulture),
            Inode = ulong.Parse(p[10], CultureInfo.InvariantCulture),
            LocalPort = int.Parse(p[11], CultureInfo.InvariantCulture),
            LocalAddresses = Addresses(p.Skip(13)),
            IsAssociation = true,
        };
    }

    private static List<IPAddress> Addresses(IEnumerable<string> words) =>
        words.Select(w => IPAddress.TryParse(w.TrimStart('*'), out var a) ? a : null).OfType<IPAddress>().ToList();
}
