using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>Disconnect-SctpAssociation: graceful SHUTDOWN (SCTP_EOF), or ABORT with -Abort (SCTP_ABORT).</summary>
[Cmdlet(VerbsCommunications.Disconnect, "SctpAssociation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SctpAssociation))]
public sealed class DisconnectSctpAssociationCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Association")]
    public SctpAssociation[] InputObject { get; set; } = Array.Empty<SctpAssociation>();

    /// <summary>Send ABORT: the association ends at once, queued data is dropped.</summary>
    [Parameter]
    public SwitchParameter Abort { get; set; }

    /// <summary>Emit each association after the SHUTDOWN or ABORT was sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var association in InputObject)
        {
            var socket = association.Socket;
            if (socket is null)
            {
                WriteSctpError(ErrorCatalog.DisconnectNoSocket,
                    new InvalidOperationException($"Association {association.Id} belongs to no socket of this session (process {association.OwningProcess})."), association);
                continue;
            }
            if (!ShouldProcess(association.ToString(), Abort ? "Abort (send ABORT)" : "Shut down (send SHUTDOWN)"))
                continue;
            try
            {
                if (Abort) socket.Abort(association.Id);
                else socket.Shutdown(association.Id);
                if (PassThru) WriteObject(association);
            }
            catch (SctpException e) when (e.Errno is Errno.EPIPE or Errno.EINVAL)
            {
                WriteSctpError(ErrorCatalog.DisconnectNotFound, e, association,
                    $"Association {association.Id} on socket {socket.Id} is already gone ({e.Errno.Format()}).");
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                WriteSocketFailure(e, socket, "sendmsg", ErrorCatalog.DisconnectSocketClosed, ErrorCatalog.DisconnectFailed, association);
            }
        }
    }
}
