using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Wait-SctpAssociation: waits for a peer to bring up an association. On a one-to-many
/// socket it emits the new association; on a listening one-to-one socket it accepts,
/// registers the accepted socket and emits its association.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "SctpAssociation")]
[OutputType(typeof(SctpAssociation))]
public sealed class WaitSctpAssociationCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpSocket Socket { get; set; } = null!;

    /// <summary>Seconds (fractions allowed); not given: wait until a peer comes or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public double TimeoutSeconds { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (!Socket.IsClosed && !Socket.IsListening)
            {
                WriteSctpError(ErrorCatalog.WaitNotListening,
                    new SctpException(Errno.EINVAL, "wait", $"Socket {Socket.Id} is not listening, so no peer can bring up an association on it ({Errno.EINVAL.Format()}); create it with New-SctpSocket -Listen."),
                    Socket);
                return;
            }
            var timeout = Timeout(nameof(TimeoutSeconds), TimeoutSeconds);
            if (Socket.Style == SctpSocketStyle.OneToOne)
            {
                var accepted = SessionSockets.Register(Socket.Accept(timeout, Cancellation));
                var association = accepted.GetAssociation(accepted.GetAssociationIds().FirstOrDefault());
                WriteVerbose($"Accepted {association} on new socket {accepted.Id} (fd {accepted.Handle}).");
                WriteObject(association);
            }
            else
            {
                var association = Socket.WaitForAssociation(timeout, Cancellation);
                WriteVerbose($"New {association} on socket {Socket.Id}.");
                WriteObject(association);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: nothing was accepted.
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            var error = e is ObjectDisposedException ? ClosedSocket(Socket, "wait", e) : e;
            var definition = e is SctpTimeoutException ? ErrorCatalog.WaitTimeout : Classify(e, ErrorCatalog.WaitSocketClosed, ErrorCatalog.WaitFailed);
            WriteSctpError(definition, error, Socket);
        }
    }
}
