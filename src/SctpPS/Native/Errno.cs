using System.Runtime.InteropServices;

namespace SctpPS.Native;

/// <summary>The Linux errno values the SCTP calls can return (asm-generic/errno.h).</summary>
public enum Errno : long
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    EINTR = 4,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    EINVAL = 22,
    ENFILE = 23,
    EMFILE = 24,
    EPIPE = 32,
    ENOSYS = 38,
    ENOTSOCK = 88,
    EDESTADDRREQ = 89,
    EMSGSIZE = 90,
    EPROTOTYPE = 91,
    ENOPROTOOPT = 92,
    EPROTONOSUPPORT = 93,
    ESOCKTNOSUPPORT = 94,
    EOPNOTSUPP = 95,
    EAFNOSUPPORT = 97,
    EADDRINUSE = 98,
    EADDRNOTAVAIL = 99,
    ENETDOWN = 100,
    ENETUNREACH = 101,
    ECONNABORTED = 103,
    ECONNRESET = 104,
    ENOBUFS = 105,
    EISCONN = 106,
    ENOTCONN = 107,
    ESHUTDOWN = 108,
    ETIMEDOUT = 110,
    ECONNREFUSED = 111,
    EHOSTUNREACH = 113,
    EALREADY = 114,
    EINPROGRESS = 115,
}

public static class ErrnoExtensions
{
    /// <summary>"EADDRINUSE", or "errno 123" for a value this enum does not name.</summary>
    public static string Name(this Errno errno) =>
        Enum.IsDefined(errno) ? errno.ToString() : $"errno {(int)errno}";

    /// <summary>libc's strerror text.</summary>
    public static string Describe(this Errno errno) => Marshal.GetPInvokeErrorMessage((int)errno);

    /// <summary>"Address already in use (EADDRINUSE, errno 98)": the form every message uses.</summary>
    public static string Format(this Errno errno) =>
        $"{errno.Describe()} ({errno.Name()}, errno {(int)errno})";
}
