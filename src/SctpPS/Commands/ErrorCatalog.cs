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
    private const string CloseSocket = "Close-SctpSocket";
    private const string Connect = "Connect-SctpAssociation";
    private const string Wait = "Wait-SctpAssociation";
    private const string GetAssociation = "Get-SctpAssociation";
    private const string PeelOff = "Invoke-SctpPeelOff";
    private const string Disconnect = "Disconnect-SctpAssociation";
    private const string Send = "Send-SctpMessage";
    private const string Receive = "Receive-SctpMessage";
    private const string Notification = "Set-SctpNotification";
    private const string AddAddress = "Add-SctpLocalAddress";
    private const string RemoveAddress = "Remove-SctpLocalAddress";
    private const string PeerAddress = "Get-SctpPeerAddress";
    private const string SetPrimary = "Set-SctpPrimaryAddress";
    private const string GetOption = "Get-SctpSocketOption";
    private const string SetOption = "Set-SctpSocketOption";

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

    public static readonly SctpErrorDefinition CloseSocketNotFound = new(
        "CloseSocket.NotFound", CloseSocket, ErrorCategory.ObjectNotFound, null,
        "No open socket of this runspace (with -AllRunspaces: of the process) has the given -Id; the other Ids are closed.");

    public static readonly SctpErrorDefinition GetSocketNotFound = new(
        "GetSocket.NotFound", GetSocket, ErrorCategory.ObjectNotFound, null,
        "No open socket of this runspace (with -AllRunspaces: of the process) has the given Id; the other Ids are emitted.");

    // Connect-SctpAssociation (sctp_connectx(3))
    public static readonly SctpErrorDefinition ConnectRefused = new(
        "Connect.Refused", Connect, ErrorCategory.ConnectionError, Errno.ECONNREFUSED,
        "The peer answered the INIT with an ABORT: nothing listens on that port, or it refused the association.");

    public static readonly SctpErrorDefinition ConnectTimeout = new(
        "Connect.Timeout", Connect, ErrorCategory.OperationTimeout, Errno.ETIMEDOUT,
        "No association within -TimeoutSeconds, or the kernel's INIT retransmissions ran out; the attempt is abandoned.");

    public static readonly SctpErrorDefinition ConnectNetworkUnreachable = new(
        "Connect.NetworkUnreachable", Connect, ErrorCategory.ConnectionError, Errno.ENETUNREACH,
        "No route to the peer (ENETUNREACH or EHOSTUNREACH).");

    public static readonly SctpErrorDefinition ConnectHostNotFound = new(
        "Connect.HostNotFound", Connect, ErrorCategory.ObjectNotFound, null,
        "A -RemoteAddress is neither an IP address nor a host name that resolves to an address of the socket's family.");

    public static readonly SctpErrorDefinition ConnectInvalidAddress = new(
        "Connect.InvalidAddress", Connect, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The kernel refused the address list, or an IPv6 address was given to an IPv4 socket.");

    public static readonly SctpErrorDefinition ConnectAlreadyConnected = new(
        "Connect.AlreadyConnected", Connect, ErrorCategory.InvalidOperation, Errno.EISCONN,
        "A one-to-one socket already has its association (or one of the addresses already belongs to an association of this socket).");

    public static readonly SctpErrorDefinition ConnectListeningSocket = new(
        "Connect.ListeningSocket", Connect, ErrorCategory.InvalidOperation, Errno.EISCONN,
        "The socket is a listening one-to-one socket: it accepts associations (Wait-SctpAssociation) and cannot start one. The kernel says EISCONN.");

    public static readonly SctpErrorDefinition ConnectAddressNotAvailable = new(
        "Connect.AddressNotAvailable", Connect, ErrorCategory.InvalidArgument, Errno.EADDRNOTAVAIL,
        "No local address can reach that peer address.");

    public static readonly SctpErrorDefinition ConnectSocketClosed = new(
        "Connect.SocketClosed", Connect, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition ConnectFailed = new(
        "Connect.Failed", Connect, ErrorCategory.NotSpecified, null,
        "Any other failure; the message names the call and the errno.");

    // Wait-SctpAssociation
    public static readonly SctpErrorDefinition WaitTimeout = new(
        "Wait.Timeout", Wait, ErrorCategory.OperationTimeout, Errno.ETIMEDOUT,
        "No peer brought up an association within -TimeoutSeconds.");

    public static readonly SctpErrorDefinition WaitNotListening = new(
        "Wait.NotListening", Wait, ErrorCategory.InvalidOperation, Errno.EINVAL,
        "The socket is not listening, so no peer can bring up an association on it (New-SctpSocket -Listen).");

    public static readonly SctpErrorDefinition WaitSocketClosed = new(
        "Wait.SocketClosed", Wait, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition WaitFailed = new(
        "Wait.Failed", Wait, ErrorCategory.NotSpecified, null,
        "Any other failure of accept(2) or the association listing; the message names the call and the errno.");

    // Get-SctpAssociation
    public static readonly SctpErrorDefinition GetAssociationNotFound = new(
        "GetAssociation.NotFound", GetAssociation, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "The socket has no association with that -Id.");

    public static readonly SctpErrorDefinition GetAssociationSocketClosed = new(
        "GetAssociation.SocketClosed", GetAssociation, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition GetAssociationNoSystemTable = new(
        "GetAssociation.NoSystemTable", GetAssociation, ErrorCategory.NotInstalled, Errno.ENOENT,
        "No system-wide table to read: the sctp module is not loaded (no /proc/net/sctp/assocs), or -Source SctpDiag without the sctp_diag module.");

    public static readonly SctpErrorDefinition GetAssociationFailed = new(
        "GetAssociation.Failed", GetAssociation, ErrorCategory.NotSpecified, null,
        "Any other failure of SCTP_STATUS or the address queries; the message names the call and the errno.");

    // Invoke-SctpPeelOff (sctp_peeloff(3), sctp_peeloff_flags)
    public static readonly SctpErrorDefinition PeelOffBadDescriptor = new(
        "PeelOff.BadDescriptor", PeelOff, ErrorCategory.InvalidArgument, Errno.EBADF,
        "-FileDescriptor is not an open descriptor.");

    public static readonly SctpErrorDefinition PeelOffNotASocket = new(
        "PeelOff.NotASocket", PeelOff, ErrorCategory.InvalidArgument, Errno.ENOTSOCK,
        "-FileDescriptor is open but is not a socket (a regular file, a pipe).");

    public static readonly SctpErrorDefinition PeelOffInvalidAssociation = new(
        "PeelOff.InvalidAssociation", PeelOff, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "The one-to-many socket has no association with that id (never had, already peeled off, or shut down).");

    public static readonly SctpErrorDefinition PeelOffNotOneToManySocket = new(
        "PeelOff.NotOneToManySocket", PeelOff, ErrorCategory.InvalidOperation, Errno.EINVAL,
        "The socket is one-to-one style (SOCK_STREAM, accepted or already peeled off): only one-to-many sockets hold associations to peel off. The C API returns the same EINVAL as for a bad id; SctpPS tells them apart by the socket's style.");

    public static readonly SctpErrorDefinition PeelOffNotSctpSocket = new(
        "PeelOff.NotSctpSocket", PeelOff, ErrorCategory.InvalidArgument, Errno.ENOPROTOOPT,
        "-FileDescriptor is a TCP, UDP or other non-SCTP socket.");

    public static readonly SctpErrorDefinition PeelOffSocketClosed = new(
        "PeelOff.SocketClosed", PeelOff, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The SctpSocket was closed.");

    public static readonly SctpErrorDefinition PeelOffTooManyOpenFiles = new(
        "PeelOff.TooManyOpenFiles", PeelOff, ErrorCategory.LimitsExceeded, Errno.EMFILE,
        "No descriptor is left for the new socket: the process limit (EMFILE, ulimit -n) or the system limit (ENFILE). SctpPS checks for a free descriptor before the kernel moves the association, because the kernel's own EMFILE path destroys the association; so the association stays.");

    public static readonly SctpErrorDefinition PeelOffNoSocket = new(
        "PeelOff.NoSocket", PeelOff, ErrorCategory.InvalidOperation, null,
        "The association was listed system-wide and belongs to no socket of this session (use -FileDescriptor for a descriptor you hold).");

    public static readonly SctpErrorDefinition PeelOffFailed = new(
        "PeelOff.Failed", PeelOff, ErrorCategory.NotSpecified, null,
        "Any other failure (ENOMEM, ENOBUFS...); the message names the errno.");

    // Disconnect-SctpAssociation
    public static readonly SctpErrorDefinition DisconnectNotFound = new(
        "Disconnect.NotFound", Disconnect, ErrorCategory.ObjectNotFound, Errno.EPIPE,
        "The association is already gone (shut down, aborted or peeled off to another socket): the kernel has no association with that id on the socket.");

    public static readonly SctpErrorDefinition DisconnectTimeout = new(
        "Disconnect.Timeout", Disconnect, ErrorCategory.OperationTimeout, Errno.ETIMEDOUT,
        "-Wait: the peer did not complete the shutdown (SHUTDOWN ACK) within -TimeoutSeconds. The shutdown goes on in the kernel.");

    public static readonly SctpErrorDefinition DisconnectNoSocket = new(
        "Disconnect.NoSocket", Disconnect, ErrorCategory.InvalidOperation, null,
        "The association was listed system-wide and belongs to no socket of this session.");

    public static readonly SctpErrorDefinition DisconnectSocketClosed = new(
        "Disconnect.SocketClosed", Disconnect, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The association's socket was closed.");

    public static readonly SctpErrorDefinition DisconnectFailed = new(
        "Disconnect.Failed", Disconnect, ErrorCategory.NotSpecified, null,
        "Any other failure of sendmsg(2) with SCTP_EOF or SCTP_ABORT; the message names the errno.");

    // Send-SctpMessage (sctp_sendv(3), sctp_sendmsg(3), sctp_send(3))
    public static readonly SctpErrorDefinition SendInvalidStream = new(
        "Send.InvalidStream", Send, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "-Stream is not below the association's outbound stream count (the kernel says EINVAL; SctpPS checks the count to say which).");

    public static readonly SctpErrorDefinition SendMessageTooLarge = new(
        "Send.MessageTooLarge", Send, ErrorCategory.LimitsExceeded, Errno.EMSGSIZE,
        "The message is larger than the fragmentation point and fragmentation is disabled (New-SctpSocket -DisableFragments), or larger than the send buffer.");

    public static readonly SctpErrorDefinition SendAssociationClosed = new(
        "Send.AssociationClosed", Send, ErrorCategory.ConnectionError, Errno.EPIPE,
        "The association was aborted or shut down (by the peer or locally): EPIPE, ESHUTDOWN or ECONNRESET. With notifications on, Receive-SctpMessage shows why.");

    public static readonly SctpErrorDefinition SendNotConnected = new(
        "Send.NotConnected", Send, ErrorCategory.InvalidOperation, Errno.EPIPE,
        "A one-to-one socket that was never connected: set its association up first (Connect-SctpAssociation). The kernel says EPIPE.");

    public static readonly SctpErrorDefinition SendAbortedByPeer = new(
        "Send.AbortedByPeer", Send, ErrorCategory.ConnectionError, Errno.ECONNRESET,
        "The peer aborted the association of this one-to-one socket (an ABORT chunk; the cause code is named when a notification told the socket).");

    public static readonly SctpErrorDefinition SendEmptyMessage = new(
        "Send.EmptyMessage", Send, ErrorCategory.InvalidArgument, null,
        "A message of 0 bytes (an empty -Data, -Text or pipeline item): SCTP has no empty DATA chunk, the kernel refuses it with EINVAL. Nothing is sent.");

    public static readonly SctpErrorDefinition SendNoPayload = new(
        "Send.NoPayload", Send, ErrorCategory.InvalidArgument, null,
        "Nothing to send: none of -Data, -Text or pipeline input, and neither -EndOfFile nor -Abort.");

    public static readonly SctpErrorDefinition SendNoAssociation = new(
        "Send.NoAssociation", Send, ErrorCategory.InvalidOperation, Errno.EDESTADDRREQ,
        "A one-to-many socket was given neither an association (-Association) nor a destination (-RemoteEndPoint).");

    public static readonly SctpErrorDefinition SendTimeout = new(
        "Send.Timeout", Send, ErrorCategory.OperationTimeout, Errno.ETIMEDOUT,
        "The send buffer stayed full for -TimeoutSeconds.");

    public static readonly SctpErrorDefinition SendSocketClosed = new(
        "Send.SocketClosed", Send, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition SendInvalidInput = new(
        "Send.InvalidInput", Send, ErrorCategory.InvalidType, null,
        "A pipeline object that is neither a string nor a byte array (nor an SctpAssociation to send to).");

    public static readonly SctpErrorDefinition SendFailed = new(
        "Send.Failed", Send, ErrorCategory.NotSpecified, null,
        "Any other failure of sendmsg(2); the message names the errno.");

    // Receive-SctpMessage (sctp_recvv(3), sctp_recvmsg(3))
    public static readonly SctpErrorDefinition ReceiveTimeout = new(
        "Receive.Timeout", Receive, ErrorCategory.OperationTimeout, Errno.ETIMEDOUT,
        "Nothing arrived within -TimeoutSeconds; the socket stays usable.");

    public static readonly SctpErrorDefinition ReceiveListeningSocket = new(
        "Receive.ListeningSocket", Receive, ErrorCategory.InvalidOperation, Errno.ENOTCONN,
        "A listening one-to-one socket carries no messages: accept an association first (Wait-SctpAssociation).");

    public static readonly SctpErrorDefinition ReceiveAssociationClosed = new(
        "Receive.AssociationClosed", Receive, ErrorCategory.ConnectionError, Errno.ESHUTDOWN,
        "The one association of a one-to-one socket was shut down (or aborted by this side): everything queued was received, nothing more will arrive.");

    public static readonly SctpErrorDefinition ReceiveAbortedByPeer = new(
        "Receive.AbortedByPeer", Receive, ErrorCategory.ConnectionError, Errno.ECONNRESET,
        "The peer aborted the association of a one-to-one socket (an ABORT chunk): everything queued before it was received, nothing more will arrive. Every later receive on the socket says the same; the cause code is named when a notification told the socket.");

    public static readonly SctpErrorDefinition ReceiveNotConnected = new(
        "Receive.NotConnected", Receive, ErrorCategory.InvalidOperation, Errno.ENOTCONN,
        "A one-to-one socket that was never connected: set its association up first (Connect-SctpAssociation).");

    public static readonly SctpErrorDefinition ReceiveDecodeFailed = new(
        "Receive.DecodeFailed", Receive, ErrorCategory.InvalidData, null,
        "-AsText: the data is not valid in the chosen -Encoding. The error's TargetObject is the message, with its raw Data.");

    public static readonly SctpErrorDefinition ReceiveSocketClosed = new(
        "Receive.SocketClosed", Receive, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition ReceiveFailed = new(
        "Receive.Failed", Receive, ErrorCategory.NotSpecified, null,
        "Any other failure of recvmsg(2); the message names the errno.");

    // Set-SctpNotification (SCTP_EVENT)
    public static readonly SctpErrorDefinition NotificationSocketClosed = new(
        "Notification.SocketClosed", Notification, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition NotificationFailed = new(
        "Notification.Failed", Notification, ErrorCategory.NotSpecified, null,
        "setsockopt(SCTP_EVENT) failed, for example a type this kernel does not know (EINVAL).");

    // Add-SctpLocalAddress (sctp_bindx(3), SCTP_BINDX_ADD_ADDR)
    public static readonly SctpErrorDefinition AddAddressNotAvailable = new(
        "AddAddress.AddressNotAvailable", AddAddress, ErrorCategory.InvalidArgument, Errno.EADDRNOTAVAIL,
        "The address is not an address of this host.");

    public static readonly SctpErrorDefinition AddAddressInvalidAddress = new(
        "AddAddress.InvalidAddress", AddAddress, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The address does not fit the socket: an IPv6 address on an IPv4 socket, or a socket bound to the wildcard address (it has every address already).");

    public static readonly SctpErrorDefinition AddAddressInUse = new(
        "AddAddress.AddressInUse", AddAddress, ErrorCategory.ResourceUnavailable, Errno.EADDRINUSE,
        "Another socket is bound to that address on the socket's port.");

    public static readonly SctpErrorDefinition AddAddressSocketClosed = new(
        "AddAddress.SocketClosed", AddAddress, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition AddAddressFailed = new(
        "AddAddress.Failed", AddAddress, ErrorCategory.NotSpecified, null,
        "Any other failure of setsockopt(SCTP_SOCKOPT_BINDX_ADD); the message names the errno.");

    // Remove-SctpLocalAddress (sctp_bindx(3), SCTP_BINDX_REM_ADDR)
    public static readonly SctpErrorDefinition RemoveAddressLastAddress = new(
        "RemoveAddress.LastAddress", RemoveAddress, ErrorCategory.InvalidOperation, Errno.EBUSY,
        "The address is the socket's last one: a bound socket keeps at least one address.");

    public static readonly SctpErrorDefinition RemoveAddressInvalidAddress = new(
        "RemoveAddress.InvalidAddress", RemoveAddress, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The address is not bound to the socket, is of the other family (IPv6 on an IPv4 socket), or the socket is bound to the wildcard address.");

    public static readonly SctpErrorDefinition RemoveAddressSocketClosed = new(
        "RemoveAddress.SocketClosed", RemoveAddress, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition RemoveAddressFailed = new(
        "RemoveAddress.Failed", RemoveAddress, ErrorCategory.NotSpecified, null,
        "Any other failure of setsockopt(SCTP_SOCKOPT_BINDX_REM); the message names the errno.");

    // Get-SctpPeerAddress (sctp_getpaddrs(3), SCTP_GET_PEER_ADDR_INFO)
    public static readonly SctpErrorDefinition PeerAddressNotFound = new(
        "PeerAddress.NotFound", PeerAddress, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "The association is gone (shut down, aborted or peeled off to another socket).");

    public static readonly SctpErrorDefinition PeerAddressNoSocket = new(
        "PeerAddress.NoSocket", PeerAddress, ErrorCategory.InvalidOperation, null,
        "The association was listed system-wide and belongs to no socket of this session; its Paths property has what sctp_diag reports.");

    public static readonly SctpErrorDefinition PeerAddressSocketClosed = new(
        "PeerAddress.SocketClosed", PeerAddress, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The association's socket was closed.");

    public static readonly SctpErrorDefinition PeerAddressFailed = new(
        "PeerAddress.Failed", PeerAddress, ErrorCategory.NotSpecified, null,
        "Any other failure of the address queries; the message names the call and the errno.");

    // Set-SctpPrimaryAddress (SCTP_PRIMARY_ADDR, SCTP_SET_PEER_PRIMARY_ADDR)
    public static readonly SctpErrorDefinition SetPrimaryNotPeerAddress = new(
        "SetPrimary.NotPeerAddress", SetPrimary, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The address is not one of the association's peer addresses (or, with -Peer, not one of its local addresses).");

    public static readonly SctpErrorDefinition SetPrimaryNotFound = new(
        "SetPrimary.NotFound", SetPrimary, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "The association is gone (shut down, aborted or peeled off to another socket).");

    public static readonly SctpErrorDefinition SetPrimaryAsconfNotEnabled = new(
        "SetPrimary.AsconfNotEnabled", SetPrimary, ErrorCategory.PermissionDenied, Errno.EPERM,
        "-Peer needs ASCONF (RFC 5061) on both ends: AsconfSupported on the socket (sysctl net.sctp.addip_enable, with net.sctp.auth_enable) and a peer that offered it.");

    public static readonly SctpErrorDefinition SetPrimaryNoSocket = new(
        "SetPrimary.NoSocket", SetPrimary, ErrorCategory.InvalidOperation, null,
        "The association was listed system-wide and belongs to no socket of this session.");

    public static readonly SctpErrorDefinition SetPrimarySocketClosed = new(
        "SetPrimary.SocketClosed", SetPrimary, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The association's socket was closed.");

    public static readonly SctpErrorDefinition SetPrimaryFailed = new(
        "SetPrimary.Failed", SetPrimary, ErrorCategory.NotSpecified, null,
        "Any other failure of setsockopt(); the message names the option and the errno.");

    // Get-SctpSocketOption (sctp(7), sctp_opt_info(3))
    public static readonly SctpErrorDefinition GetOptionNotSupported = new(
        "GetOption.NotSupported", GetOption, ErrorCategory.NotImplemented, Errno.ENOPROTOOPT,
        "This kernel does not know the option (it is older than the option; the message says which Linux version added it). Asked for by -Name only: without -Name the property is left empty.");

    public static readonly SctpErrorDefinition GetOptionNotApplicable = new(
        "GetOption.NotApplicable", GetOption, ErrorCategory.InvalidOperation, Errno.EOPNOTSUPP,
        "The option does not apply to the socket's style, e.g. AutoCloseSeconds on a one-to-one socket. Asked for by -Name only.");

    public static readonly SctpErrorDefinition GetOptionNoAssociation = new(
        "GetOption.NoAssociation", GetOption, ErrorCategory.InvalidOperation, Errno.EINVAL,
        "The option exists only for an association (PrimaryPeerAddress): give -Association on a one-to-many socket; a one-to-one socket must be connected. Asked for by -Name only.");

    public static readonly SctpErrorDefinition GetOptionAssociationNotFound = new(
        "GetOption.AssociationNotFound", GetOption, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "The socket has no association with that id (any more).");

    public static readonly SctpErrorDefinition GetOptionUnknownName = new(
        "GetOption.UnknownName", GetOption, ErrorCategory.InvalidArgument, null,
        "A -Name without wildcards that is not an option (tab completion lists them). Non-terminating: the other names are read.");

    public static readonly SctpErrorDefinition GetOptionNoSocket = new(
        "GetOption.NoSocket", GetOption, ErrorCategory.InvalidOperation, null,
        "Neither -Socket nor an -Association of a socket of this session was given.");

    public static readonly SctpErrorDefinition GetOptionSocketClosed = new(
        "GetOption.SocketClosed", GetOption, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition GetOptionFailed = new(
        "GetOption.Failed", GetOption, ErrorCategory.NotSpecified, null,
        "Any other failure of getsockopt(); the message names the option and the errno.");

    // Set-SctpSocketOption (sctp(7), setsockopt(2) at level SOL_SCTP)
    public static readonly SctpErrorDefinition SetOptionOutOfRange = new(
        "SetOption.OutOfRange", SetOption, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The kernel refused a value as out of its range (RtoMinMs above RtoMaxMs, DelayedSackMs above 500, MaxSegment below 8...). Nothing was changed: the options already written in the same call are restored.");

    public static readonly SctpErrorDefinition SetOptionRefused = new(
        "SetOption.Refused", SetOption, ErrorCategory.InvalidOperation, null,
        "The kernel refused the change in the socket's current state (EPERM, EFAULT...): InterleavingSupported without FragmentInterleave, AsconfSupported without AUTH, ReusePort after binding. Nothing was changed.");

    public static readonly SctpErrorDefinition SetOptionNotSupported = new(
        "SetOption.NotSupported", SetOption, ErrorCategory.NotImplemented, Errno.ENOPROTOOPT,
        "This kernel does not know the option; the message says which Linux version added it. Nothing was changed.");

    public static readonly SctpErrorDefinition SetOptionNotApplicable = new(
        "SetOption.NotApplicable", SetOption, ErrorCategory.InvalidOperation, Errno.EOPNOTSUPP,
        "The option does not apply to the socket's style (AutoCloseSeconds on one-to-one, ReusePort on one-to-many). Nothing was changed.");

    public static readonly SctpErrorDefinition SetOptionAssociationNotFound = new(
        "SetOption.AssociationNotFound", SetOption, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "The socket has no association with that id (any more). Nothing was changed.");

    public static readonly SctpErrorDefinition SetOptionNoSocket = new(
        "SetOption.NoSocket", SetOption, ErrorCategory.InvalidOperation, null,
        "Neither -Socket nor an -Association of a socket of this session was given.");

    public static readonly SctpErrorDefinition SetOptionSocketClosed = new(
        "SetOption.SocketClosed", SetOption, ErrorCategory.InvalidOperation, Errno.EBADF,
        "The socket was closed.");

    public static readonly SctpErrorDefinition SetOptionFailed = new(
        "SetOption.Failed", SetOption, ErrorCategory.NotSpecified, null,
        "Any other failure of setsockopt(); the message names the option and the errno.");

    // ---- Runbook operations (issue 12): Get-SctpStatistics, kernel settings, endpoints, stream
    // reconfiguration, Test-SctpConnection. One block, so that it merges apart from the entries above.
    private const string GetStatistics = "Get-SctpStatistics";

    public static readonly SctpErrorDefinition GetStatisticsNotLoaded = new(
        "GetStatistics.NotLoaded", GetStatistics, ErrorCategory.NotInstalled, Errno.ENOENT,
        "There is no /proc/net/sctp/snmp: the sctp module is not loaded. The message says how to load it.");

    public static readonly SctpErrorDefinition GetStatisticsFailed = new(
        "GetStatistics.Failed", GetStatistics, ErrorCategory.ReadError, null,
        "Reading /proc/net/sctp/snmp failed (the sctp module was unloaded meanwhile); the message says why.");

    private const string GetKernelSetting = "Get-SctpKernelSetting";
    private const string SetKernelSetting = "Set-SctpKernelSetting";

    public static readonly SctpErrorDefinition GetKernelSettingNotFound = new(
        "GetKernelSetting.NotFound", GetKernelSetting, ErrorCategory.ObjectNotFound, Errno.ENOENT,
        "A -Name without wildcards that this kernel has no setting for (a wildcard that matches nothing is no error).");

    public static readonly SctpErrorDefinition GetKernelSettingNotLoaded = new(
        "GetKernelSetting.NotLoaded", GetKernelSetting, ErrorCategory.NotInstalled, Errno.ENOENT,
        "There is no /proc/sys/net/sctp: the sctp module is not loaded. The message says how to load it.");

    public static readonly SctpErrorDefinition GetKernelSettingFailed = new(
        "GetKernelSetting.Failed", GetKernelSetting, ErrorCategory.ReadError, null,
        "Reading a setting failed (refused, or the module was unloaded meanwhile); the message names the setting and the errno.");

    public static readonly SctpErrorDefinition SetKernelSettingNotFound = new(
        "SetKernelSetting.NotFound", SetKernelSetting, ErrorCategory.ObjectNotFound, Errno.ENOENT,
        "This kernel has no setting of that -Name.");

    public static readonly SctpErrorDefinition SetKernelSettingInvalidValue = new(
        "SetKernelSetting.InvalidValue", SetKernelSetting, ErrorCategory.InvalidArgument, null,
        "-Value is not of the setting's kind (a word for a number, 2 for a boolean, two numbers for sctp_rmem's three). Nothing was changed.");

    public static readonly SctpErrorDefinition SetKernelSettingOutOfRange = new(
        "SetKernelSetting.OutOfRange", SetKernelSetting, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "-Value is outside the bounds the kernel enforces (the message names them: rto_min at most rto_max, sack_timeout 1 to 500 ms ...), or the kernel refused it (a cookie_hmac_alg it was not built with). Nothing was changed.");

    public static readonly SctpErrorDefinition SetKernelSettingPermissionDenied = new(
        "SetKernelSetting.PermissionDenied", SetKernelSetting, ErrorCategory.PermissionDenied, Errno.EACCES,
        "Only root can change kernel settings (EACCES, or EPERM where capabilities are missing). Nothing was changed.");

    public static readonly SctpErrorDefinition SetKernelSettingNotLoaded = new(
        "SetKernelSetting.NotLoaded", SetKernelSetting, ErrorCategory.NotInstalled, Errno.ENOENT,
        "There is no /proc/sys/net/sctp: the sctp module is not loaded.");

    public static readonly SctpErrorDefinition SetKernelSettingFailed = new(
        "SetKernelSetting.Failed", SetKernelSetting, ErrorCategory.WriteError, null,
        "Any other failure of open(2) or write(2) on the setting's file; the message names the errno.");

    private const string GetEndpoint = "Get-SctpEndpoint";

    public static readonly SctpErrorDefinition GetEndpointNoSystemTable = new(
        "GetEndpoint.NoSystemTable", GetEndpoint, ErrorCategory.NotInstalled, Errno.ENOENT,
        "No table to read: the sctp module is not loaded (no /proc/net/sctp/eps), or -Source SctpDiag without the sctp_diag module.");

    public static readonly SctpErrorDefinition GetEndpointFailed = new(
        "GetEndpoint.Failed", GetEndpoint, ErrorCategory.ReadError, null,
        "The sctp_diag dump or the /proc tables could not be read; the message names the call and the errno.");

    // Stream reconfiguration (RFC 6525): the request goes out at once; the peer's answer (performed,
    // denied) arrives as a notification. The kernel's errnos say what kept the request from going.
    private const string ResetStream = "Reset-SctpStream";
    private const string ResetAssociation = "Reset-SctpAssociation";
    private const string AddStream = "Add-SctpStream";
    private const string ReconfigNotEnabled = "Stream reconfiguration is not in use on the association (ENOPROTOOPT): the peer did not offer it when the association came up (both ends need ReconfigSupported, or net.sctp.reconf_enable), or this end has not enabled this request (ReconfigRequests). The message says which.";
    private const string ReconfigInProgress = "Another reconfiguration request of the association is still unanswered (EINPROGRESS); one at a time.";
    private const string ReconfigNoSocket = "The association was listed system-wide and belongs to no socket of this session.";

    public static readonly SctpErrorDefinition ResetStreamNotEnabled = new("ResetStream.NotEnabled", ResetStream, ErrorCategory.NotEnabled, Errno.ENOPROTOOPT, ReconfigNotEnabled);
    public static readonly SctpErrorDefinition ResetStreamInProgress = new("ResetStream.InProgress", ResetStream, ErrorCategory.ResourceBusy, Errno.EINPROGRESS, ReconfigInProgress);
    public static readonly SctpErrorDefinition ResetStreamDataPending = new(
        "ResetStream.DataPending", ResetStream, ErrorCategory.ResourceBusy, Errno.EAGAIN,
        "Messages are still queued to go out on an outgoing stream to reset (EAGAIN); retry once they are sent.");
    public static readonly SctpErrorDefinition ResetStreamInvalidStream = new(
        "ResetStream.InvalidStream", ResetStream, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "A -Stream the association does not have in a direction to reset (streams are 0 to n-1); nothing is sent.");
    public static readonly SctpErrorDefinition ResetStreamNotFound = new(
        "ResetStream.NotFound", ResetStream, ErrorCategory.ObjectNotFound, Errno.EINVAL, "The association is gone (shut down, aborted or peeled off to another socket).");
    public static readonly SctpErrorDefinition ResetStreamNoSocket = new("ResetStream.NoSocket", ResetStream, ErrorCategory.InvalidOperation, null, ReconfigNoSocket);
    public static readonly SctpErrorDefinition ResetStreamSocketClosed = new("ResetStream.SocketClosed", ResetStream, ErrorCategory.InvalidOperation, Errno.EBADF, "The association's socket was closed.");
    public static readonly SctpErrorDefinition ResetStreamFailed = new(
        "ResetStream.Failed", ResetStream, ErrorCategory.NotSpecified, null, "Any other failure of setsockopt(SCTP_RESET_STREAMS); the message names the errno.");

    public static readonly SctpErrorDefinition ResetAssociationNotEnabled = new("ResetAssociation.NotEnabled", ResetAssociation, ErrorCategory.NotEnabled, Errno.ENOPROTOOPT, ReconfigNotEnabled);
    public static readonly SctpErrorDefinition ResetAssociationInProgress = new("ResetAssociation.InProgress", ResetAssociation, ErrorCategory.ResourceBusy, Errno.EINPROGRESS, ReconfigInProgress);
    public static readonly SctpErrorDefinition ResetAssociationDataPending = new(
        "ResetAssociation.DataPending", ResetAssociation, ErrorCategory.ResourceBusy, Errno.EAGAIN,
        "Data of the association is still queued or unacknowledged (EAGAIN): a TSN reset needs an empty send queue; retry once the peer has acknowledged everything.");
    public static readonly SctpErrorDefinition ResetAssociationNotFound = new(
        "ResetAssociation.NotFound", ResetAssociation, ErrorCategory.ObjectNotFound, Errno.EINVAL, "The association is gone (shut down, aborted or peeled off to another socket).");
    public static readonly SctpErrorDefinition ResetAssociationNoSocket = new("ResetAssociation.NoSocket", ResetAssociation, ErrorCategory.InvalidOperation, null, ReconfigNoSocket);
    public static readonly SctpErrorDefinition ResetAssociationSocketClosed = new("ResetAssociation.SocketClosed", ResetAssociation, ErrorCategory.InvalidOperation, Errno.EBADF, "The association's socket was closed.");
    public static readonly SctpErrorDefinition ResetAssociationFailed = new(
        "ResetAssociation.Failed", ResetAssociation, ErrorCategory.NotSpecified, null, "Any other failure of setsockopt(SCTP_RESET_ASSOC); the message names the errno.");

    public static readonly SctpErrorDefinition AddStreamNotEnabled = new("AddStream.NotEnabled", AddStream, ErrorCategory.NotEnabled, Errno.ENOPROTOOPT, ReconfigNotEnabled);
    public static readonly SctpErrorDefinition AddStreamInProgress = new("AddStream.InProgress", AddStream, ErrorCategory.ResourceBusy, Errno.EINPROGRESS, ReconfigInProgress);
    public static readonly SctpErrorDefinition AddStreamInvalidCount = new(
        "AddStream.InvalidCount", AddStream, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "Nothing to add (-Outbound and -Inbound both 0), or more than 65535 streams in a direction; nothing is sent.");
    public static readonly SctpErrorDefinition AddStreamNotFound = new(
        "AddStream.NotFound", AddStream, ErrorCategory.ObjectNotFound, Errno.EINVAL, "The association is gone (shut down, aborted or peeled off to another socket).");
    public static readonly SctpErrorDefinition AddStreamNoSocket = new("AddStream.NoSocket", AddStream, ErrorCategory.InvalidOperation, null, ReconfigNoSocket);
    public static readonly SctpErrorDefinition AddStreamSocketClosed = new("AddStream.SocketClosed", AddStream, ErrorCategory.InvalidOperation, Errno.EBADF, "The association's socket was closed.");
    public static readonly SctpErrorDefinition AddStreamFailed = new(
        "AddStream.Failed", AddStream, ErrorCategory.NotSpecified, null, "Any other failure of setsockopt(SCTP_ADD_STREAMS); the message names the errno.");

    // Test-SctpConnection: a peer that does not answer is a result (Reachable $false, with the
    // Connect.* ErrorId and a Reason), not an error; these are the probe's own problems.
    private const string TestConnection = "Test-SctpConnection";

    public static readonly SctpErrorDefinition TestConnectionLocalAddressNotAvailable = new(
        "TestConnection.LocalAddressNotAvailable", TestConnection, ErrorCategory.InvalidArgument, Errno.EADDRNOTAVAIL,
        "A -LocalAddress is not an address of this host; nothing was sent.");

    public static readonly SctpErrorDefinition TestConnectionAddressFamilyMismatch = new(
        "TestConnection.AddressFamilyMismatch", TestConnection, ErrorCategory.InvalidArgument, Errno.EINVAL,
        "The -LocalAddress family cannot reach any address of -ComputerName (IPv4 local addresses for a peer with IPv6 addresses only); nothing was sent.");

    public static readonly SctpErrorDefinition TestConnectionFailed = new(
        "TestConnection.Failed", TestConnection, ErrorCategory.NotSpecified, null,
        "The probe's socket could not be set up on this host (no descriptor left ...); the message names the call and the errno. Failures of the peer are not errors: they are in the result.");

    // Input that used to end in a bare .NET exception (issue 17, found by tests/Fuzz.Tests.ps1):
    // each is an error of the cmdlet, written as its other input errors are.
    public static readonly SctpErrorDefinition SendEncodeFailed = new(
        "Send.EncodeFailed", Send, ErrorCategory.InvalidArgument, null,
        "-Text or a piped string has a character the -Encoding cannot carry: a lone surrogate (half of a UTF-16 pair) in any encoding, or a character outside ASCII or Latin1 with those encodings. That message is not sent; fix the string, choose another -Encoding, or send bytes with -Data.");

    public static readonly SctpErrorDefinition NotificationNullEventType = new(
        "Notification.NullEventType", Notification, ErrorCategory.InvalidArgument, null,
        "-Enable or -Disable is $null: name the notification types (SctpEventType), or leave the parameter out. The socket is not changed.");

    public static readonly SctpErrorDefinition SetOptionNullValue = new(
        "SetOption.NullValue", SetOption, ErrorCategory.InvalidArgument, null,
        "An option parameter is $null: give it a value, or leave it out to keep the option as it is. Nothing was changed.");

    // Refreshing snapshots: an association or a path piped back into Get-SctpAssociation / Get-SctpPeerAddress
    public static readonly SctpErrorDefinition GetAssociationGone = new(
        "GetAssociation.Gone", GetAssociation, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "An association given with -Association (or piped in) has ended since its snapshot was taken, or was peeled off to another socket.");

    public static readonly SctpErrorDefinition PeerAddressPathGone = new(
        "PeerAddress.PathGone", PeerAddress, ErrorCategory.ObjectNotFound, Errno.EINVAL,
        "A path given with -Path (or piped in) is no longer a peer address of its association (removed by the peer with ASCONF), or the association ended.");

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
        // Twins share one definition: ENFILE is the system-wide EMFILE, EHOSTUNREACH the host-level ENETUNREACH.
        var key = errno switch { Errno.ENFILE => Errno.EMFILE, Errno.EHOSTUNREACH => Errno.ENETUNREACH, _ => errno };
        return All.FirstOrDefault(d => d.Cmdlet == cmdlet && d.Errno == key) ?? fallback;
    }
}
