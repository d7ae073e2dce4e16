using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Invoke-SctpPeelOff: sctp_peeloff(3) / sctp_peeloff_flags. Branches each association off
/// its one-to-many socket into a new one-to-one socket, registered in this session.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SctpPeelOff", DefaultParameterSetName = ByAssociation)]
[OutputType(typeof(SctpSocket))]
public sealed class InvokeSctpPeelOffCommand : SctpCmdlet
{
    private const string ByAssociation = "ByAssociation";
    private const string BySocket = "BySocket";
    private const string ByDescriptor = "ByDescriptor";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByAssociation)]
    [Alias("Association")]
    public SctpAssociation InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BySocket)]
    public SctpSocket Socket { get; set; } = null!;

    /// <summary>A descriptor this module did not create (inherited, systemd socket activation); it stays the caller's.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByDescriptor)]
    [Alias("Fd")]
    [ValidateRange(0, int.MaxValue)]
    public int FileDescriptor { get; set; }

    // Never from the pipeline by property name: any object's Id would bind (a job's, a socket's).
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = BySocket)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByDescriptor)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(AssociationIdCompleter))]
    public int[] AssociationId { get; set; } = Array.Empty<int>();

    /// <summary>SOCK_NONBLOCK on the new socket.</summary>
    [Parameter]
    public SwitchParameter NonBlocking { get; set; }

    /// <summary>Keep the new descriptor across exec(); by default it is close-on-exec.</summary>
    [Parameter]
    public SwitchParameter Inheritable { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ByAssociation when InputObject.Socket is null:
                WriteSctpError(ErrorCatalog.PeelOffNoSocket,
                    new InvalidOperationException($"Association {InputObject.Id} belongs to no socket of this session (inode {InputObject.Inode}, process {InputObject.OwningProcess}); peel it off in the process that holds it, or pass that descriptor with -FileDescriptor."),
                    InputObject);
                break;
            case ByAssociation:
                PeelOff(InputObject.Socket, InputObject.Id, InputObject);
                break;
            case BySocket:
                foreach (int id in AssociationId) PeelOff(Socket, id, id);
                break;
            default:
                foreach (int id in AssociationId) PeelOff(null, id, FileDescriptor);
                break;
        }
    }

    private void PeelOff(SctpSocket? socket, int associationId, object target)
    {
        try
        {
            var peeled = socket is not null
                ? socket.PeelOff(associationId, NonBlocking, Inheritable)
                : SctpSocket.PeelOff(FileDescriptor, associationId, NonBlocking, Inheritable);
            WriteObject(SessionSockets.Register(peeled));
        }
        catch (ObjectDisposedException e)
        {
            WriteSctpError(ErrorCatalog.PeelOffSocketClosed, ClosedSocket(socket!, "sctp_peeloff", e), target);
        }
        catch (SctpNotSctpSocketException e)
        {
            WriteSctpError(ErrorCatalog.PeelOffNotSctpSocket, e, target);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            // The kernel says EINVAL both for a bad id and for a socket that is not one-to-many;
            // the socket's style tells which.
            var style = socket?.Style ?? SctpSocket.StyleOf(FileDescriptor);
            string where = socket is not null ? $"socket {socket.Id}" : $"descriptor {FileDescriptor}";
            // The exception's own message says which, not only the ErrorId: scripts log $_.Exception.Message.
            if (style == SctpSocketStyle.OneToOne)
                WriteSctpError(ErrorCatalog.PeelOffNotOneToManySocket, new SctpException(e.Errno, e.Operation,
                    $"Cannot peel off association {associationId}: {where} is a one-to-one socket{(socket?.PeeledOffFrom is { } from ? $" (already peeled off socket {from.Id})" : "")}, and only one-to-many sockets hold associations to peel off ({e.Errno.Format()}).", e), target);
            else
                WriteSctpError(ErrorCatalog.PeelOffInvalidAssociation, new SctpException(e.Errno, e.Operation,
                    $"Cannot peel off association {associationId}: {where} has no such association (never had, already peeled off, or ended) ({e.Errno.Format()}).", e), target);
        }
        catch (SctpException e)
        {
            WriteSctpError(Classify(e, ErrorCatalog.PeelOffSocketClosed, ErrorCatalog.PeelOffFailed), e, target,
                $"Cannot peel off association {associationId}: {e.Message}");
        }
    }
}
