using System.Management.Automation;
using System.Net;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>Remove-SctpLocalAddress: unbinds local addresses from a socket (sctp_bindx(3), SCTP_BINDX_REM_ADDR).</summary>
[Cmdlet(VerbsCommon.Remove, "SctpLocalAddress", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SctpSocket))]
public sealed class RemoveSctpLocalAddressCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpSocket[] Socket { get; set; } = Array.Empty<SctpSocket>();

    [Parameter(Mandatory = true, Position = 1)]
    public IPAddress[] Address { get; set; } = Array.Empty<IPAddress>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var socket in Socket)
        {
            if (!ShouldProcess($"socket {socket.Id}", $"Remove local address {string.Join(", ", Address.Select(a => SctpAddressText.Format(a)))}"))
                continue;
            try
            {
                socket.RemoveLocalAddresses(Address);
                if (PassThru) WriteObject(socket);
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                string? message = e is SctpException { Errno: Errno.EBUSY }
                    ? $"Cannot remove {string.Join(", ", Address.Select(a => SctpAddressText.Format(a)))} from socket {socket.Id}: a bound socket keeps at least one address ({Errno.EBUSY.Format()})."
                    : null;
                WriteSocketFailure(e, socket, "SCTP_SOCKOPT_BINDX_REM", ErrorCatalog.RemoveAddressSocketClosed, ErrorCatalog.RemoveAddressFailed, socket, message);
            }
        }
    }
}
