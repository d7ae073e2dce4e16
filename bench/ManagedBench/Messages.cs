// The message patterns of bench/msgbench.c with the managed API: SctpSocket.Send, and
// SctpSocket.ReceiveInto (no allocation per message) into one buffer. Same commands, same
// answers, same sockets: SCTP_NODELAY, 4 MiB buffers, stream 1, payload protocol id 46.
using System.Diagnostics;
using System.Net;
using SctpPS;

namespace ManagedBench;

internal static class Messages
{
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;
    private static readonly Dictionary<string, object> Buffers = new() { ["SendBufferSize"] = 4 << 20, ["ReceiveBufferSize"] = 4 << 20 };

    public static int Serve(TextReader input, TextWriter output)
    {
        var buffer = new byte[256 * 1024];
        var payload = new byte[256 * 1024];
        while (input.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 4) { output.WriteLine("error: usage: batch|receive|send|threads|echo|ping N SIZE PORT"); continue; }
            int n = int.Parse(words[1]), size = int.Parse(words[2]), port = int.Parse(words[3]);
            var data = payload.AsMemory(0, size);
            switch (words[0])
            {
                case "batch": output.WriteLine(Batch(n, data.Span, port, buffer)); break;
                case "receive":
                {
                    using var listener = Listener(port);
                    output.WriteLine("listening"); output.Flush();
                    output.WriteLine(Format(ReceiveAll(listener, n, buffer)));
                    break;
                }
                case "threads":
                {
                    using var listener = Listener(port);
                    var sender = new Thread(() => SendAll(port, n, data.Span));
                    sender.Start();
                    double ms = ReceiveAll(listener, n, buffer);
                    sender.Join();
                    output.WriteLine(Format(ms));
                    break;
                }
                case "send": SendAll(port, n, data.Span); output.WriteLine("sent"); break;
                case "echo":
                {
                    using var listener = Listener(port);
                    output.WriteLine("listening"); output.Flush();
                    Echo(listener, n, buffer);
                    output.WriteLine("echoed");
                    break;
                }
                case "ping": output.WriteLine(Ping(port, n, data.Span, buffer)); break;
                default: output.WriteLine($"error: unknown command {words[0]}"); break;
            }
            output.Flush();
        }
        return 0;
    }

    private static string Format(double ms) => ms.ToString("0.000");

    private static SctpSocket NewSocket(SctpSocketOptions options)
    {
        options.NoDelay = true;
        var socket = SctpSocket.Create(options);
        socket.SetOptions(0, Buffers);
        return socket;
    }

    private static SctpSocket Listener(int port) => NewSocket(new SctpSocketOptions
    { Style = SctpSocketStyle.OneToOne, LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port, Listen = true });

    private static SctpSocket Client(int port, SctpSocketStyle style, out SctpAssociation association)
    {
        var client = NewSocket(new SctpSocketOptions { Style = style });
        association = client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, port) }, TimeSpan.FromSeconds(10));
        return client;
    }

    /// <summary>One whole message into the buffer (a message that fits arrives in one piece); its length.</summary>
    private static int ReceiveMessage(SctpSocket socket, byte[] buffer)
    {
        while (true)
        {
            var r = socket.ReceiveInto(buffer, Forever);
            if (r.IsComplete && !r.IsNotification) return r.Length;
        }
    }

    private static string Batch(int n, ReadOnlySpan<byte> payload, int port, byte[] buffer)
    {
        using var server = NewSocket(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port, Listen = true });
        using var client = Client(port, SctpSocketStyle.OneToMany, out var association);
        var info = new SctpSendInfo { Stream = 1, PayloadProtocolId = 46, AssociationId = association.Id };
        int batch = Math.Max(1, Math.Min(64, 2 * 1024 * 1024 / payload.Length)); // as msgbench.c
        var clock = Stopwatch.StartNew();
        for (int done = 0; done < n;)
        {
            int count = Math.Min(batch, n - done);
            for (int i = 0; i < count; i++) client.Send(payload, info, Forever);
            for (int received = 0; received < count; received++) ReceiveMessage(server, buffer);
            done += count;
        }
        return Format(clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Accepts one peer and receives N messages; milliseconds from the end of the warm-up (N/10) to the last.</summary>
    private static double ReceiveAll(SctpSocket listener, int n, byte[] buffer)
    {
        using var connection = listener.Accept(TimeSpan.FromSeconds(30));
        int warmUp = n / 10;
        long start = Stopwatch.GetTimestamp();
        for (int received = 0; received < n;)
        {
            ReceiveMessage(connection, buffer);
            if (++received == warmUp) start = Stopwatch.GetTimestamp();
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void SendAll(int port, int n, ReadOnlySpan<byte> payload)
    {
        using var client = Client(port, SctpSocketStyle.OneToOne, out _);
        var info = new SctpSendInfo { Stream = 1, PayloadProtocolId = 46 };
        for (int i = 0; i < n; i++) client.Send(payload, info, Forever);
    } // Dispose: a graceful close, SHUTDOWN once everything queued is delivered

    private static void Echo(SctpSocket listener, int n, byte[] buffer)
    {
        using var connection = listener.Accept(TimeSpan.FromSeconds(30));
        var info = new SctpSendInfo { Stream = 1, PayloadProtocolId = 46 };
        for (int i = 0; i < n; i++)
            connection.Send(buffer.AsSpan(0, ReceiveMessage(connection, buffer)), info, Forever);
    }

    private static string Ping(int port, int n, ReadOnlySpan<byte> payload, byte[] buffer)
    {
        using var client = Client(port, SctpSocketStyle.OneToOne, out _);
        var info = new SctpSendInfo { Stream = 1, PayloadProtocolId = 46 };
        var roundTrips = new double[n];
        int warmUp = n / 10;
        long start = 0;
        for (int i = 0; i < n; i++)
        {
            long sent = Stopwatch.GetTimestamp();
            if (i == warmUp) start = sent;
            client.Send(payload, info, Forever);
            ReceiveMessage(client, buffer);
            roundTrips[i] = Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
        }
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var timed = roundTrips.AsSpan(warmUp);
        timed.Sort();
        return $"{Format(ms)} {timed[timed.Length / 2]:0.0} {timed[(int)(timed.Length * 0.99)]:0.0}";
    }
}
