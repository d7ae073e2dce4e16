using System.Management.Automation;
using System.Reflection;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>One error a cmdlet can write: its stable ErrorId, its category, and the errno it maps (if any).</summary>
public sealed class SctpErrorDefinition
{
    internal SctpErrorDefinition(string errorId, string cmdlet, ErrorCategory category, Errno? errno, string when)
    {
        ErrorId = errorId;
        Cmdlet = cmdlet;
        Category = category;
        Errno = errno;
        When = when;
    }

    public string ErrorId { get; }

    /// <summary>The cmdlet that writes it, or "*" for every cmdlet that opens sockets.</summary>
    public string Cmdlet { get; }
    public ErrorCategory Category { get; }
    public Errno? Errno { get; }

    /// <summary>When the error happens, in a user's words (the help's error table uses it).</summary>
    public string When { get; }

    public override string ToString() => ErrorId;
}

/// <summary>
/// Every error SctpPS writes, defined once: the cmdlets take their ErrorIds and
/// categories from here, and so does the help's error section.
/// </summary>
public static class ErrorCatalog
{
    private const string Any = "*";
    private const string NewSocket = "New-SctpSocket";
    private const string GetSocket = "Get-SctpSocket";

    public static readonly SctpErrorDefinition SctpNotSupported = new(
        "SctpNotSupported", Any, ErrorCategory.NotInstalled, Errno.ESOCKTNOSUPPORT,
        "The kernel has no SCTP: socket(IPPROTO_SCTP) fails with ESOCKTNOSUPPORT or EPROTONOSUPPORT (module not loaded, or kernel built without CONFIG_IP_SCTP). Terminating; the message says what to do.");

    public static readonly SctpErrorDefinition NewSocketAddressInUse = new(
        "NewSocket.AddressInUse", NewSocket, ErrorCategory.ResourceUnavailable, Errno.EADDRINUSE,
        "Another socket is bound to one of the addresses on that port.");

    public static readonly SctpErrorDefinition NewSocketAddressNotAvailable = new(
        "NewSocket.AddressNotAvailable", NewSocket, ErrorCategory.InvalidArgument, Errno.EADDRNOTAVAIL,
        "A local address is not an address of this host.");

    public static readonly SctpErrorDefinition NewSocketPermissionDenied = new(
        "NewSocket.PermissionDenied", NewSocket, ErrorCategory.PermissionDenied, Errno.EACCES,
        "The port is below 1024 and the process lacks CAP_NET_BIND_SERVICE.");

    public static readonly SctpErrorDefinition NewSocketIPv6NotAvailable = new(
        "NewSocket.IPv6NotAvailable", NewSocket, ErrorCategory.NotEnabled, Errno.EAFNOSUPPORT,
        "An IPv6 address was asked for on a host where IPv6 is missing or disabled (EAFNOSUPPORT, or EADDRNOTAVAIL with no IPv6 address configured).");

    public static readonly SctpErrorDefinition NewSocketInvalidAddress = new(
        "NewSocket.InvalidAddress", NewSocket, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The addresses do not fit the socket: an IPv6 address on an IPv4 socket, or a socket that is already bound.");

    public static readonly SctpErrorDefinition NewSocketTooManyOpenFiles = new(
        "NewSocket.TooManyOpenFiles", NewSocket, ErrorCategory.LimitsExceeded, Errno.EMFILE,
        "The process (EMFILE) or the system (ENFILE) has no descriptor left.");

    public static readonly SctpErrorDefinition NewSocketFailed = new(
        "NewSocket.Failed", NewSocket, ErrorCategory.NotSpecified, null,
        "Any other failure of socket(), setsockopt(), bind or listen; the message names the call and the errno.");

    public static readonly SctpErrorDefinition GetSocketNotFound = new(
        "GetSocket.NotFound", GetSocket, ErrorCategory.ObjectNotFound, null,
        "No open socket of this session has the given Id.");

    /// <summary>Every definition above, in declaration order.</summary>
    public static IReadOnlyList<SctpErrorDefinition> All { get; } = typeof(ErrorCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(SctpErrorDefinition))
        .Select(f => (SctpErrorDefinition)f.GetValue(null)!)
        .ToArray();

    /// <summary>The errors one cmdlet can write (its own and the shared ones).</summary>
    public static IEnumerable<SctpErrorDefinition> For(string cmdlet) =>
        All.Where(d => d.Cmdlet == cmdlet || d.Cmdlet == Any);

    /// <summary>The cmdlet's definition for an errno, or <paramref name="fallback"/>.</summary>
    public static SctpErrorDefinition ForErrno(string cmdlet, Errno errno, SctpErrorDefinition fallback)
    {
        // ENFILE is the system-wide twin of EMFILE: one definition covers both.
        var key = errno == Errno.ENFILE ? Errno.EMFILE : errno;
        return All.FirstOrDefault(d => d.Cmdlet == cmdlet && d.Errno == key) ?? fallback;
    }
}
