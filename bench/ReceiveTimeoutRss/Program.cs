// Issue 17: resident memory under many receive timeouts. N threads each wait in Receive with a
// timeout on a socket where nothing arrives, over and over; every 2 s this prints RSS (anon and
// file-backed, from /proc/self/status), the GC's live bytes and committed bytes, the pinned
// object heap (the 256 KiB receive buffer each socket keeps), threads, timeouts and first-chance
// exceptions; at the end glibc's malloc_stats (per-arena) goes to stderr.
// Build: dotnet build -c Release -o out/rss bench/ReceiveTimeoutRss
// Run (in the sandbox): dotnet out/rss/ReceiveTimeoutRss.dll [OneToOne|OneToMany|Sleep] [threads] [seconds] [timeoutMs]
// Compare with MALLOC_ARENA_MAX=1 and DOTNET_GCgen0size=0x200000 in the environment.
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using SctpPS;
using SctpPS.Native;

string style = args.Length > 0 ? args[0] : "OneToOne";
int threads = args.Length > 1 ? int.Parse(args[1]) : 25;
int seconds = args.Length > 2 ? int.Parse(args[2]) : 40;
int timeoutMs = args.Length > 3 ? int.Parse(args[3]) : 1000;
long exceptions = 0, timeouts = 0;
AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
var clock = Stopwatch.StartNew();

void Sample(string what)
{
    var s = new Dictionary<string, long>();
    foreach (var line in File.ReadAllLines("/proc/self/status"))
    {
        var parts = line.Split(':', 2);
        if (parts.Length == 2 && parts[0] is "VmRSS" or "RssAnon" or "RssFile" or "Threads")
            s[parts[0]] = long.Parse(parts[1].Trim().Split(' ')[0]);
    }
    var gc = GC.GetGCMemoryInfo();
    long poh = gc.GenerationInfo.Length > 4 ? gc.GenerationInfo[4].SizeAfterBytes : 0;
    Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1}s {what,-9} RSS {s["VmRSS"] / 1024.0,6:F1} MiB (anon {s["RssAnon"] / 1024.0,5:F1}, file {s["RssFile"] / 1024.0,5:F1})" +
        $" threads {s["Threads"],3} | GC live {GC.GetTotalMemory(false) / 1048576.0,5:F1} MiB, committed {gc.TotalCommittedBytes / 1048576.0,5:F1}, pinned heap {poh / 1048576.0,4:F2}" +
        $" | timeouts {Interlocked.Read(ref timeouts),5}, exceptions {Interlocked.Read(ref exceptions),6}");
}

Sample("start");
var sockets = new List<SctpSocket>();
var receivers = new List<SctpSocket>();
int port = 29000 + Environment.ProcessId % 500;
if (style == "OneToOne")
{
    // Connected one-to-one sockets: the wait also checks, each slice, that the association is there.
    var server = SctpSocket.Create(new SctpSocketOptions { Style = SctpSocketStyle.OneToOne, LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port, Listen = true });
    sockets.Add(server);
    for (int i = 0; i < threads; i++)
    {
        var c = SctpSocket.Create(new SctpSocketOptions { Style = SctpSocketStyle.OneToOne });
        c.Connect(new[] { new IPEndPoint(IPAddress.Loopback, port) }, TimeSpan.FromSeconds(10));
        sockets.Add(c);
        sockets.Add(server.Accept(TimeSpan.FromSeconds(10)));
        receivers.Add(c);
    }
}
else if (style == "OneToMany")
{
    for (int i = 0; i < threads; i++)
    {
        var s = SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port + 1 + i, Listen = true });
        sockets.Add(s);
        receivers.Add(s);
    }
}
Sample("sockets");
bool stop = false;
var workers = new List<Thread>();
for (int i = 0; i < threads; i++)
{
    // "Sleep": the same threads without sockets, for what the threads alone cost.
    var socket = i < receivers.Count ? receivers[i] : null;
    var t = new Thread(() =>
    {
        while (!Volatile.Read(ref stop))
        {
            if (socket is null) { Thread.Sleep(timeoutMs); Interlocked.Increment(ref timeouts); continue; }
            try { socket.Receive(TimeSpan.FromMilliseconds(timeoutMs)); }
            catch (SctpTimeoutException) { Interlocked.Increment(ref timeouts); }
        }
    }) { IsBackground = true };
    workers.Add(t);
    t.Start();
}
for (int i = 0; i < seconds / 2; i++) { Thread.Sleep(2000); Sample("running"); }
Volatile.Write(ref stop, true);
foreach (var t in workers) t.Join();
GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
Sample("collected");
malloc_stats();
foreach (var s in sockets) s.Dispose();

[DllImport("libc")] static extern void malloc_stats();
