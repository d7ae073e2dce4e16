using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>
/// Close-SctpSocket: closes each socket exactly once; closing a closed socket does nothing.
/// Graceful by default (close(2): every association is shut down once its queued data is
/// delivered); -Abort sends ABORT instead (SO_LINGER {1, 0}).
/// </summary>
[Cmdlet(VerbsCommon.Close, "SctpSocket", SupportsShouldProcess = true, DefaultParameterSetName = BySocket)]
[OutputType(typeof(SctpSocket))]
public sealed class CloseSctpSocketCommand : SctpCmdlet
{
    private const string BySocket = "BySocket";
    private const string ById = "ById";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BySocket)]
    [Alias("Socket")]
    public SctpSocket[] InputObject { get; set; } = Array.Empty<SctpSocket>();

    /// <summary>Sockets of this runspace by Id (never from the pipeline: an object's Id is not a socket's).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ById)]
    [Alias("SocketId")]
    [ArgumentCompleter(typeof(SocketIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>With -Id: look in every runspace of the process, not only this one.</summary>
    [Parameter(ParameterSetName = ById)]
    public SwitchParameter AllRunspaces { get; set; }

    /// <summary>Send ABORT for every association instead of SHUTDOWN; data still queued is dropped.</summary>
    [Parameter]
    public SwitchParameter Abort { get; set; }

    /// <summary>Emit each socket after closing it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var sockets = ParameterSetName == ById ? Id.Select(Resolve).OfType<SctpSocket>() : InputObject;
        foreach (var socket in sockets)
        {
            if (!socket.IsClosed && ShouldProcess(Describe(socket), Abort ? "Close (send ABORT)" : "Close (send SHUTDOWN)"))
            {
                socket.Close(abort: Abort);
                SessionSockets.Forget(socket);
                WriteVerbose($"Closed socket {socket.Id} (fd {socket.Handle}): {(Abort ? "its associations are aborted" : "the kernel shuts its associations down once their queued data is delivered")}.");
            }
            if (PassThru) WriteObject(socket);
        }
    }

    /// <summary>What -WhatIf and -Confirm name: enough to tell a listener from a client socket.</summary>
    private static string Describe(SctpSocket socket)
    {
        string plain = $"socket {socket.Id} (fd {socket.Handle}, {socket.Style}";
        try
        {
            string port = socket.LocalPort != 0 ? $", port {socket.LocalPort}" : "";
            bool listening = socket.IsListening;
            int associations = socket.Style == SctpSocketStyle.OneToMany || !listening ? socket.GetAssociationIds().Length : 0;
            return $"{plain}{port}{(listening ? ", listening" : "")}, {associations} association{(associations == 1 ? "" : "s")})";
        }
        catch (Exception e) when (e is SctpPS.Native.SctpException or ObjectDisposedException)
        {
            return plain + ")"; // the description must never stop the close
        }
    }

    private SctpSocket? Resolve(int id)
    {
        var socket = SessionSockets.Find(id, AllRunspaces);
        if (socket is null)
            WriteSctpError(ErrorCatalog.CloseSocketNotFound,
                new ItemNotFoundException($"No open SCTP socket with Id {id} in this {(AllRunspaces ? "process" : "runspace")}{(AllRunspaces ? "" : " (-AllRunspaces looks in every runspace)")}."), id);
        return socket;
    }
}
