using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpPeerAddress: every peer address of an association with its path state and
/// transport values (sctp_getpaddrs(3), SCTP_GET_PEER_ADDR_INFO, SCTP_PEER_ADDR_PARAMS), queried now.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpPeerAddress")]
[OutputType(typeof(SctpPath))]
public sealed class GetSctpPeerAddressCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpAssociation[] Association { get; set; } = Array.Empty<SctpAssociation>();

    protected override void ProcessRecord()
    {
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
}
