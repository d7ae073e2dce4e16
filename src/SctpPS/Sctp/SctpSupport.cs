using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

/// <summary>What a probe found out about kernel SCTP on this host, and what to do when it is missing.</summary>
public sealed class SctpSupportInfo
{
    public bool IsSupported { get; init; }

    /// <summary>The errno of the probe socket, <see cref="Errno.None"/> when it opened.</summary>
    public Errno Errno { get; init; }
    public string KernelRelease { get; init; } = "";
    public bool SctpModuleLoaded { get; init; }
    public bool SctpModuleAvailable { get; init; }
    public bool SctpDiagLoaded { get; init; }
    public bool IPv6Available { get; init; }

    /// <summary>The distribution, from /etc/os-release (PRETTY_NAME), or empty.</summary>
    public string Distribution { get; init; } = "";

    /// <summary>Whether this looks like a container, whose kernel (and modules) are the host's.</summary>
    public bool InContainer { get; init; }

    /// <summary>
    /// Whether modprobe.d keeps sctp from loading on demand: a 'blacklist sctp' line (RHEL and
    /// Fedora ship one with kernel-modules-extra) or an 'install sctp /bin/true' hardening rule.
    /// </summary>
    public bool SctpModuleBlacklisted { get; init; }

    /// <summary>The modprobe.d lines about sctp, as "file:line: text".</summary>
    public string[] ModprobeRules { get; init; } = Array.Empty<string>();
    public string Reason { get; init; } = "";
    public string Remedy { get; init; } = "";
}

/// <summary>A modprobe.d line that stops the sctp module from loading.</summary>
internal sealed record ModprobeRule(string File, int Line, string Text, bool BlocksExplicitLoad)
{
    public override string ToString() => $"{File}:{Line}: {Text}";
}

/// <summary>Everything a diagnosis rests on, gathered from the host (or made up by a test).</summary>
internal sealed record SctpProbeFacts(
    Errno Errno, string Release, bool Loaded, bool ModuleFile, IReadOnlyList<ModprobeRule> Rules,
    string DistributionId, string DistributionLike, string DistributionName, bool InContainer);

/// <summary>Probes the running kernel for SCTP.</summary>
public static class SctpSupport
{
    /// <summary>Where modprobe reads its configuration (modprobe.d(5)); settable by tests only.</summary>
    internal static string[] ModprobeDirectories { get; set; } = { "/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d" };

    /// <summary>os-release(5); settable by tests only.</summary>
    internal static string OsReleasePath { get; set; } = "/etc/os-release";

    /// <summary>The errnos of socket(IPPROTO_SCTP) that mean "no SCTP in this kernel", not a passing failure.</summary>
    public static bool IsNotSupportedErrno(Errno errno) =>
        errno is Errno.ESOCKTNOSUPPORT or Errno.EPROTONOSUPPORT or Errno.ENOSYS or Errno.EAFNOSUPPORT;

    /// <summary>Opens and closes one IPv4 one-to-many SCTP socket and looks at the kernel's modules and their configuration.</summary>
    public static SctpSupportInfo Probe()
    {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, IPPROTO_SCTP);
        var errno = fd < 0 ? Libc.LastErrno : Errno.None;
        if (fd >= 0) Libc.close(fd);

        string release = ReadFirstLine("/proc/sys/kernel/osrelease");
        bool loaded = Directory.Exists("/sys/module/sctp");
        var os = ReadOsRelease();
        var facts = new SctpProbeFacts(errno, release, loaded, loaded || ModuleFileExists(release), FindModprobeRules(),
            os.GetValueOrDefault("ID", ""), os.GetValueOrDefault("ID_LIKE", ""),
            os.GetValueOrDefault("PRETTY_NAME", os.GetValueOrDefault("NAME", "")), IsInContainer());
        var (reason, remedy) = Diagnose(facts);

