using System.Globalization;
using SctpPS.Native;

namespace SctpPS;

/// <summary>What a net.sctp.* value is, and so which .NET type <see cref="SctpKernelSetting.Value"/> has.</summary>
public enum SctpKernelSettingKind : long
{
    /// <summary>A count or a code (Int64).</summary>
    Integer,
    /// <summary>0 or 1 in the file; Boolean here.</summary>
    Boolean,
    /// <summary>A time in milliseconds (Int64).</summary>
    Milliseconds,
    /// <summary>A time in seconds (Int64).</summary>
    Seconds,
    /// <summary>A word (String), such as cookie_hmac_alg's algorithm.</summary>
    String,
    /// <summary>Several numbers on one line (Int64[]): sctp_mem, sctp_rmem, sctp_wmem.</summary>
    IntegerList,
}

/// <summary>One net.sctp.* setting this module knows: its kind, unit, range and meaning.</summary>
public sealed class SctpKernelSettingDefinition
{
    internal SctpKernelSettingDefinition(string name, SctpKernelSettingKind kind, string description, string unit = "",
                                         Func<Func<string, long?>, (long? Min, long? Max)>? range = null, string? allowed = null)
    {
        Name = name;
        Kind = kind;
        Description = description;
        Unit = unit;
        Range = range;
        Allowed = allowed;
    }

    /// <summary>The file name under /proc/sys/net/sctp (sysctl net.sctp.NAME).</summary>
    public string Name { get; }
    public SctpKernelSettingKind Kind { get; }
    public string Unit { get; }
    public string Description { get; }

    /// <summary>What values the kernel takes when it is not a number range (cookie_hmac_alg), for messages.</summary>
    internal string? Allowed { get; }

    /// <summary>The bounds the kernel enforces, given a reader of the other settings (rto_min's upper bound is rto_max).</summary>
    internal Func<Func<string, long?>, (long? Min, long? Max)>? Range { get; }
}

/// <summary>One net.sctp.* kernel setting (sysctl) as read from /proc/sys/net/sctp now.</summary>
public sealed class SctpKernelSetting
{
    /// <summary>The short name, as the file under /proc/sys/net/sctp: rto_min.</summary>
    public string Name { get; init; } = "";

    /// <summary>The name sysctl(8) takes: net.sctp.rto_min.</summary>
    public string FullName => SctpKernelSettings.Prefix + Name;

    /// <summary>Int64 (Integer, Milliseconds, Seconds), Boolean, String, or Int64[] (IntegerList).</summary>
    public object? Value { get; init; }

    public SctpKernelSettingKind Kind { get; init; }

    /// <summary>ms, s, bytes, pages, or empty.</summary>
    public string Unit { get; init; } = "";

    /// <summary>The smallest and largest value the kernel takes now (some bounds are other settings), or null.</summary>
    public long? Minimum { get; init; }
    public long? Maximum { get; init; }

    /// <summary>What the setting does; empty for a setting this module does not know (a newer kernel's).</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether this module knows the setting; an unknown one is still listed, its kind guessed from its value.</summary>
    public bool IsKnown { get; init; }

    /// <summary>The file's text, as the kernel wrote it.</summary>
    public string RawValue { get; init; } = "";

    public string Path { get; init; } = "";

    /// <summary>The value with its unit, as views show it.</summary>
    public string DisplayValue => SctpKernelSettings.Show(Value) + (Unit.Length > 0 ? " " + Unit : "");

    public override string ToString() => $"{FullName} = {DisplayValue}";
}

/// <summary>What Set-SctpKernelSetting changed: the value before and after (read back from the kernel).</summary>
public sealed class SctpKernelSettingChange
{
    public string Name { get; init; } = "";
    public string FullName => SctpKernelSettings.Prefix + Name;
    public object? OldValue { get; init; }
    public object? NewValue { get; init; }
    public SctpKernelSettingKind Kind { get; init; }
    public string Unit { get; init; } = "";

    /// <summary>Whether the kernel holds a different value than before.</summary>
    public bool Changed => SctpKernelSettings.Show(OldValue) != SctpKernelSettings.Show(NewValue);

