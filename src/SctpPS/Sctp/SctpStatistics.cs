using System.Diagnostics;
using System.Globalization;

namespace SctpPS;

/// <summary>
/// The host's SCTP counters (sctp(7) STATISTICS) from /proc/net/sctp/snmp at one moment, as
/// `nstat` and `netstat -s` read them. Every counter the kernel lists is in <see cref="Counters"/>,
/// by its name; the ones Linux 6.1 has are also properties (null when this kernel lacks one).
/// </summary>
public sealed class SctpStatistics
{
    /// <summary>Where the kernel publishes the counters; settable by tests only (a fake file with new counters, or none).</summary>
    internal static string ProcPath { get; set; } = "/proc/net/sctp/snmp";

    /// <summary>The counters' names as Linux 6.1 lists them (include/net/sctp/sctp.h, SNMP_MIB_SCTP), in its order.</summary>
    public static IReadOnlyList<string> KnownCounters { get; } = new[]
    {
        "SctpCurrEstab", "SctpActiveEstabs", "SctpPassiveEstabs", "SctpAborteds", "SctpShutdowns", "SctpOutOfBlues",
        "SctpChecksumErrors", "SctpOutCtrlChunks", "SctpOutOrderChunks", "SctpOutUnorderChunks", "SctpInCtrlChunks",
        "SctpInOrderChunks", "SctpInUnorderChunks", "SctpFragUsrMsgs", "SctpReasmUsrMsgs", "SctpOutSCTPPacks",
        "SctpInSCTPPacks", "SctpT1InitExpireds", "SctpT1CookieExpireds", "SctpT2ShutdownExpireds", "SctpT3RtxExpireds",
        "SctpT4RtoExpireds", "SctpT5ShutdownGuardExpireds", "SctpDelaySackExpireds", "SctpAutocloseExpireds",
        "SctpT3Retransmits", "SctpPmtudRetransmits", "SctpFastRetransmits", "SctpInPktSoftirq", "SctpInPktBacklog",
        "SctpInPktDiscards", "SctpInDataChunkDiscards",
    };

    /// <summary>SctpCurrEstab is a gauge (associations established now); every other counter only grows.</summary>
    public const string Gauge = "SctpCurrEstab";

    /// <summary>Whether the sctp module is loaded, so that there is a table to read.</summary>
    public static bool IsAvailable => File.Exists(ProcPath);

    /// <summary>When the counters were read (local time).</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>Every counter the kernel listed, by name, in the kernel's order.</summary>
    public IReadOnlyDictionary<string, ulong> Counters { get; init; } = new Dictionary<string, ulong>();

    /// <summary>The counters this kernel has that <see cref="KnownCounters"/> lacks (a newer kernel's).</summary>
    public IEnumerable<string> NewCounters => Counters.Keys.Where(k => !KnownCounters.Contains(k));

    /// <summary>A counter by name (as the kernel spells it), or null when this kernel does not list it.</summary>
    public ulong? this[string name] => Counters.TryGetValue(name, out var value) ? value : null;

    public ulong? SctpCurrEstab => this[nameof(SctpCurrEstab)];
    public ulong? SctpActiveEstabs => this[nameof(SctpActiveEstabs)];
    public ulong? SctpPassiveEstabs => this[nameof(SctpPassiveEstabs)];
    public ulong? SctpAborteds => this[nameof(SctpAborteds)];
    public ulong? SctpShutdowns => this[nameof(SctpShutdowns)];
    public ulong? SctpOutOfBlues => this[nameof(SctpOutOfBlues)];
    public ulong? SctpChecksumErrors => this[nameof(SctpChecksumErrors)];
    public ulong? SctpOutCtrlChunks => this[nameof(SctpOutCtrlChunks)];
    public ulong? SctpOutOrderChunks => this[nameof(SctpOutOrderChunks)];
    public ulong? SctpOutUnorderChunks => this[nameof(SctpOutUnorderChunks)];
    public ulong? SctpInCtrlChunks => this[nameof(SctpInCtrlChunks)];
    public ulong? SctpInOrderChunks => this[nameof(SctpInOrderChunks)];
    public ulong? SctpInUnorderChunks => this[nameof(SctpInUnorderChunks)];
    public ulong? SctpFragUsrMsgs => this[nameof(SctpFragUsrMsgs)];
    public ulong? SctpReasmUsrMsgs => this[nameof(SctpReasmUsrMsgs)];
    public ulong? SctpOutSCTPPacks => this[nameof(SctpOutSCTPPacks)];
    public ulong? SctpInSCTPPacks => this[nameof(SctpInSCTPPacks)];
    public ulong? SctpT1InitExpireds => this[nameof(SctpT1InitExpireds)];
    public ulong? SctpT1CookieExpireds => this[nameof(SctpT1CookieExpireds)];
    public ulong? SctpT2ShutdownExpireds => this[nameof(SctpT2ShutdownExpireds)];
    public ulong? SctpT3RtxExpireds => this[nameof(SctpT3RtxExpireds)];
    public ulong? SctpT4RtoExpireds => this[nameof(SctpT4RtoExpireds)];
    public ulong? SctpT5ShutdownGuardExpireds => this[nameof(SctpT5ShutdownGuardExpireds)];
    public ulong? SctpDelaySackExpireds => this[nameof(SctpDelaySackExpireds)];
    public ulong? SctpAutocloseExpireds => this[nameof(SctpAutocloseExpireds)];
    public ulong? SctpT3Retransmits => this[nameof(SctpT3Retransmits)];
    public ulong? SctpPmtudRetransmits => this[nameof(SctpPmtudRetransmits)];
    public ulong? SctpFastRetransmits => this[nameof(SctpFastRetransmits)];
    public ulong? SctpInPktSoftirq => this[nameof(SctpInPktSoftirq)];
    public ulong? SctpInPktBacklog => this[nameof(SctpInPktBacklog)];
    public ulong? SctpInPktDiscards => this[nameof(SctpInPktDiscards)];
    public ulong? SctpInDataChunkDiscards => this[nameof(SctpInDataChunkDiscards)];

