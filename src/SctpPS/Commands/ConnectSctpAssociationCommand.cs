using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>Connect-SctpAssociation: sctp_connectx(3) to a peer known by one or more addresses.</summary>
[Cmdlet(VerbsCommunications.Connect, "SctpAssociation")]
[OutputType(typeof(SctpAssociation))]
public sealed class ConnectSctpAssociationCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpSocket Socket { get; set; } = null!;

    /// <summary>IP literals or host names; every address of the peer goes to the kernel at once.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("RemoteAddresses", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string[] RemoteAddress { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 2)]
    [ValidateRange(1, 65535)]
    public int RemotePort { get; set; }

    /// <summary>Seconds (fractions allowed) to wait for the association; 30 by default.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double TimeoutSeconds { get; set; } = 30;

    protected override void ProcessRecord()
    {
        if (Socket.IsClosed)
        {
            WriteSctpError(ErrorCatalog.ConnectSocketClosed, ClosedSocket(Socket, "sctp_connectx"), Socket);
            return;
        }
        if (Socket.Style == SctpSocketStyle.OneToOne && Socket.IsListening)
        {
            WriteSctpError(ErrorCatalog.ConnectListeningSocket,
                new SctpException(Errno.EISCONN, "sctp_connectx",
                    $"Socket {Socket.Id} is a listening one-to-one socket: it accepts associations (Wait-SctpAssociation) and cannot start one ({Errno.EISCONN.Format()})."),
                Socket);
            return;
        }
        var endPoints = new List<IPEndPoint>();
        foreach (var name in RemoteAddress)
        {
            var addresses = Resolve(name);
            if (addresses is null) return;
            endPoints.AddRange(addresses.Select(a => new IPEndPoint(a, RemotePort)));
        }
        if (Socket.AddressFamily == SctpAddressFamily.InterNetwork && endPoints.FirstOrDefault(e => e.AddressFamily == AddressFamily.InterNetworkV6) is { } v6)
        {
            WriteSctpError(ErrorCatalog.ConnectInvalidAddress,
                new SctpException(Errno.EINVAL, "sctp_connectx",
                    $"Socket {Socket.Id} is an IPv4 socket and cannot reach the IPv6 address {SctpAddressText.Format(v6.Address)} ({Errno.EINVAL.Format()}); create it with New-SctpSocket -AddressFamily InterNetworkV6."),
                Socket);
            return;
        }
        string peer = string.Join(", ", endPoints.Select(e => SctpAddressText.Format(e)));
        try
        {
            WriteObject(Socket.Connect(endPoints, TimeSpan.FromSeconds(TimeoutSeconds), Cancellation, VerboseEnabled ? WriteVerbose : null));
        }
        catch (SctpException e) when (e.Errno == Errno.EISCONN)
        {
            WriteSctpError(ErrorCatalog.ConnectAlreadyConnected, e, Socket,
                $"Cannot connect socket {Socket.Id} to {peer}: it already has an association {(Socket.Style == SctpSocketStyle.OneToOne ? "(a one-to-one socket carries one)" : "with that peer")} ({e.Errno.Format()}).");
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the attempt was abandoned; the pipeline is stopping.
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, Socket, "sctp_connectx", ErrorCatalog.ConnectSocketClosed, ErrorCatalog.ConnectFailed, Socket);
        }
    }

    /// <summary>An IP literal as is; a host name through the resolver, keeping the socket's family.</summary>
    private IPAddress[]? Resolve(string name)
    {
        if (IPAddress.TryParse(name, out var literal)) return new[] { literal };
        try
        {
            var found = Dns.GetHostAddresses(name)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork || Socket.AddressFamily == SctpAddressFamily.InterNetworkV6)
                .ToArray();
            WriteVerbose($"'{name}' resolves to {(found.Length == 0 ? "no usable address" : string.Join(", ", found.Select(a => a.ToString())))}.");
            if (found.Length > 0) return found;
        }
        catch (SocketException) { }
        catch (ArgumentException) { }
        WriteSctpError(ErrorCatalog.ConnectHostNotFound,
            new ItemNotFoundException($"Cannot resolve '{name}' to an {(Socket.AddressFamily == SctpAddressFamily.InterNetworkV6 ? "IP" : "IPv4")} address."), name);
        return null;
    }
}
