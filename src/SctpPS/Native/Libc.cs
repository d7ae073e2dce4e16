using System.Runtime.InteropServices;

namespace SctpPS.Native;

/// <summary>
/// The few libc calls the runtime's Socket cannot make for SCTP: socket() with
/// IPPROTO_SCTP, and getsockopt/setsockopt whose return value carries data.
/// Every call reports errno through <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe class Libc
{
    private const string Lib = "libc";

    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_STREAM = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_SEQPACKET = 5;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    public const int SOL_SOCKET = 1;
    public const int SO_TYPE = 3;
    public const int SO_ERROR = 4;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_LINGER = 13;
    public const int SO_RCVTIMEO = 20;
    public const int SO_SNDTIMEO = 21;
    public const int SO_ACCEPTCONN = 30;
    public const int SO_PROTOCOL = 38;
    public const int SO_DOMAIN = 39;

    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_DUPFD_CLOEXEC = 1030;
    public const int FD_CLOEXEC = 1;
    public const int O_NONBLOCK = 0x800;

    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;

    public const int SHUT_WR = 1;
    public const int SHUT_RDWR = 2;
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long tv_sec;
        public long tv_usec;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Linger
    {
        public int l_onoff;
        public int l_linger;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [DllImport(Lib, SetLastError = true)]
    public static extern int socket(int domain, int type, int protocol);

    [DllImport(Lib, SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(Lib, SetLastError = true)]
    public static extern int getsockopt(int fd, int level, int optname, void* optval, ref uint optlen);

    [DllImport(Lib, SetLastError = true)]
    public static extern int setsockopt(int fd, int level, int optname, void* optval, uint optlen);

    [DllImport(Lib, SetLastError = true)]
    public static extern int fcntl(int fd, int cmd, int arg);

    [DllImport(Lib, SetLastError = true)]
    public static extern int poll(PollFd* fds, ulong nfds, int timeout);

    [DllImport(Lib, SetLastError = true)]
    public static extern int listen(int fd, int backlog);

    [DllImport(Lib, SetLastError = true)]
    public static extern int accept4(int fd, void* addr, void* addrlen, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern int shutdown(int fd, int how);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint send(int fd, void* buffer, nuint length, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint recv(int fd, void* buffer, nuint length, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint sendmsg(int fd, MsgHdr* msg, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint recvmsg(int fd, MsgHdr* msg, int flags);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (x86-64/aarch64: 56 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public IoVec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    /// <summary>struct cmsghdr; data follows at <see cref="CmsgAlign"/>(sizeof(CmsgHdr)).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
    }

    public static int CmsgAlign(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);
    public static int CmsgSpace(int dataLength) => CmsgAlign(sizeof(CmsgHdr)) + CmsgAlign(dataLength);
    public static int CmsgLen(int dataLength) => CmsgAlign(sizeof(CmsgHdr)) + dataLength;

    /// <summary>The errno of the last call made through this class.</summary>
    public static Errno LastErrno => (Errno)Marshal.GetLastPInvokeError();
}
