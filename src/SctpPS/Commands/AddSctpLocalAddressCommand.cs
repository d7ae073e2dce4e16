using System.Management.Automation;
using System.Net;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>Add-SctpLocalAddress: binds more local addresses to a bound socket (sctp_bindx(3), SCTP_BINDX_ADD_ADDR).</summary>
[Cmdlet(VerbsCommon.Add, "SctpLocalAddress", SupportsShouldProcess = true)]
[OutputType(typeof(SctpSocket))]
public sealed class AddSctpLocalAddressCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpSocket[] Socket { get; set; } = Array.Empty<SctpSocket>();

    /// <summary>The addresses to add, all on the socket's port.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public IPAddress[] Address { get; set; } = Array.Empty<IPAddress>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var socket in Socket)
        {
            if (!ShouldProcess($"socket {socket.Id}", $"Add local address {string.Join(", ", Address.Select(a => SctpAddressText.Format(a)))}"))
                continue;
            try
            {
                socket.AddLocalAddresses(Address);
                if (PassThru) WriteObject(socket);
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                WriteSocketFailure(e, socket, "SCTP_SOCKOPT_BINDX_ADD", ErrorCatalog.AddAddressSocketClosed, ErrorCatalog.AddAddressFailed, socket);
            }
        }
    }
}
