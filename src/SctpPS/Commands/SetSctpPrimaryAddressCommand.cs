using System.Management.Automation;
using System.Net;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Set-SctpPrimaryAddress: which peer address an association sends to by default
/// (SCTP_PRIMARY_ADDR), or, with -Peer, asks the peer to send to one of our addresses
/// (SCTP_SET_PEER_PRIMARY_ADDR, an ASCONF request).
/// </summary>
[Cmdlet(VerbsCommon.Set, "SctpPrimaryAddress", SupportsShouldProcess = true, DefaultParameterSetName = ByAssociation)]
[OutputType(typeof(SctpAssociation))]
public sealed class SetSctpPrimaryAddressCommand : SctpCmdlet
{
    private const string ByAssociation = "ByAssociation";
    private const string ByPath = "ByPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByAssociation)]
    public SctpAssociation Association { get; set; } = null!;

    /// <summary>The new primary: a peer address of the association (with -Peer, one of its local addresses).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByAssociation)]
    public IPAddress Address { get; set; } = IPAddress.None;

    /// <summary>A path from Get-SctpPeerAddress: its peer address becomes the primary.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByPath)]
    public SctpPath Path { get; set; } = null!;

    /// <summary>Ask the peer to make our -Address its primary (needs ASCONF on both ends).</summary>
    [Parameter(ParameterSetName = ByAssociation)]
    public SwitchParameter Peer { get; set; }

    /// <summary>Emit the association as it is afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var (socket, id, address) = ParameterSetName == ByPath
            ? (Path.Socket, Path.AssociationId, IPAddress.Parse(Path.PeerAddress))
            : (Association.Socket, Association.Id, Address);
        object target = ParameterSetName == ByPath ? Path : Association;
        if (socket is null)
        {
            WriteSctpError(ErrorCatalog.SetPrimaryNoSocket,
                new InvalidOperationException($"Association {id} belongs to no socket of this session."), target);
            return;
        }
        string action = Peer ? $"Ask the peer to use local address {SctpAddressText.Format(address)} as primary" : $"Use peer address {SctpAddressText.Format(address)} as primary";
        if (!ShouldProcess($"association {id} on socket {socket.Id}", action))
            return;
        try
        {
            if (Peer) socket.RequestPeerPrimaryAddress(id, address);
            else socket.SetPrimaryAddress(id, address);
            if (PassThru) WriteObject(socket.GetAssociation(id));
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL && e.Operation == "SCTP_STATUS")
        {
            WriteSctpError(ErrorCatalog.SetPrimaryNotFound, e, target, $"Association {id} on socket {socket.Id} is gone ({e.Errno.Format()}).");
        }
        catch (SctpException e) when (e.Errno is Errno.EINVAL or Errno.EADDRNOTAVAIL)
        {
            string? message = Peer ? $"{SctpAddressText.Format(address)} is not a local address of association {id}: {e.Errno.Format()}." : null;
            WriteSctpError(ErrorCatalog.SetPrimaryNotPeerAddress, e, target, message);
        }
        catch (SctpException e) when (e.Errno == Errno.EPERM)
        {
            WriteSctpError(ErrorCatalog.SetPrimaryAsconfNotEnabled, e, target,
                $"The peer cannot be asked to change its primary: ASCONF is not in use on association {id} ({e.Errno.Format()}). Both ends need AsconfSupported (and AUTH).");
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, "SCTP_PRIMARY_ADDR", ErrorCatalog.SetPrimarySocketClosed, ErrorCatalog.SetPrimaryFailed, target);
        }
    }
}
