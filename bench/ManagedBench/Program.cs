// The managed API's side of bench/Invoke-Bench.ps1, doing what bench/msgbench.c and
// bench/peeloff.c do, in a process of its own (as a C# program using SctpPS would).
//   ManagedBench messages N SIZE PORT   -> "<n> <size> <milliseconds>"
//   ManagedBench peeloff N PORT         -> "<n> <milliseconds>"
using System.Diagnostics;
using System.Net;
using SctpPS;

var forever = Timeout.InfiniteTimeSpan;
switch (args.ElementAtOrDefault(0))
{
    case "messages" when args.Length == 4:
    {
        int n = int.Parse(args[1]), size = int.Parse(args[2]), port = int.Parse(args[3]);
        var buffers = new Dictionary<string, object> { ["SendBufferSize"] = 4 << 20, ["ReceiveBufferSize"] = 4 << 20 };
        using var server = SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port, Listen = true, NoDelay = true });
        using var client = SctpSocket.Create(new SctpSocketOptions { NoDelay = true });
        server.SetOptions(0, buffers);
        client.SetOptions(0, buffers);
        var association = client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, port) }, TimeSpan.FromSeconds(10));
        var payload = new byte[size];
        var buffer = new byte[256 * 1024];
        var info = new SctpSendInfo { Stream = 1, PayloadProtocolId = 46, AssociationId = association.Id };
        int batch = Math.Max(1, Math.Min(64, 2 * 1024 * 1024 / size)); // as msgbench.c
        var clock = Stopwatch.StartNew();
        for (int done = 0; done < n;)
        {
            int count = Math.Min(batch, n - done);
            for (int i = 0; i < count; i++) client.Send(payload, info, forever);
            for (int received = 0; received < count;)
            {
                var r = server.ReceiveInto(buffer, forever);
                if (r.IsComplete && !r.IsNotification) received++;
            }
            done += count;
        }
        Console.WriteLine($"{n} {size} {clock.Elapsed.TotalMilliseconds:0.000}");
        return 0;
    }
    case "peeloff" when args.Length == 3:
    {
        int n = int.Parse(args[1]), port = int.Parse(args[2]);
        var sockets = new List<SctpSocket>();
        try
        {
            var server = SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port, Listen = true });
            sockets.Add(server);
            for (int i = 0; i < n; i++)
            {
                var client = SctpSocket.Create(new SctpSocketOptions());
                sockets.Add(client);
                client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, port) }, TimeSpan.FromSeconds(10));
            }
            while (server.GetAssociationIds().Length < n) Thread.Sleep(5);
            var ids = server.GetAssociationIds();
            var clock = Stopwatch.StartNew();
            foreach (var id in ids) sockets.Add(server.PeelOff(id));
            Console.WriteLine($"{n} {clock.Elapsed.TotalMilliseconds:0.000}");
            return 0;
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
    }
    default:
        Console.Error.WriteLine("usage: ManagedBench messages N SIZE PORT | peeloff N PORT");
        return 2;
}
