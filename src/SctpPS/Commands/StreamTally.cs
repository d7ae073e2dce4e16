namespace SctpPS.Commands;

/// <summary>Messages and bytes per stream, for what -Verbose says a Send or Receive moved.</summary>
internal sealed class StreamTally(string verb)
{
    private readonly SortedDictionary<int, (int Messages, long Bytes)> _streams = new();

    public void Add(int stream, int bytes)
    {
        _streams.TryGetValue(stream, out var t);
        _streams[stream] = (t.Messages + 1, t.Bytes + bytes);
    }

    public string Describe(SctpSocket socket) => _streams.Count == 0
        ? $"{verb} no message on socket {socket.Id}."
        : $"{verb} on socket {socket.Id}: " + string.Join("; ", _streams.Select(s => $"stream {s.Key}: {s.Value.Messages} message{(s.Value.Messages == 1 ? "" : "s")}, {s.Value.Bytes} bytes")) + ".";
}
