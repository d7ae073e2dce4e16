// Peeling off N associations of one one-to-many socket (bench/peeloff.c's work) with SctpSocket.PeelOff.
using System.Diagnostics;
using System.Net;
using SctpPS;

namespace ManagedBench;

internal static class PeelOff
{
    public static int Run(int n, int port)
    {
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
}
