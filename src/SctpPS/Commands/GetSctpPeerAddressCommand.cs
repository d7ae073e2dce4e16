using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpPeerAddress: every peer address of an association with its path state and
/// transport values (sctp_getpaddrs(3), SCTP_GET_PEER_ADDR_INFO, SCTP_PEER_ADDR_PARAMS), queried now;
/// or, for paths piped in (snapshots), each path as it is now.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpPeerAddress", DefaultParameterSetName = ByAssociation)]
[OutputType(typeof(SctpPath))]
public sealed class GetSctpPeerAddressCommand : SctpCmdlet
{
    private const string ByAssociation = "ByAssociation";
    private const string ByPath = "ByPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByAssociation)]
    public SctpAssociation[] Association { get; set; } = Array.Empty<SctpAssociation>();

    /// <summary>Paths from an earlier query: each is read again (the same peer address of the same association).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByPath)]
    public SctpPath[] Path { get; set; } = Array.Empty<SctpPath>();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByPath)
        {
            foreach (var path in Path)
                Refresh(path);
            return;
        }
        foreach (var association in Association)
        {
            var socket = association.Socket;
            if (socket is null)
            {
                WriteSctpError(ErrorCatalog.PeerAddressNoSocket,
                    new InvalidOperationException($"Association {association.Id} belongs to no socket of this session (process {association.OwningProcess}); its Paths property has what {association.Source} reports."), association);
                continue;
            }
            try
            {
                WriteObject(socket.GetPaths(association.Id), enumerateCollection: true);
            }
            catch (SctpException e) when (e.Errno == Errno.EINVAL)
            {
                WriteSctpError(ErrorCatalog.PeerAddressNotFound, e, association,
                    $"Association {association.Id} on socket {socket.Id} is gone ({e.Errno.Format()}).");
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                WriteSocketFailure(e, socket, "SCTP_GET_PEER_ADDRS", ErrorCatalog.PeerAddressSocketClosed, ErrorCatalog.PeerAddressFailed, association);
            }
        }
    }

    private void Refresh(SctpPath path)
    {
        var socket = path.Socket;
        if (socket is null)
        {
            WriteSctpError(ErrorCatalog.PeerAddressNoSocket,
                new InvalidOperationException($"The path to {path.PeerAddress} of association {path.AssociationId} belongs to no socket of this session: it was listed system-wide, and Get-SctpAssociation lists it again."), path);
            return;
        }
        try
        {
            var now = socket.GetPaths(path.AssociationId).FirstOrDefault(p => string.Equals(p.PeerAddress, path.PeerAddress, StringComparison.OrdinalIgnoreCase));
            if (now is null)
                WriteSctpError(ErrorCatalog.PeerAddressPathGone,
                    new SctpException(Errno.EINVAL, "SCTP_GET_PEER_ADDR_INFO",
                        $"{path.PeerAddress} is no longer a peer address of association {path.AssociationId} on socket {socket.Id}: {Errno.EINVAL.Format()}."), path);
            else
                WriteObject(now);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            WriteSctpError(ErrorCatalog.PeerAddressPathGone, e, path,
                $"Association {path.AssociationId} on socket {socket.Id} is gone, and with it the path to {path.PeerAddress} ({e.Errno.Format()}).");
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, "SCTP_GET_PEER_ADDR_INFO", ErrorCatalog.PeerAddressSocketClosed, ErrorCatalog.PeerAddressFailed, path);
        }
    }
}
