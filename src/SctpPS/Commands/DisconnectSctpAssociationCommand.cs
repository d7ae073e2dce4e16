using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Disconnect-SctpAssociation: graceful SHUTDOWN (SCTP_EOF; shutdown(2) on a TCP-style one-to-one
/// socket), or ABORT with -Abort (SCTP_ABORT; on a TCP-style one-to-one socket, close with
/// SO_LINGER {1, 0}, which closes that socket).
/// </summary>
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

    /// <summary>After SHUTDOWN, wait until the peer has completed it (SHUTDOWN COMPLETE: the association is gone).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long; not given, until the shutdown completes or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double TimeoutSeconds { get; set; }

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
                    new InvalidOperationException($"Association {association.Id} belongs to no socket of this runspace (process {association.OwningProcess})."), association);
                continue;
            }
            string action = Abort
                ? socket.AbortClosesSocket ? $"Abort (send ABORT; closes one-to-one socket {socket.Id})" : "Abort (send ABORT)"
                : "Shut down (send SHUTDOWN)";
            if (!ShouldProcess(association.ToString(), action))
                continue;
            try
            {
                if (Abort)
                {
                    socket.Abort(association.Id);
                    if (socket.IsClosed)
                    {
                        SessionSockets.Forget(socket);
                        WriteVerbose($"Aborted association {association.Id}: one-to-one socket {socket.Id} was closed with SO_LINGER {{1, 0}}, the only ABORT Linux offers there.");
                    }
                    else WriteVerbose($"Aborted association {association.Id} on socket {socket.Id}.");
                }
                else
                {
                    socket.Shutdown(association.Id);
                    WriteVerbose($"Sent SHUTDOWN for association {association.Id} on socket {socket.Id} (after the data queued before it).");
                    if (Wait)
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        socket.WaitForEnd(association.Id, Timeout(nameof(TimeoutSeconds), TimeoutSeconds), Cancellation);
                        WriteVerbose($"Association {association.Id} completed its shutdown in {clock.Elapsed.TotalMilliseconds:0} ms.");
                    }
                }
                if (PassThru) WriteObject(association);
            }
            catch (OperationCanceledException)
            {
                return; // Ctrl+C while waiting: the shutdown goes on in the kernel
            }
            catch (SctpTimeoutException e)
            {
                WriteSctpError(ErrorCatalog.DisconnectTimeout, e, association);
            }
            catch (SctpException e) when (e.Errno == Errno.EPIPE)
            {
                // The kernel's answer for an association id it does not have (sctp_sendmsg).
                WriteSctpError(ErrorCatalog.DisconnectNotFound, e, association,
                    $"Association {association.Id} on socket {socket.Id} is already gone: shut down, aborted or peeled off ({e.Errno.Format()}).");
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                WriteSocketFailure(e, socket, "sendmsg", ErrorCatalog.DisconnectSocketClosed, ErrorCatalog.DisconnectFailed, association);
            }
        }
    }
}
