using System.Runtime.InteropServices;

namespace SctpPS.Native;

/// <summary>Who this process is, for listings that name the owner of a socket.</summary>
internal static class Identity
{
    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();

    /// <summary>The real user id (getuid(2)), as sctp_diag and /proc report a socket's owner.</summary>
    public static uint Uid => GetUid();
}
