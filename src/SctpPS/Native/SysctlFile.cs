using System.Runtime.InteropServices;
using System.Text;

namespace SctpPS.Native;

/// <summary>
/// Writes a /proc/sys file as sysctl(8) does: open, one write(2) of the whole value, close. The
/// kernel parses that one write; the errno of open (EACCES: not root) or write (EINVAL: refused)
/// is what the kernel said, which a buffered .NET stream would not tell apart.
/// </summary>
internal static unsafe class SysctlFile
{
    private const int O_WRONLY = 1;
    private const int O_CLOEXEC = 0x80000;

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int Open(byte* path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "write")]
    private static extern nint Write(int fd, byte* buffer, nuint count);

    /// <exception cref="SctpException">open or write failed; Operation says which.</exception>
    public static void WriteValue(string path, string value)
    {
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        byte[] text = Encoding.ASCII.GetBytes(value + "\n");
        int fd;
        fixed (byte* p = name)
            fd = Open(p, O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw SctpException.FromLastError("open");
        try
        {
            nint written;
            fixed (byte* p = text)
                written = Write(fd, p, (nuint)text.Length);
            if (written < 0) throw SctpException.FromLastError("write");
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
