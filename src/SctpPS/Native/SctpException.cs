namespace SctpPS.Native;

/// <summary>
/// A failed SCTP system call: the errno, and the operation it came from
/// ("bind", "SCTP_SOCKOPT_PEELOFF"...). The message always names both, e.g.
/// "bind failed: Address already in use (EADDRINUSE, errno 98)".
/// </summary>
public class SctpException : Exception
{
    public SctpException(Errno errno, string operation, string? message = null, Exception? inner = null)
        : base(message ?? $"{operation} failed: {errno.Format()}", inner)
    {
        Errno = errno;
        Operation = operation;
    }

    public Errno Errno { get; }
    public string Operation { get; }

    /// <summary>The exception for the errno the last libc call left behind.</summary>
    internal static SctpException FromLastError(string operation) => new(Libc.LastErrno, operation);
}

/// <summary>The kernel has no usable SCTP: socket() was refused. Carries what to do about it.</summary>
public sealed class SctpNotSupportedException : SctpException
{
    public SctpNotSupportedException(Errno errno, string remedy)
        : base(errno, "socket(IPPROTO_SCTP)",
               $"This kernel does not support SCTP sockets: socket(IPPROTO_SCTP) failed with {errno.Format()}. {remedy}")
    {
        Remedy = remedy;
    }

    public string Remedy { get; }
}

/// <summary>A blocking SCTP call ran out of the time it was given (ETIMEDOUT).</summary>
public sealed class SctpTimeoutException : SctpException
{
    public SctpTimeoutException(string operation, string message) : base(Errno.ETIMEDOUT, operation, message) { }
}

/// <summary>A descriptor that is a socket, but not an SCTP one (SO_PROTOCOL is not IPPROTO_SCTP).</summary>
public sealed class SctpNotSctpSocketException : SctpException
{
    public SctpNotSctpSocketException(int fd, int protocol)
        : base(Errno.ENOPROTOOPT, "SO_PROTOCOL",
               $"Descriptor {fd} is a {ProtocolName(protocol)} socket (SO_PROTOCOL {protocol}), not an SCTP socket (IPPROTO_SCTP 132); " +
               $"SCTP socket options do not apply to it ({Errno.ENOPROTOOPT.Format()}).")
    {
        Protocol = protocol;
    }

    public int Protocol { get; }

    private static string ProtocolName(int protocol) => protocol switch
    {
        6 => "TCP",
        17 => "UDP",
        0 => "non-IP",
        _ => $"protocol {protocol}",
    };
}
