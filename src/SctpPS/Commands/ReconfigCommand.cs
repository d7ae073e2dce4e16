using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>The errors one stream reconfiguration cmdlet writes, by what went wrong.</summary>
internal sealed record ReconfigErrors(
    SctpErrorDefinition NotEnabled, SctpErrorDefinition InProgress, SctpErrorDefinition? DataPending, SctpErrorDefinition Invalid,
    SctpErrorDefinition NotFound, SctpErrorDefinition NoSocket, SctpErrorDefinition SocketClosed, SctpErrorDefinition Failed);

/// <summary>
/// What Reset-SctpStream, Reset-SctpAssociation and Add-SctpStream share (RFC 6525): find the
/// association's socket, check the request against the association, send it, and say why the
/// kernel refused it; the peer's answer arrives later as a notification on both ends.
/// </summary>
public abstract class ReconfigCommand : SctpCmdlet
{
    /// <summary>Emit the association as the kernel reports it right after the request.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected void Request(SctpAssociation association, ReconfigErrors errors, SctpReconfigRequests kind, string action, string option,
                                   Func<SctpAssociation, string?> check, Action<SctpSocket, int> send)
    {
        var socket = association.Socket;
        if (socket is null)
        {
            WriteSctpError(errors.NoSocket,
                new InvalidOperationException($"Association {association.Id} belongs to no socket of this session (process {association.OwningProcess}): only the process that holds it can reconfigure it."), association);
            return;
        }
        SctpAssociation current;
        try
        {
            current = socket.GetAssociation(association.Id);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            WriteSctpError(errors.NotFound, e, association, $"Association {association.Id} on socket {socket.Id} is gone (shut down, aborted or peeled off): {e.Errno.Format()}.");
            return;
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, "SCTP_STATUS", errors.SocketClosed, errors.Failed, association);
            return;
        }
        if (check(current) is { } invalid)
        {
            WriteSctpError(errors.Invalid, new SctpException(Errno.EINVAL, option, $"{invalid} ({Errno.EINVAL.Format()}). Nothing was sent."), association);
            return;
        }
        if (!ShouldProcess($"association {association.Id} on socket {socket.Id}", action))
            return;
        try
        {
            send(socket, association.Id);
            if (PassThru) WriteObject(socket.GetAssociation(association.Id));
        }
        catch (SctpException e) when (e.Errno == Errno.ENOPROTOOPT)
        {
            WriteSctpError(errors.NotEnabled, e, association, $"{NotEnabledReason(socket, association.Id, kind)} ({option}: {e.Errno.Format()}).");
        }
        catch (SctpException e) when (e.Errno == Errno.EINPROGRESS)
        {
            WriteSctpError(errors.InProgress, e, association,
                $"Association {association.Id} has a reconfiguration request outstanding; the peer has not answered it yet ({option}: {e.Errno.Format()}). Try again after its notification.");
        }
        catch (SctpException e) when (e.Errno == Errno.EAGAIN && errors.DataPending is not null)
        {
            WriteSctpError(errors.DataPending, e, association,
                $"Association {association.Id} still has messages waiting to be sent or acknowledged ({option}: {e.Errno.Format()}). Try again once the peer has taken them.");
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL)
        {
            WriteSctpError(errors.Invalid, e, association, $"The kernel refused the request for association {association.Id} ({option}: {e.Errno.Format()}).");
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, option, errors.SocketClosed, errors.Failed, association);
        }
    }

    /// <summary>ENOPROTOOPT means either end lacks something; the association's options say which.</summary>
    private static string NotEnabledReason(SctpSocket socket, int associationId, SctpReconfigRequests kind)
    {
        (bool PeerSupports, SctpReconfigRequests Enabled) state;
        try { state = socket.GetReconfigState(associationId); }
        catch (Exception e) when (e is SctpException or ObjectDisposedException) { return $"Stream reconfiguration is not in use on association {associationId}"; }
        if (!state.PeerSupports)
            return $"Stream reconfiguration (RFC 6525) is not in use on association {associationId}: both ends must offer it when the association comes up " +
                   "(net.sctp.reconf_enable = 1, or Set-SctpSocketOption -ReconfigSupported $true on the sockets before they connect)";
        return $"This end has not enabled {kind} requests on association {associationId} (its ReconfigRequests are {state.Enabled}): " +
               $"Set-SctpSocketOption -Association ... -ReconfigRequests {kind}; the peer must enable them too, or it denies them";
    }
}
