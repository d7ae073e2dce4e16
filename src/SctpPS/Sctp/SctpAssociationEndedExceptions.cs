using SctpPS.Native;

namespace SctpPS;

/// <summary>
/// A TCP-style one-to-one socket that never had an association: sends and receives need one
/// first (sctp_connectx). <see cref="SctpException.Errno"/> is what the kernel said (ENOTCONN, EPIPE).
/// </summary>
public sealed class SctpNotConnectedException : SctpException
{
    public SctpNotConnectedException(Errno errno, string operation, string message) : base(errno, operation, message) { }
}

/// <summary>
/// The peer aborted the association of this one-to-one socket (an ABORT chunk; the kernel says
/// ECONNRESET once). <see cref="Cause"/> is its cause code when a notification told this socket.
/// </summary>
public sealed class SctpAssociationAbortedException : SctpException
{
    public SctpAssociationAbortedException(string operation, SctpCauseCode? cause, string message)
        : base(Errno.ECONNRESET, operation, message)
    {
        Cause = cause;
    }

    public SctpCauseCode? Cause { get; }
}