    public override string ToString() => $"{FullName}: {SctpKernelSettings.Show(OldValue)} -> {SctpKernelSettings.Show(NewValue)}{(Unit.Length > 0 ? " " + Unit : "")}";
}

/// <summary>
/// The net.sctp.* sysctls (sctp(7) SYSCTLS) under /proc/sys/net/sctp: read typed, written as
/// sysctl(8) writes them, with the kernel's own bounds checked first so that a refusal says why.
/// They hold for the network namespace; sockets copy most of them when they are created.
/// </summary>
public static class SctpKernelSettings
{
    public const string Prefix = "net.sctp.";

    /// <summary>Where the settings are; settable by tests only (a folder with a newer kernel's settings).</summary>
    internal static string Root { get; set; } = "/proc/sys/net/sctp";

    /// <summary>Whether there are settings to read: the sctp module is loaded.</summary>
    public static bool IsAvailable => Directory.Exists(Root);

    private const long TimerMax = 86_400_000; // one day in ms: the kernel's timer_max
    private const long IntMax = int.MaxValue;

    private static (long?, long?) Between(long min, long max) => (min, max);

    /// <summary>Every setting of Linux 6.1's net/sctp/sysctl.c, in the project's words.</summary>
    public static IReadOnlyList<SctpKernelSettingDefinition> Known { get; } = new SctpKernelSettingDefinition[]
    {
        new("addip_enable", SctpKernelSettingKind.Boolean,
            "Offer dynamic address reconfiguration (ASCONF, RFC 5061) to peers, so that addresses can be added to and removed from live associations (needs auth_enable, or addip_noauth_enable)."),
        new("addip_noauth_enable", SctpKernelSettingKind.Boolean,
            "Accept ASCONF chunks that are not authenticated (RFC 5061 asks for AUTH; old peers may lack it)."),
        new("addr_scope_policy", SctpKernelSettingKind.Integer,
            "Which address scopes go into INIT and INIT-ACK (RFC 6951 draft): 0 off, 1 enabled, 2 private addresses only, 3 link-local only.",
            range: _ => Between(0, 3)),
        new("association_max_retrans", SctpKernelSettingKind.Integer,
            "Retransmissions on all paths together before an association is declared unreachable (Association.Max.Retrans); sockets start with this AssociationMaxRetransmits.",
            range: _ => Between(1, IntMax)),
        new("auth_enable", SctpKernelSettingKind.Boolean,
            "Offer chunk authentication (AUTH, RFC 4895) to peers; ASCONF needs it."),
        new("cookie_hmac_alg", SctpKernelSettingKind.String,
            "The HMAC that signs the state cookie handed out in INIT-ACK: md5, sha1 or sha256 as the kernel was built with, or none (cookies unsigned).",
            allowed: "md5, sha1, sha256 or none, as the kernel was built"),
        new("cookie_preserve_enable", SctpKernelSettingKind.Boolean,
            "Honour a peer's Cookie Preservative parameter (a longer cookie life asked for after a stale cookie)."),
        new("default_auto_asconf", SctpKernelSettingKind.Boolean,
            "New sockets bound to the wildcard address follow the host's address changes with ASCONF (SCTP_AUTO_ASCONF)."),
        new("ecn_enable", SctpKernelSettingKind.Boolean,
            "Offer explicit congestion notification to peers (EcnSupported)."),
        new("encap_port", SctpKernelSettingKind.Integer,
            "Remote UDP port to encapsulate SCTP in (RFC 6951) for new sockets; 0: no encapsulation.",
            range: _ => Between(0, 65535)),
        new("hb_interval", SctpKernelSettingKind.Milliseconds,
            "Interval between HEARTBEATs on an idle path (added to the path's RTO); sockets start with this HeartbeatIntervalMs.",
            "ms", _ => Between(1, TimerMax)),
        new("intl_enable", SctpKernelSettingKind.Boolean,
            "Offer message interleaving (I-DATA, RFC 8260) to peers; a socket also needs FragmentInterleave."),
        new("l3mdev_accept", SctpKernelSettingKind.Boolean,
            "Accept associations on any VRF (L3 master device) for sockets not bound to one."),
        new("max_autoclose", SctpKernelSettingKind.Seconds,
            "Largest AutoCloseSeconds a socket may set.",
            "s", _ => Between(0, uint.MaxValue)),
        new("max_burst", SctpKernelSettingKind.Integer,
            "Most packets sent at once on one path (Max.Burst); 0: no limit. Sockets start with this MaxBurst.",
            range: _ => Between(0, IntMax)),
        new("max_init_retransmits", SctpKernelSettingKind.Integer,
            "INIT and COOKIE-ECHO retransmissions before an association attempt fails (Max.Init.Retransmits).",
            range: _ => Between(1, IntMax)),
        new("path_max_retrans", SctpKernelSettingKind.Integer,
            "Retransmissions on one path before it is marked inactive (Path.Max.Retrans); sockets start with this PathMaxRetransmits.",
            range: _ => Between(1, IntMax)),
        new("pf_enable", SctpKernelSettingKind.Boolean,
            "Use the Potentially Failed path state (RFC 7829): a path that lost pf_retrans retransmissions is avoided before it fails."),
        new("pf_expose", SctpKernelSettingKind.Integer,
            "Whether the Potentially Failed state is shown to applications: 0 as the kernel did before, 1 yes (notification and state), 2 no.",
            range: _ => Between(0, 2)),
        new("pf_retrans", SctpKernelSettingKind.Integer,
            "Retransmissions on a path before it is Potentially Failed; at most ps_retrans.",
            range: get => (0, get("ps_retrans") ?? 65535)),
        new("plpmtud_probe_interval", SctpKernelSettingKind.Milliseconds,
            "Interval of packetization-layer path MTU probes (RFC 8899); 0 turns probing off, else at least 5000.",
            "ms", _ => Between(0, IntMax)),
        new("prsctp_enable", SctpKernelSettingKind.Boolean,
            "Offer partial reliability (PR-SCTP, RFC 3758) to peers (PrSupported)."),
        new("ps_retrans", SctpKernelSettingKind.Integer,
            "Retransmissions on the last active path before the association goes Primary Path Switchover (RFC 7829); at least pf_retrans, 65535 turns it off.",
            range: get => (get("pf_retrans") ?? 0, 65535)),
        new("rcvbuf_policy", SctpKernelSettingKind.Integer,
            "How receive buffer space is accounted: 0 per socket (all its associations share it), 1 per association.",
            range: _ => Between(0, 1)),
        new("reconf_enable", SctpKernelSettingKind.Boolean,
            "Offer stream reconfiguration (RECONF, RFC 6525) to peers (ReconfigSupported): stream and association resets, added streams."),
        new("rto_alpha_exp_divisor", SctpKernelSettingKind.Integer,
            "RTO.Alpha as a power of two: the smoothed RTT moves by 1/2^n of each new measurement (3: 1/8).",
            range: _ => Between(0, 1000)),
        new("rto_beta_exp_divisor", SctpKernelSettingKind.Integer,
            "RTO.Beta as a power of two: the RTT variation moves by 1/2^n of each new deviation (2: 1/4).",
            range: _ => Between(0, 1000)),
        new("rto_initial", SctpKernelSettingKind.Milliseconds,
            "Retransmission timeout before the first RTT measurement (RTO.Initial); sockets start with this RtoInitialMs.",
            "ms", _ => Between(1, TimerMax)),
        new("rto_max", SctpKernelSettingKind.Milliseconds,
            "Upper bound of the retransmission timeout (RTO.Max); at least rto_min.",
            "ms", get => (get("rto_min") ?? 1, TimerMax)),
        new("rto_min", SctpKernelSettingKind.Milliseconds,
            "Lower bound of the retransmission timeout (RTO.Min); at most rto_max.",
            "ms", get => (1, get("rto_max") ?? TimerMax)),
        new("rwnd_update_shift", SctpKernelSettingKind.Integer,
            "How much of the receive buffer must free up before a window update SACK is sent: 1/2^n of it.",
            range: _ => Between(1, 16)),
        new("sack_timeout", SctpKernelSettingKind.Milliseconds,
            "How long a SACK may be delayed (the delayed-ack timer); sockets start with this DelayedSackMs.",
            "ms", _ => Between(1, 500)),
        new("sctp_mem", SctpKernelSettingKind.IntegerList,
            "Memory for all SCTP sockets, in pages: below the first number no pressure, above the second pressure, the third the limit.",
            "pages"),
        new("sctp_rmem", SctpKernelSettingKind.IntegerList,
            "Receive buffer of a socket, in bytes: minimum, default and maximum.",
            "bytes"),
        new("sctp_wmem", SctpKernelSettingKind.IntegerList,
            "Send buffer of a socket, in bytes: minimum, default and maximum (the default applies when sndbuf_policy is 0).",
            "bytes"),
        new("sndbuf_policy", SctpKernelSettingKind.Integer,
            "How send buffer space is accounted: 0 per socket (all its associations share it), 1 per association.",
            range: _ => Between(0, 1)),
        new("udp_port", SctpKernelSettingKind.Integer,
            "Local UDP port to receive UDP-encapsulated SCTP on (RFC 6951); 0: none.",
            range: _ => Between(0, 65535)),
        new("valid_cookie_life", SctpKernelSettingKind.Milliseconds,
            "Lifetime of the state cookie handed out in INIT-ACK (Valid.Cookie.Life); sockets start with this CookieLifeMs.",
            "ms", _ => Between(1, TimerMax)),
    };

