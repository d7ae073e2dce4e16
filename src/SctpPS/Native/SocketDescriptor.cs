using System.Runtime.InteropServices;

namespace SctpPS.Native;

/// <summary>
/// Owns one socket descriptor and closes it with a plain close(2), exactly once, when the last
/// user lets go (SafeHandle reference counting: a Close while another thread is inside a call
/// waits for that call's 20 ms wait slice to end).
/// </summary>
/// <remarks>
/// Not the runtime's <see cref="System.Net.Sockets.SafeSocketHandle"/>: released without a
/// Socket over it, that one closes abortively (SO_LINGER {1,0}), and the peer sees ABORT
/// instead of SHUTDOWN. close(2) with the socket's own linger setting is what sctp(7) means by
/// closing: SHUTDOWN once the queued data is delivered, ABORT only if asked for (SO_LINGER
/// {1,0}) or if received data is left unread.
/// </remarks>
internal sealed class SocketDescriptor : SafeHandle
{
    public SocketDescriptor(int fd) : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0 || Libc.LastErrno == Errno.EINTR;
}
