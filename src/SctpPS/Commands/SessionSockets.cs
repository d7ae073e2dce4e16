using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace SctpPS.Commands;

/// <summary>
/// The sockets opened (created, accepted or peeled off) through the cmdlets and not closed,
/// by the runspace that opened them. A runspace sees and closes its own by default, so that a
/// thread job's `Get-SctpSocket | Close-SctpSocket` cannot close the main runspace's listener;
/// `-AllRunspaces` reaches every socket of the process.
/// </summary>
internal static class SessionSockets
{
    // Socket id -> (socket, the runspace that opened it).
    private static readonly ConcurrentDictionary<int, (SctpSocket Socket, Runspace? Owner)> s_sockets = new();

    /// <summary>The runspace the calling cmdlet runs in (null outside any, e.g. plain C# callers).</summary>
    private static Runspace? Current => Runspace.DefaultRunspace;

    public static SctpSocket Register(SctpSocket socket)
    {
        s_sockets[socket.Id] = (socket, Current);
        return socket;
    }

    public static void Forget(SctpSocket socket) => s_sockets.TryRemove(socket.Id, out _);

    /// <summary>Open sockets by Id, this runspace's or every runspace's; sockets closed through the API directly drop out here.</summary>
    public static IEnumerable<SctpSocket> Open(bool allRunspaces = false)
    {
        foreach (var entry in s_sockets.Values.Where(e => e.Socket.IsClosed).ToList())
            Forget(entry.Socket);
        return s_sockets.Values.Where(e => allRunspaces || IsCurrent(e.Owner)).Select(e => e.Socket).OrderBy(s => s.Id);
    }

    public static SctpSocket? Find(int id, bool allRunspaces = false) =>
        s_sockets.TryGetValue(id, out var entry) && !entry.Socket.IsClosed && (allRunspaces || IsCurrent(entry.Owner)) ? entry.Socket : null;

    /// <summary>The id of the runspace that opened <paramref name="socket"/> (as Get-Runspace numbers them), or null.</summary>
    public static int? OwnerOf(SctpSocket socket) =>
        s_sockets.TryGetValue(socket.Id, out var entry) ? entry.Owner?.Id : null;

    private static bool IsCurrent(Runspace? owner) => ReferenceEquals(owner, Current);
}
