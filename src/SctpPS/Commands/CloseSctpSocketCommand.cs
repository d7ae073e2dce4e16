using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>Close-SctpSocket: closes each socket exactly once; closing a closed socket does nothing.</summary>
[Cmdlet(VerbsCommon.Close, "SctpSocket", SupportsShouldProcess = true, DefaultParameterSetName = BySocket)]
[OutputType(typeof(SctpSocket))]
public sealed class CloseSctpSocketCommand : SctpCmdlet
{
    private const string BySocket = "BySocket";
    private const string ById = "ById";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BySocket)]
    [Alias("Socket")]
    public SctpSocket[] InputObject { get; set; } = Array.Empty<SctpSocket>();

    [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    [Alias("SocketId")]
    [ArgumentCompleter(typeof(SocketIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Emit each socket after closing it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var sockets = ParameterSetName == ById ? Id.Select(Resolve).OfType<SctpSocket>() : InputObject;
        foreach (var socket in sockets)
        {
            if (!socket.IsClosed && ShouldProcess($"socket {socket.Id} (fd {socket.Handle}, {socket.Style})", "Close"))
            {
                socket.Close();
                SessionSockets.Forget(socket);
            }
            if (PassThru) WriteObject(socket);
        }
    }

    private SctpSocket? Resolve(int id)
    {
        var socket = SessionSockets.Find(id);
        if (socket is null)
            WriteSctpError(ErrorCatalog.GetSocketNotFound,
                new ItemNotFoundException($"No open SCTP socket with Id {id} in this session."), id);
        return socket;
    }
}
