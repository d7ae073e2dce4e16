using System.Runtime.CompilerServices;

namespace SctpPS.Native;

/// <summary>
/// Typed wrappers over <see cref="Libc"/>: each turns a -1 return into an
/// <see cref="SctpException"/> named after the call or socket option.
/// </summary>
internal static unsafe class Sys
{
    public static void SetOption<T>(int fd, int level, int option, T value, [CallerArgumentExpression(nameof(option))] string? name = null)
        where T : unmanaged
    {
        if (Libc.setsockopt(fd, level, option, &value, (uint)sizeof(T)) < 0)
            throw SctpException.FromLastError(OptionName(name));
    }

    public static void SetOption(int fd, int level, int option, ReadOnlySpan<byte> value, [CallerArgumentExpression(nameof(option))] string? name = null)
    {
        fixed (byte* p = value)
            if (Libc.setsockopt(fd, level, option, p, (uint)value.Length) < 0)
                throw SctpException.FromLastError(OptionName(name));
    }

    /// <summary>getsockopt into <paramref name="value"/>, which many SCTP options also read as input (the association id).</summary>
    public static int GetOption<T>(int fd, int level, int option, ref T value, [CallerArgumentExpression(nameof(option))] string? name = null)
        where T : unmanaged
    {
        uint length = (uint)sizeof(T);
        int rc;
        fixed (T* p = &value)
            rc = Libc.getsockopt(fd, level, option, p, ref length);
        if (rc < 0)
            throw SctpException.FromLastError(OptionName(name));
        return rc; // some SCTP options return data here (the peeled-off descriptor)
    }

    /// <summary>getsockopt into a byte buffer; returns the length the kernel wrote.</summary>
    public static int GetOption(int fd, int level, int option, Span<byte> buffer, [CallerArgumentExpression(nameof(option))] string? name = null)
    {
        uint length = (uint)buffer.Length;
        fixed (byte* p = buffer)
            if (Libc.getsockopt(fd, level, option, p, ref length) < 0)
                throw SctpException.FromLastError(OptionName(name));
        return (int)length;
    }

    public static int GetIntOption(int fd, int level, int option, [CallerArgumentExpression(nameof(option))] string? name = null)
    {
        int value = 0;
        GetOption(fd, level, option, ref value, name);
        return value;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for <paramref name="events"/>; returns the events seen (0 on timeout).</summary>
    public static short Poll(int fd, short events, int timeoutMs)
    {
        var pfd = new Libc.PollFd { Fd = fd, Events = events };
        while (true)
        {
            int rc = Libc.poll(&pfd, 1, timeoutMs);
            if (rc >= 0) return rc == 0 ? (short)0 : pfd.REvents;
            if (Libc.LastErrno != Errno.EINTR) throw SctpException.FromLastError("poll");
        }
    }

    public static void SetNonBlocking(int fd, bool nonBlocking)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0) throw SctpException.FromLastError("fcntl(F_GETFL)");
        int wanted = nonBlocking ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK;
        if (wanted != flags && Libc.fcntl(fd, Libc.F_SETFL, wanted) < 0)
            throw SctpException.FromLastError("fcntl(F_SETFL)");
    }

    public static bool IsNonBlocking(int fd)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0) throw SctpException.FromLastError("fcntl(F_GETFL)");
        return (flags & Libc.O_NONBLOCK) != 0;
    }

    public static bool IsCloseOnExec(int fd)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFD, 0);
        if (flags < 0) throw SctpException.FromLastError("fcntl(F_GETFD)");
        return (flags & Libc.FD_CLOEXEC) != 0;
    }

    /// <summary>"SctpConstants.SCTP_STATUS" -> "SCTP_STATUS" for messages.</summary>
    private static string OptionName(string? expression)
    {
        if (string.IsNullOrEmpty(expression)) return "getsockopt";
        int dot = expression.LastIndexOf('.');
        return dot >= 0 ? expression[(dot + 1)..] : expression;
    }
}
