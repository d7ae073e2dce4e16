using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>Set-SctpNotification: turns notification types on or off on open sockets (SCTP_EVENT).</summary>
[Cmdlet(VerbsCommon.Set, "SctpNotification", SupportsShouldProcess = true)]
[OutputType(typeof(SctpSocket))]
public sealed class SetSctpNotificationCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpSocket[] Socket { get; set; } = Array.Empty<SctpSocket>();

    [Parameter(Position = 1)]
    public SctpEventType[] Enable { get; set; } = Array.Empty<SctpEventType>();

    [Parameter]
    public SctpEventType[] Disable { get; set; } = Array.Empty<SctpEventType>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var socket in Socket)
        {
            if (Enable is null || Disable is null)
            {
                // A variable that was never set, most likely: say what the parameter takes.
                string parameter = Enable is null ? nameof(Enable) : nameof(Disable);
                WriteSctpError(ErrorCatalog.NotificationNullEventType,
                    new PSArgumentNullException(parameter,
                        $"-{parameter} is $null: name the notification types to turn {(Enable is null ? "on" : "off")} ({string.Join(", ", Enum.GetNames<SctpEventType>())}), or leave -{parameter} out. Socket {socket.Id} was not changed."),
                    socket);
                continue;
            }
            if (!ShouldProcess($"socket {socket.Id}", $"Notifications on: {string.Join(", ", Enable)}; off: {string.Join(", ", Disable)}"))
                continue;
            try
            {
                socket.Subscribe(Enable, on: true);
                socket.Subscribe(Disable, on: false);
                if (PassThru) WriteObject(socket);
            }
            catch (Exception e) when (e is SctpException or ObjectDisposedException)
            {
                WriteSocketFailure(e, socket, "SCTP_EVENT", ErrorCatalog.NotificationSocketClosed, ErrorCatalog.NotificationFailed, socket);
            }
        }
    }
}
