using System.Globalization;
using System.Net;
using SctpPS.Native;

namespace SctpPS;

/// <summary>Where a system-wide listing comes from.</summary>
public enum SctpAssociationSource : long
{
    /// <summary>sctp_diag when it is loaded, else /proc/net/sctp/assocs.</summary>
    Auto,
    SctpDiag,
    Proc,
}

/// <summary>
/// Every SCTP association on the host, like `ss -S`: from sctp_diag over netlink
/// when that module is loaded (with each primary path's transport state), else
/// from /proc/net/sctp/assocs (present whenever the sctp module is loaded).
/// </summary>
public static class SctpSystemAssociations
{
    public const string ProcPath = "/proc/net/sctp/assocs";

    /// <summary>Whether there is any source to read: the sctp module is loaded.</summary>
    public static bool IsAvailable => File.Exists(ProcPath);

    /// <summary>
    /// Reads the table. <paramref name="ownSocketByInode"/> maps a socket inode to a socket of
    /// this session, whose associations are then described through the socket itself.
    /// </summary>
    /// <exception cref="SctpException">ENOENT: <see cref="SctpAssociationSource.SctpDiag"/> asked for, and the module is not loaded.</exception>
    public static List<SctpAssociation> Read(Func<ulong, SctpSocket?>? ownSocketByInode = null, SctpAssociationSource source = SctpAssociationSource.Auto)
    {
        if (source == SctpAssociationSource.SctpDiag && !SctpDiag.IsLoaded)
            throw new SctpException(Errno.ENOENT, "sock_diag",
                $"The sctp_diag module is not loaded ({Errno.ENOENT.Format()}): load it with 'modprobe sctp_diag', or list from /proc with -Source Proc.");
        var proc = File.ReadAllLines(ProcPath).Skip(1).Select(ParseLine).OfType<SctpAssociation>().ToList();
        var rows = proc;
        if (source == SctpAssociationSource.SctpDiag || (source == SctpAssociationSource.Auto && SctpDiag.IsLoaded))
        {
            // sctp_diag does not carry the association id; /proc does: join on socket and ports.
            rows = SctpDiag.Read();
            foreach (var row in rows)
                row.Id = proc.FirstOrDefault(p => p.Inode == row.Inode && p.LocalPort == row.LocalPort && p.RemotePort == row.RemotePort
                                                  && p.PeerAddresses.Intersect(row.PeerAddresses, StringComparer.OrdinalIgnoreCase).Any())?.Id ?? 0;
        }
        var owners = FindOwningProcesses(rows.Select(r => r.Inode!.Value).ToHashSet());
        var result = new List<SctpAssociation>(rows.Count);
        foreach (var row in rows)
        {
            var socket = ownSocketByInode?.Invoke(row.Inode!.Value);
            SctpAssociation? own = null;
            if (socket is not null && row.Id != 0)
            {
                try { own = socket.GetAssociation(row.Id); }
                catch (SctpException) { }           // gone meanwhile
                catch (ObjectDisposedException) { }
            }
            var entry = own ?? row;
            entry.Socket = socket; // also while SCTP_STATUS cannot see it yet (a one-to-one socket still connecting)
            entry.Inode = row.Inode;
            entry.Uid = row.Uid;
            entry.OwningProcess = owners.TryGetValue(row.Inode!.Value, out int pid) ? pid : null;
            entry.Source = row.Source;
            result.Add(entry);
        }
        return result;
    }

    // " ASSOC SOCK STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS
    //   HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf" (net/sctp/proc.c);
    // the primary peer address is marked with '*'; ST is the kernel's internal state (uapi - 1).
    internal static SctpAssociation? ParseLine(string line)
    {
        int arrow = line.IndexOf("<->", StringComparison.Ordinal);
        if (arrow < 0) return null;
        var left = line[..arrow].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rightParts = line[(arrow + 3)..].Split('\t');
        if (left.Length < 13 || rightParts.Length < 2 || !int.TryParse(left[6], out _)) return null; // the header, or a line of another shape
        var peers = rightParts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var numbers = rightParts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        IPAddress? primary = null;
        var peerAddresses = new List<IPAddress>();
        foreach (var p in peers)
        {
            bool isPrimary = p.StartsWith('*');
            if (!IPAddress.TryParse(isPrimary ? p[1..] : p, out var address)) continue;
            peerAddresses.Add(address);
            if (isPrimary) primary = address;
        }
        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        return new SctpAssociation
        {
            Id = Int(left[6]),
            State = (SctpAssociationState)(Int(left[4]) + 1),
            Uid = uint.Parse(left[9], CultureInfo.InvariantCulture),
            Inode = ulong.Parse(left[10], CultureInfo.InvariantCulture),
            LocalPort = Int(left[11]),
            RemotePort = Int(left[12]),
            LocalAddresses = SctpAddressText.List(left.Skip(13).Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>()),
            PeerAddresses = SctpAddressText.List(peerAddresses),
            PrimaryPeerAddress = primary is null ? null : SctpAddressText.Format(primary),
            InboundStreams = numbers.Length > 1 ? Int(numbers[1]) : 0,
            OutboundStreams = numbers.Length > 2 ? Int(numbers[2]) : 0,
            Paths = new SctpList<SctpPath>(peerAddresses.Select(a => new SctpPath { PeerAddress = SctpAddressText.Format(a), Port = Int(left[12]), State = SctpPathState.Unknown, IsPrimary = a.Equals(primary) }).ToList()),
            Source = ProcPath,
        };
    }

    /// <summary>pid of a process holding each socket inode, from /proc/[pid]/fd (only those this user may read).</summary>
    internal static Dictionary<ulong, int> FindOwningProcesses(HashSet<ulong> inodes)
    {
        var owners = new Dictionary<ulong, int>();
        if (inodes.Count == 0) return owners;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && ulong.TryParse(target.AsSpan(8, target.Length - 9), out ulong inode) && inodes.Contains(inode))
                        owners.TryAdd(inode, pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* gone, or not ours to read */ }
        }
        return owners;
    }
}