    /// <summary>Reads the counters now.</summary>
    /// <exception cref="FileNotFoundException">No table: the sctp module is not loaded.</exception>
    public static SctpStatistics Read() => Parse(File.ReadAllLines(ProcPath), DateTime.Now);

    /// <summary>"NAME value" per line (net/sctp/proc.c prints the name padded with blanks and a tab); lines of another shape are skipped.</summary>
    internal static SctpStatistics Parse(IEnumerable<string> lines, DateTime timestamp)
    {
        var counters = new OrderedCounters();
        foreach (var line in lines)
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                counters.Add(parts[0], value);
        }
        return new SctpStatistics { Timestamp = timestamp, Counters = counters };
    }

    /// <summary>
    /// Samples the counters every <paramref name="interval"/> and yields the rates of each interval,
    /// <paramref name="count"/> times (null: until cancelled). The first interval starts at once.
    /// </summary>
    public static IEnumerable<SctpStatisticsRate> Sample(TimeSpan interval, int? count, CancellationToken cancellation = default)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be positive.");
        var previous = Read();
        var clock = Stopwatch.StartNew();
        var lastAt = TimeSpan.Zero;
        for (int n = 1; count is null || n <= count; n++)
        {
            // Against the clock, not sleep after sleep, so that intervals do not drift by the time reading takes.
            var due = interval * n;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero && cancellation.WaitHandle.WaitOne(wait)) yield break;
            if (cancellation.IsCancellationRequested) yield break;
            var current = Read();
            var at = clock.Elapsed;
            yield return SctpStatisticsRate.Between(previous, current, (at - lastAt).TotalSeconds, n);
            previous = current;
            lastAt = at;
        }
    }

    public override string ToString() =>
        $"SCTP statistics at {Timestamp:T}: {SctpCurrEstab} established, {SctpAborteds} aborted, {SctpShutdowns} shut down";

    /// <summary>Counters by name that enumerate in the kernel's order (a Dictionary does not promise one).</summary>
    private sealed class OrderedCounters : IReadOnlyDictionary<string, ulong>
    {
        private readonly Dictionary<string, ulong> _values = new();
        private readonly List<string> _order = new();

        public void Add(string name, ulong value)
        {
            if (!_values.TryAdd(name, value)) return; // a repeated name: the first one counts
            _order.Add(name);
        }

        public ulong this[string key] => _values[key];
        public IEnumerable<string> Keys => _order;
        public IEnumerable<ulong> Values => _order.Select(k => _values[k]);
        public int Count => _order.Count;
        public bool ContainsKey(string key) => _values.ContainsKey(key);
        public bool TryGetValue(string key, out ulong value) => _values.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, ulong>> GetEnumerator() => _order.Select(k => KeyValuePair.Create(k, _values[k])).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// How fast the host's SCTP counters moved during one sampling interval: per second, and the
/// change in count. SctpCurrEstab, a gauge, is its value at the end of the interval.
/// </summary>
public sealed class SctpStatisticsRate
{
    /// <summary>1 for the first interval, then 2, 3, ...</summary>
    public int Sample { get; init; }

    /// <summary>The end of the interval (local time).</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>The measured length of the interval, seconds.</summary>
    public double IntervalSeconds { get; init; }

    /// <summary>Per second, every counter the kernel listed (SctpCurrEstab: the value at the end).</summary>
    public IReadOnlyDictionary<string, double> Rates { get; init; } = new Dictionary<string, double>();

    /// <summary>How much each counter grew during the interval (SctpCurrEstab: how much it changed, up or down).</summary>
    public IReadOnlyDictionary<string, long> Changes { get; init; } = new Dictionary<string, long>();

    /// <summary>The counters at the end of the interval.</summary>
    public SctpStatistics End { get; init; } = new();

    /// <summary>A counter's rate by name, or null when this kernel does not list it.</summary>
    public double? this[string name] => Rates.TryGetValue(name, out var value) ? value : null;

    internal static SctpStatisticsRate Between(SctpStatistics start, SctpStatistics end, double seconds, int sample)
    {
        var rates = new Dictionary<string, double>();
        var changes = new Dictionary<string, long>();
        foreach (var (name, value) in end.Counters)
        {
            long change = start.Counters.TryGetValue(name, out var before) ? unchecked((long)(value - before)) : 0;
            changes[name] = change;
            rates[name] = name == SctpStatistics.Gauge ? value : seconds > 0 ? change / seconds : 0;
        }
        return new SctpStatisticsRate
        {
            Sample = sample, Timestamp = end.Timestamp, IntervalSeconds = seconds, Rates = rates, Changes = changes, End = end,
        };
    }

    public ulong? SctpCurrEstab => End.SctpCurrEstab;
    public double? SctpActiveEstabs => this[nameof(SctpActiveEstabs)];
    public double? SctpPassiveEstabs => this[nameof(SctpPassiveEstabs)];
    public double? SctpAborteds => this[nameof(SctpAborteds)];
    public double? SctpShutdowns => this[nameof(SctpShutdowns)];
    public double? SctpOutOfBlues => this[nameof(SctpOutOfBlues)];
    public double? SctpChecksumErrors => this[nameof(SctpChecksumErrors)];
    public double? SctpOutCtrlChunks => this[nameof(SctpOutCtrlChunks)];
    public double? SctpOutOrderChunks => this[nameof(SctpOutOrderChunks)];
    public double? SctpOutUnorderChunks => this[nameof(SctpOutUnorderChunks)];
    public double? SctpInCtrlChunks => this[nameof(SctpInCtrlChunks)];
    public double? SctpInOrderChunks => this[nameof(SctpInOrderChunks)];
    public double? SctpInUnorderChunks => this[nameof(SctpInUnorderChunks)];
    public double? SctpFragUsrMsgs => this[nameof(SctpFragUsrMsgs)];
    public double? SctpReasmUsrMsgs => this[nameof(SctpReasmUsrMsgs)];
    public double? SctpOutSCTPPacks => this[nameof(SctpOutSCTPPacks)];
    public double? SctpInSCTPPacks => this[nameof(SctpInSCTPPacks)];
    public double? SctpT1InitExpireds => this[nameof(SctpT1InitExpireds)];
    public double? SctpT1CookieExpireds => this[nameof(SctpT1CookieExpireds)];
    public double? SctpT2ShutdownExpireds => this[nameof(SctpT2ShutdownExpireds)];
    public double? SctpT3RtxExpireds => this[nameof(SctpT3RtxExpireds)];
    public double? SctpT4RtoExpireds => this[nameof(SctpT4RtoExpireds)];
    public double? SctpT5ShutdownGuardExpireds => this[nameof(SctpT5ShutdownGuardExpireds)];
    public double? SctpDelaySackExpireds => this[nameof(SctpDelaySackExpireds)];
    public double? SctpAutocloseExpireds => this[nameof(SctpAutocloseExpireds)];
    public double? SctpT3Retransmits => this[nameof(SctpT3Retransmits)];
    public double? SctpPmtudRetransmits => this[nameof(SctpPmtudRetransmits)];
    public double? SctpFastRetransmits => this[nameof(SctpFastRetransmits)];
    public double? SctpInPktSoftirq => this[nameof(SctpInPktSoftirq)];
    public double? SctpInPktBacklog => this[nameof(SctpInPktBacklog)];
    public double? SctpInPktDiscards => this[nameof(SctpInPktDiscards)];
    public double? SctpInDataChunkDiscards => this[nameof(SctpInDataChunkDiscards)];

    public override string ToString() =>
        $"SCTP rates over {IntervalSeconds:0.###} s to {Timestamp:T}: {SctpAborteds:0.##} aborts/s, {SctpShutdowns:0.##} shutdowns/s";
}
