using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpEndpoint: the SCTP sockets on the host that listen or carry associations, like
/// `ss -Sl` (sctp_diag, or /proc/net/sctp/eps and assocs without it), with owner and process,
/// in the spirit of Get-NetTCPConnection -State Listen.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpEndpoint")]
[OutputType(typeof(SctpEndpoint))]
public sealed class GetSctpEndpointCommand : SctpCmdlet
{
    [Parameter(Position = 0)]
    [ValidateRange(0, 65535)]
    public int[]? LocalPort { get; set; }

    /// <summary>Only sockets held by these processes (pid).</summary>
    [Parameter]
    public int[]? OwningProcess { get; set; }

    [Parameter]
    public SctpEndpointState[]? State { get; set; }

    /// <summary>sctp_diag (as ss), /proc (eps and assocs), or Auto (sctp_diag when loaded).</summary>
    [Parameter]
    public SctpAssociationSource Source { get; set; } = SctpAssociationSource.Auto;

    protected override void ProcessRecord()
    {
        if (!SctpEndpoints.IsAvailable)
        {
            WriteSctpError(ErrorCatalog.GetEndpointNoSystemTable,
                new SctpException(Errno.ENOENT, "open",
                    $"{SctpEndpoints.EndpointsPath} does not exist ({Errno.ENOENT.Format()}): the sctp module is not loaded. {SctpSupport.Probe().Remedy}"),
                SctpEndpoints.EndpointsPath);
            return;
        }
        List<SctpEndpoint> endpoints;
        try
        {
            endpoints = SctpEndpoints.Read(SessionSockets.Open().ToList(), Source);
        }
        catch (SctpException e) when (e.Errno == Errno.ENOENT)
        {
            WriteSctpError(ErrorCatalog.GetEndpointNoSystemTable, e, Source);
            return;
        }
        catch (Exception e) when (e is SctpException or IOException or UnauthorizedAccessException)
        {
            WriteSctpError(ErrorCatalog.GetEndpointFailed, e, Source);
            return;
        }
        foreach (var endpoint in endpoints)
        {
            if (LocalPort is not null && !LocalPort.Contains(endpoint.LocalPort)) continue;
            if (OwningProcess is not null && (endpoint.OwningProcess is not int pid || !OwningProcess.Contains(pid))) continue;
            if (State is not null && !State.Contains(endpoint.State)) continue;
            WriteObject(endpoint);
        }
    }
}
