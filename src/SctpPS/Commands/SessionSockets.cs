using System.Collections.Concurrent;

namespace SctpPS.Commands;

/// <summary>The sockets this session opened (created, accepted or peeled off) and has not closed.</summary>
internal static class SessionSockets
{
    private static readonly ConcurrentDictionary<int, SctpSocket> s_sockets = new();

    public static SctpSocket Register(SctpSocket socket)
    {
        s_sockets[socket.Id] = socket;
        return socket;
    }

    public static void Forget(SctpSocket socket) => s_sockets.TryRemove(socket.Id, out _);

    /// <summary>Open sockets by Id; sockets closed through the API directly drop out here.</summary>
    public static IEnumerable<SctpSocket> Open()
    {
        foreach (var socket in s_sockets.Values.Where(s => s.IsClosed).ToList())
            Forget(socket);
        return s_sockets.Values.OrderBy(s => s.Id);
    }

    public static SctpSocket? Find(int id) =>
        s_sockets.TryGetValue(id, out var socket) && !socket.IsClosed ? socket : null;
}