    /// <summary>A known setting's definition, by short or full name (case-insensitive), or null.</summary>
    public static SctpKernelSettingDefinition? FindDefinition(string name) =>
        Known.FirstOrDefault(d => string.Equals(d.Name, ShortName(name), StringComparison.OrdinalIgnoreCase));

    /// <summary>"net.sctp.rto_min" or "net/sctp/rto_min" -> "rto_min".</summary>
    public static string ShortName(string name)
    {
        var n = name.Trim().Replace('/', '.');
        return n.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? n[Prefix.Length..] : n;
    }

    /// <summary>The names of every setting this kernel has, sorted as sysctl -a lists them.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Root).Select(System.IO.Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>Reads one setting now.</summary>
    /// <exception cref="SctpException">ENOENT: no such setting (or no sctp module); EACCES: not readable.</exception>
    public static SctpKernelSetting Get(string name)
    {
        string shortName = ShortName(name);
        // A sysctl name is letters, digits and underscores: anything else (a NUL, '..') names no
        // setting, and must not reach the file system as a path.
        if (shortName.Length == 0 || !shortName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new SctpException(Errno.ENOENT, "open", $"There is no setting {Prefix}{shortName}: a setting's name is letters, digits and '_' ({Errno.ENOENT.Format()}).");
        string path = System.IO.Path.Combine(Root, shortName);
        string raw;
        try
        {
            raw = File.ReadAllText(path).TrimEnd('\n', '\0');
        }
        catch (FileNotFoundException e)
        {
            throw new SctpException(Errno.ENOENT, "open", $"There is no setting {Prefix}{shortName} ({path}: {Errno.ENOENT.Format()}).", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new SctpException(Errno.ENOENT, "open", $"There is no setting {Prefix}{shortName}: {Root} does not exist ({Errno.ENOENT.Format()}); the sctp module is not loaded.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SctpException(Errno.EACCES, "open", $"Reading {Prefix}{shortName} was refused ({Errno.EACCES.Format()}).", e);
        }
        catch (IOException e)
        {
            // On Linux the runtime keeps errno in HResult for errors it has no exception type for.
            throw new SctpException((Errno)e.HResult, "read", $"Reading {Prefix}{shortName} ({path}) failed: {e.Message}.", e);
        }
        var definition = Known.FirstOrDefault(d => d.Name == shortName);
        var kind = definition?.Kind ?? Guess(raw);
        var (min, max) = definition?.Range?.Invoke(ReadNumber) ?? (null, null);
        return new SctpKernelSetting
        {
            Name = shortName,
            Value = Parse(raw, kind),
            Kind = kind,
            Unit = definition?.Unit ?? "",
            Minimum = min,
            Maximum = max,
            Description = definition?.Description ?? "",
            IsKnown = definition is not null,
            RawValue = raw,
            Path = path,
        };
    }

    /// <summary>Every setting this kernel has (the unknown ones too).</summary>
    public static IEnumerable<SctpKernelSetting> GetAll() => Names().Select(Get);

    /// <summary>
    /// Writes one setting: converts <paramref name="value"/> to the setting's kind, checks the
    /// kernel's bounds, writes it and reads it back.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not of the setting's kind.</exception>
    /// <exception cref="SctpException">ENOENT: no such setting; EINVAL: out of range (checked here, or refused by the kernel); EACCES/EPERM: not allowed (not root).</exception>
    public static SctpKernelSettingChange Set(string name, object value)
    {
        var before = Get(name);
        string text = Format(before, value);
        CheckRange(before, text);
        try
        {
            SysctlFile.WriteValue(before.Path, text);
        }
        catch (SctpException e) when (e.Errno is Errno.EACCES or Errno.EPERM)
        {
            throw new SctpException(e.Errno, e.Operation,
                $"Changing {before.FullName} is not allowed for this user ({e.Errno.Format()}): kernel settings can be changed by root only (uid 0, or CAP_NET_ADMIN over the network namespace). Nothing was changed.", e);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            throw new SctpException(e.Errno, e.Operation,
                $"The kernel refused {text} for {before.FullName} ({e.Errno.Format()}){(FindDefinition(before.Name)?.Allowed is { } allowed ? $"; it takes {allowed}" : "")}. Nothing was changed.", e);
        }
        var after = Get(name);
        return new SctpKernelSettingChange { Name = before.Name, OldValue = before.Value, NewValue = after.Value, Kind = before.Kind, Unit = before.Unit };
    }

    /// <summary>The text to write for <paramref name="value"/>, in the setting's kind.</summary>
    /// <exception cref="ArgumentException">The value does not fit the kind.</exception>
    internal static string Format(SctpKernelSetting setting, object value)
    {
        string what = $"{setting.FullName} takes {Describe(setting)}";
        try
        {
            switch (setting.Kind)
            {
                case SctpKernelSettingKind.Boolean:
                    return value switch
                    {
                        bool b => b ? "1" : "0",
                        string s when bool.TryParse(s, out bool b) => b ? "1" : "0",
                        _ => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) switch
                        {
                            0 => "0",
                            1 => "1",
                            _ => throw new ArgumentException($"{what}; '{value}' is not one."),
                        },
                    };
                case SctpKernelSettingKind.Integer:
                case SctpKernelSettingKind.Milliseconds:
                case SctpKernelSettingKind.Seconds:
                    if (value is bool || value is System.Collections.IEnumerable and not string) throw new ArgumentException($"{what}; '{Show(value)}' is not one.");
                    if (value is TimeSpan span)
                        return (setting.Kind switch
                        {
                            SctpKernelSettingKind.Milliseconds => (long)span.TotalMilliseconds,
                            SctpKernelSettingKind.Seconds => (long)span.TotalSeconds,
                            _ => throw new ArgumentException($"{what}; a time span is not one."),
                        }).ToString(CultureInfo.InvariantCulture);
                    return Whole(value, what).ToString(CultureInfo.InvariantCulture);
                case SctpKernelSettingKind.IntegerList:
                    var items = value switch
                    {
                        string s => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Cast<object>(),
                        System.Collections.IEnumerable list => list.Cast<object>(),
                        _ => new[] { value },
                    };
                    var numbers = items.Select(i => Whole(i, what)).ToArray();
                    int expected = setting.Value is long[] current ? current.Length : numbers.Length;
                    if (numbers.Length != expected) throw new ArgumentException($"{what}; {numbers.Length} numbers are not {expected}.");
                    return string.Join("\t", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
                default:
                    // Text, or a number: any other object's ToString() is its type's name ("System.Collections.Hashtable").
                    if (value is not (string or sbyte or byte or short or ushort or int or uint or long or ulong))
                        throw new ArgumentException($"{what}; a {value.GetType().Name} is not one.");
                    var word = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    if (word.Length == 0 || word.Any(char.IsWhiteSpace)) throw new ArgumentException($"{what}; '{word}' is not one.");
                    return word;
            }
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"{what}; '{Show(value)}' is not one.", e);
        }
    }

    /// <summary>
    /// A whole number from a number or its text. A char is refused (Convert gives its code point: '7'
    /// would be 55), and so is a fraction (Convert rounds it: 1.5 would be 2).
    /// </summary>
    private static long Whole(object value, string what)
    {
        if (value is char) throw new ArgumentException($"{what}; the character '{value}' is not one (give a number, or its text in quotes).");
        if (value is double or float or decimal && System.Convert.ToDecimal(value, CultureInfo.InvariantCulture) is var d && d != decimal.Truncate(d))
            throw new ArgumentException($"{what}; {Show(value)} is not a whole number.");
        return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The bounds the kernel enforces, checked before writing so that the error can name them.</summary>
    /// <exception cref="SctpException">EINVAL: out of range; nothing is written.</exception>
    internal static void CheckRange(SctpKernelSetting setting, string text)
    {
        if (setting.Kind is not (SctpKernelSettingKind.Integer or SctpKernelSettingKind.Milliseconds or SctpKernelSettingKind.Seconds)) return;
        long value = long.Parse(text, CultureInfo.InvariantCulture);
        string unit = setting.Unit.Length > 0 ? " " + setting.Unit : "";
        bool below = setting.Minimum is long min && value < min, above = setting.Maximum is long max && value > max;
        // The probe timer has a floor that 0 (off) is exempt from (SCTP_PROBE_TIMER_MIN).
        bool probeFloor = setting.Name == "plpmtud_probe_interval" && value is > 0 and < 5000;
        if (below || above || probeFloor)
            throw new SctpException(Errno.EINVAL, "range check",
                $"{setting.FullName} takes {Describe(setting)}; {value}{unit} is out of range ({Errno.EINVAL.Format()}). Nothing was changed.");
    }

    private static string Describe(SctpKernelSetting setting)
    {
        string unit = setting.Unit.Length > 0 ? " " + setting.Unit : "";
        return setting.Kind switch
        {
            SctpKernelSettingKind.Boolean => "$true or $false (1 or 0)",
            SctpKernelSettingKind.String => FindDefinition(setting.Name)?.Allowed ?? "a word",
            SctpKernelSettingKind.IntegerList => $"{(setting.Value as long[])?.Length ?? 3} whole numbers{unit}",
            _ when setting.Name == "plpmtud_probe_interval" => $"0 (off) or 5000 to {setting.Maximum}{unit}",
            _ when setting.Minimum is long min && setting.Maximum is long max => $"{min} to {max}{unit}",
            _ => $"a whole number{unit}",
        };
    }

    private static long? ReadNumber(string name)
    {
        try { return long.TryParse(File.ReadAllText(System.IO.Path.Combine(Root, name)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>An unknown setting's kind, from its text: one number, several, or a word.</summary>
    private static SctpKernelSettingKind Guess(string raw)
    {
        var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 0 && parts.All(p => long.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            return parts.Length == 1 ? SctpKernelSettingKind.Integer : SctpKernelSettingKind.IntegerList;
        return SctpKernelSettingKind.String;
    }

    private static object? Parse(string raw, SctpKernelSettingKind kind)
    {
        var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        static long? Number(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
        return kind switch
        {
            SctpKernelSettingKind.Boolean when parts.Length == 1 && Number(parts[0]) is long b => b != 0,
            SctpKernelSettingKind.Integer or SctpKernelSettingKind.Milliseconds or SctpKernelSettingKind.Seconds
                when parts.Length == 1 && Number(parts[0]) is long n => n,
            SctpKernelSettingKind.IntegerList when parts.All(p => Number(p) is not null) => parts.Select(p => Number(p)!.Value).ToArray(),
            _ => raw.Trim(), // not what this module expects: the text as it is
        };
    }

    /// <summary>A value as views and messages show it: lists with blanks between the numbers.</summary>
    internal static string Show(object? value) => value switch
    {
        null => "",
        long[] list => string.Join(" ", list),
        string s => s,
        System.Collections.IEnumerable list => string.Join(" ", list.Cast<object>()),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
