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
    public string Reason { get; init; } = "";
    public string Remedy { get; init; } = "";
}

/// <summary>Probes the running kernel for SCTP.</summary>
public static class SctpSupport
{
    /// <summary>The errnos of socket(IPPROTO_SCTP) that mean "no SCTP in this kernel", not a passing failure.</summary>
    public static bool IsNotSupportedErrno(Errno errno) =>
        errno is Errno.ESOCKTNOSUPPORT or Errno.EPROTONOSUPPORT or Errno.ENOSYS or Errno.EAFNOSUPPORT;

    /// <summary>Opens and closes one IPv4 one-to-many SCTP socket and looks at the kernel's modules.</summary>
    public static SctpSupportInfo Probe()
    {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, IPPROTO_SCTP);
        var errno = fd < 0 ? Libc.LastErrno : Errno.None;
        if (fd >= 0) Libc.close(fd);

        string release = ReadFirstLine("/proc/sys/kernel/osrelease");
        bool loaded = Directory.Exists("/sys/module/sctp");
        bool available = loaded || ModuleFileExists(release);
        bool supported = fd >= 0;

        string reason, remedy;
        if (supported)
        {
            reason = "socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP) succeeded.";
            remedy = "";
        }
        else if (errno == Errno.ENOSYS && loaded)
        {
            reason = $"The sctp module is loaded but socket() failed with {errno.Format()}: its crypto dependency (hmac) is missing.";
            remedy = "Load the HMAC module and reload SCTP: 'modprobe hmac; modprobe -r sctp; modprobe sctp'.";
        }
        else if (available)
        {
            reason = $"socket(IPPROTO_SCTP) failed with {errno.Format()}: the sctp kernel module is not loaded.";
            remedy = "Load it as root: 'modprobe sctp' (and 'modprobe sctp_diag' for system-wide association listing).";
        }
        else
        {
            reason = $"socket(IPPROTO_SCTP) failed with {errno.Format()}: kernel {release} was built without CONFIG_IP_SCTP and has no sctp module.";
            remedy = "Use a kernel built with CONFIG_IP_SCTP (most distribution kernels are), or run inside the SctpPS sandbox: " +
                     "'dotnet pwsh ./build.ps1 -Task Demo' boots a User-Mode Linux kernel with SCTP.";
        }

        return new SctpSupportInfo
        {
            IsSupported = supported,
            Errno = errno,
            KernelRelease = release,
            SctpModuleLoaded = loaded,
            SctpModuleAvailable = available,
            SctpDiagLoaded = Directory.Exists("/sys/module/sctp_diag"),
            IPv6Available = IsIPv6Available(),
            Reason = reason,
            Remedy = remedy,
        };
    }

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

    private static bool ModuleFileExists(string release)
    {
        var dir = $"/lib/modules/{release}/kernel/net/sctp";
        try { return Directory.Exists(dir) && Directory.EnumerateFiles(dir, "sctp.ko*").Any(); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
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
