using System.Management.Automation;
using System.Net;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpAssociation: the associations on given sockets (SCTP_GET_ASSOC_ID_LIST, SCTP_STATUS,
/// SCTP_GET_PEER_ADDRS, SCTP_GET_PEER_ADDR_INFO), or, without -Socket, every SCTP association
/// on the host (sctp_diag, or /proc/net/sctp/assocs without it), in the spirit of Get-NetTCPConnection.
/// Associations piped in (snapshots) come out as they are now.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpAssociation", DefaultParameterSetName = System)]
[OutputType(typeof(SctpAssociation))]
public sealed class GetSctpAssociationCommand : SctpCmdlet
{
    private const string System = "System";
    private const string BySocket = "BySocket";
    private const string ByAssociation = "ByAssociation";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = BySocket)]
    public SctpSocket[] Socket { get; set; } = Array.Empty<SctpSocket>();

    /// <summary>Associations from an earlier query: each is read again, from its socket (or the system table it came from).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByAssociation)]
    public SctpAssociation[] Association { get; set; } = Array.Empty<SctpAssociation>();

    [Parameter(ParameterSetName = BySocket)]
    [Alias("AssociationId")]
    [ArgumentCompleter(typeof(AssociationIdCompleter))]
    public int[]? Id { get; set; }

    [Parameter]
    [ValidateRange(0, 65535)]
    public int[]? LocalPort { get; set; }

    [Parameter]
    [ValidateRange(0, 65535)]
    public int[]? RemotePort { get; set; }

    [Parameter]
    public IPAddress[]? RemoteAddress { get; set; }

    [Parameter]
    public SctpAssociationState[]? State { get; set; }

    /// <summary>System-wide listing: sctp_diag (as `ss -S`), /proc/net/sctp/assocs, or Auto (sctp_diag when loaded).</summary>
    [Parameter(ParameterSetName = System)]
    public SctpAssociationSource Source { get; set; } = SctpAssociationSource.Auto;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == BySocket)
        {
            foreach (var socket in Socket)
                WriteFiltered(FromSocket(socket));
            return;
        }
        if (ParameterSetName == ByAssociation)
        {
            foreach (var association in Association)
                WriteFiltered(Refresh(association));
            return;
        }
        if (!SctpSystemAssociations.IsAvailable)
        {
            WriteSctpError(ErrorCatalog.GetAssociationNoSystemTable,
                new SctpException(Errno.ENOENT, "open", $"{SctpSystemAssociations.ProcPath} does not exist ({Errno.ENOENT.Format()}): the sctp module is not loaded. {SctpSupport.Probe().Remedy}"),
                SctpSystemAssociations.ProcPath);
            return;
        }
        var byInode = SessionSockets.Open().GroupBy(s => s.Inode).ToDictionary(g => g.Key, g => g.First());
        try
        {
            WriteFiltered(SctpSystemAssociations.Read(inode => byInode.GetValueOrDefault(inode), Source));
        }
        catch (SctpException e)
        {
            WriteSctpError(Classify(e, ErrorCatalog.GetAssociationSocketClosed, ErrorCatalog.GetAssociationFailed), e, Source);
        }
    }

    /// <summary>The association as it is now: from its socket, or, listed system-wide, from the same source by socket inode and id.</summary>
    private IEnumerable<SctpAssociation> Refresh(SctpAssociation association)
    {
        if (association.Socket is { } socket)
        {
            try
            {
                return new[] { socket.GetAssociation(association.Id) };
            }
            catch (SctpException e) when (e.Errno == Errno.EINVAL)
            {
                WriteSctpError(ErrorCatalog.GetAssociationGone, e, association,
                    $"Association {association.Id} on socket {socket.Id} has ended or moved since it was listed ({e.Errno.Format()}).");
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                WriteSocketFailure(e, socket, "SCTP_STATUS", ErrorCatalog.GetAssociationSocketClosed, ErrorCatalog.GetAssociationFailed, association);
            }
            return Array.Empty<SctpAssociation>();
        }
        if (!SctpSystemAssociations.IsAvailable)
        {
            WriteSctpError(ErrorCatalog.GetAssociationNoSystemTable,
                new SctpException(Errno.ENOENT, "open", $"{SctpSystemAssociations.ProcPath} does not exist ({Errno.ENOENT.Format()}): the sctp module is not loaded. {SctpSupport.Probe().Remedy}"),
                association);
            return Array.Empty<SctpAssociation>();
        }
        var source = association.Source == "sctp_diag" ? SctpAssociationSource.SctpDiag
                   : association.Source == SctpSystemAssociations.ProcPath ? SctpAssociationSource.Proc : SctpAssociationSource.Auto;
        try
        {
            var byInode = SessionSockets.Open().GroupBy(s => s.Inode).ToDictionary(g => g.Key, g => g.First());
            var now = SctpSystemAssociations.Read(inode => byInode.GetValueOrDefault(inode), source)
                .FirstOrDefault(a => a.Inode == association.Inode && a.Id == association.Id && a.LocalPort == association.LocalPort && a.RemotePort == association.RemotePort);
            if (now is not null) return new[] { now };
            WriteSctpError(ErrorCatalog.GetAssociationGone,
                new SctpException(Errno.EINVAL, "sock_diag",
                    $"Association {association.Id} of socket inode {association.Inode} is no longer in {association.Source}: it has ended ({Errno.EINVAL.Format()})."), association);
        }
        catch (SctpException e)
        {
            WriteSctpError(Classify(e, ErrorCatalog.GetAssociationSocketClosed, ErrorCatalog.GetAssociationFailed), e, association);
        }
        return Array.Empty<SctpAssociation>();
    }

    private IEnumerable<SctpAssociation> FromSocket(SctpSocket socket)
    {
        var found = new List<SctpAssociation>();
        try
        {
            if (Id is null)
                return socket.GetAssociations();
            foreach (int id in Id)
            {
                try
                {
                    found.Add(socket.GetAssociation(id));
                }
                catch (SctpException e) when (e.Errno == Errno.EINVAL)
                {
                    WriteSctpError(ErrorCatalog.GetAssociationNotFound, e, id);
                }
            }
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, "SCTP_STATUS", ErrorCatalog.GetAssociationSocketClosed, ErrorCatalog.GetAssociationFailed, socket);
        }
        return found;
    }

    private void WriteFiltered(IEnumerable<SctpAssociation> associations)
    {
        foreach (var a in associations)
        {
            if (LocalPort is not null && !LocalPort.Contains(a.LocalPort)) continue;
            if (RemotePort is not null && !RemotePort.Contains(a.RemotePort)) continue;
            if (RemoteAddress is not null && !a.PeerAddresses.Any(p => RemoteAddress.Any(r => SctpAddressText.SameAddress(p, r)))) continue;
            if (State is not null && !State.Contains(a.State)) continue;
            WriteObject(a);
        }
    }
}