        return new SctpSupportInfo
        {
            IsSupported = fd >= 0,
            Errno = errno,
            KernelRelease = release,
            SctpModuleLoaded = loaded,
            SctpModuleAvailable = facts.ModuleFile,
            SctpDiagLoaded = Directory.Exists("/sys/module/sctp_diag"),
            IPv6Available = IsIPv6Available(),
            Distribution = facts.DistributionName,
            InContainer = facts.InContainer,
            SctpModuleBlacklisted = facts.Rules.Count > 0,
            ModprobeRules = facts.Rules.Select(r => r.ToString()).ToArray(),
            Reason = reason,
            Remedy = remedy,
        };
    }

    /// <summary>Why SCTP is missing and what to do, in words for the distribution at hand; empty remedy when SCTP works.</summary>
    internal static (string Reason, string Remedy) Diagnose(SctpProbeFacts f)
    {
        if (f.Errno == Errno.None)
            return ("socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP) succeeded.", "");
        string failed = $"socket(IPPROTO_SCTP) failed with {f.Errno.Format()}";
        if (f.Errno == Errno.ENOSYS && f.Loaded)
            return ($"The sctp module is loaded but {failed}: its crypto dependency (hmac) is missing.",
                    "Load the HMAC module and reload SCTP, as root: 'modprobe hmac; modprobe -r sctp; modprobe sctp'.");

        var hardening = f.Rules.FirstOrDefault(r => r.BlocksExplicitLoad);
        var blacklist = f.Rules.FirstOrDefault(r => !r.BlocksExplicitLoad);
        string atBoot = "To load it at every boot: 'echo sctp > /etc/modules-load.d/sctp.conf'.";

        if (f.ModuleFile && !f.Loaded)
        {
            if (hardening is not null)
                return ($"{failed}: the sctp module is not loaded, and {hardening.File} line {hardening.Line} ('{hardening.Text}') replaces loading it (a hardening rule).",
                        $"Remove or comment out that line, then load the module as root: 'modprobe sctp'. {atBoot}");
            if (blacklist is not null)
                return ($"{failed}: the sctp module is not loaded, and {blacklist.File} line {blacklist.Line} ('{blacklist.Text}') keeps the kernel from loading it on demand.",
                        $"Load it as root: 'modprobe sctp' (a blacklist stops only loading on demand). To let socket() load it, remove or comment out that line. {atBoot}");
            return ($"{failed}: the sctp kernel module is not loaded.",
                    $"Load it as root: 'modprobe sctp' (and 'modprobe sctp_diag' for host-wide listings). {atBoot}");
        }

        // No module for this kernel here.
        if (f.InContainer)
            return ($"{failed}: this is a container, which runs on the host's kernel, and the host did not load sctp (it lacks the module, or its modprobe.d blacklists it).",
                    "On the host, as root: 'modprobe sctp' (a container cannot load kernel modules itself). If the host lacks the module, install it there (Ubuntu: linux-modules-extra-$(uname -r); RHEL, Fedora: kernel-modules-extra, then 'modprobe sctp', since that package blacklists sctp in /etc/modprobe.d/sctp-blacklist.conf).");
        if (f.Release.Contains("microsoft", StringComparison.OrdinalIgnoreCase))
            return ($"{failed}: WSL2's kernel ({f.Release}) is built without SCTP.",
                    "Build a WSL2 kernel with CONFIG_IP_SCTP=m (or =y) and point the 'kernel=' setting of %UserProfile%\\.wslconfig at it; then 'modprobe sctp' inside WSL.");
        string like = $" {f.DistributionId} {f.DistributionLike} ";
        if (like.Contains(" rhel ") || like.Contains(" fedora ") || like.Contains(" centos "))
            return ($"{failed}: kernel {f.Release} has no sctp module installed. On {Name(f, "RHEL and Fedora")} it comes with the kernel-modules-extra package.",
                    $"As root: 'dnf install kernel-modules-extra-{f.Release}'; that package also installs 'blacklist sctp' in /etc/modprobe.d/sctp-blacklist.conf, so load the module explicitly with 'modprobe sctp' (or remove that line to let socket() load it). {atBoot}");
        if (like.Contains(" ubuntu ") || like.Contains(" debian "))
            return ($"{failed}: kernel {f.Release} has no sctp module installed. {Name(f, "Ubuntu")} ships it in linux-modules-extra for kernels that split modules out (Debian's own kernels have it in linux-image).",
                    $"As root: 'apt-get install linux-modules-extra-{f.Release}', then 'modprobe sctp'. If there is no such package, install a distribution kernel (Debian: linux-image-amd64) or one built with CONFIG_IP_SCTP. {atBoot}");
        return ($"{failed}: kernel {f.Release} was built without CONFIG_IP_SCTP and has no sctp module.",
                "Install your distribution's package with the sctp module (Ubuntu: linux-modules-extra-$(uname -r); RHEL, Fedora: kernel-modules-extra), or use a kernel built with CONFIG_IP_SCTP; then 'modprobe sctp'.");
    }

    private static string Name(SctpProbeFacts f, string fallback) => f.DistributionName.Length > 0 ? f.DistributionName : fallback;

    /// <summary>
    /// The modprobe.d lines that keep sctp from loading: 'blacklist sctp' (on-demand loading only)
    /// and 'install sctp /bin/true' or /bin/false (every load). Files are *.conf, as modprobe reads them.
    /// </summary>
    internal static List<ModprobeRule> FindModprobeRules()
    {
        var rules = new List<ModprobeRule>();
        var seen = new HashSet<string>(); // a file name in an earlier folder hides the same name later (modprobe.d(5))
        foreach (var dir in ModprobeDirectories)
        {
            IEnumerable<string> files;
            try { files = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.conf").OrderBy(f => f, StringComparer.Ordinal).ToList() : Enumerable.Empty<string>(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var file in files)
            {
                if (!seen.Add(Path.GetFileName(file))) continue;
                string[] lines;
                try { lines = File.ReadAllLines(file); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
                for (int i = 0; i < lines.Length; i++)
                {
                    string text = lines[i].Split('#')[0].Trim();
                    var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length < 2 || words[1] != "sctp") continue;
                    if (words[0] == "blacklist")
                        rules.Add(new ModprobeRule(file, i + 1, text, false));
                    else if (words[0] == "install" && words.Length >= 3 && Path.GetFileName(words[2]) is "true" or "false")
                        rules.Add(new ModprobeRule(file, i + 1, text, true));
                }
            }
        }
        return rules;
    }

    private static Dictionary<string, string> ReadOsRelease()
    {
        var values = new Dictionary<string, string>();
        try
        {
            foreach (var line in File.ReadLines(OsReleasePath))
            {
                int eq = line.IndexOf('=');
                if (eq <= 0 || line.StartsWith('#')) continue;
                string key = line[..eq].Trim();
                string value = line[(eq + 1)..].Trim().Trim('"', '\'');
                values[key] = key is "ID" or "ID_LIKE" ? value.ToLowerInvariant() : value;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return values;
    }

    /// <summary>Docker and Podman leave a marker file; systemd-nspawn and LXC set $container.</summary>
    private static bool IsInContainer() =>
        File.Exists("/.dockerenv") || File.Exists("/run/.containerenv") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("container"));

    /// <summary>True when this network namespace has IPv6 addresses (the module is loaded and not disabled).</summary>
    public static bool IsIPv6Available()
    {
        try
        {
            return File.Exists("/proc/net/if_inet6") && File.ReadAllText("/proc/net/if_inet6").Trim().Length > 0;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>sctp.ko (or .ko.xz, .ko.zst...) for this kernel, where distributions put it (/lib may not be merged into /usr).</summary>
    private static bool ModuleFileExists(string release)
    {
        foreach (var root in new[] { "/lib/modules", "/usr/lib/modules" })
        {
            var dir = $"{root}/{release}/kernel/net/sctp";
            try { if (Directory.Exists(dir) && Directory.EnumerateFiles(dir, "sctp.ko*").Any()) return true; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return false;
    }

    /// <summary>A numeric sysctl, e.g. "net/core/wmem_max" (under /proc/sys); null when it cannot be read.</summary>
    public static long? ReadSysctl(string name) =>
        long.TryParse(ReadFirstLine($"/proc/sys/{name}"), out long value) ? value : null;

    private static string ReadFirstLine(string path)
    {
        try { return File.ReadLines(path).FirstOrDefault()?.Trim() ?? ""; }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
