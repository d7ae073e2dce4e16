using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpSocket: the sockets this runspace opened and has not closed (-AllRunspaces: the
/// process's), or the sockets piped in, as they are now.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpSocket", DefaultParameterSetName = ById)]
[OutputType(typeof(SctpSocket))]
public sealed class GetSctpSocketCommand : SctpCmdlet
{
    private const string ById = "ById";
    private const string BySocket = "BySocket";

    /// <summary>Sockets by Id (never from the pipeline: an object's Id is not a socket's).</summary>
    [Parameter(Position = 0, ParameterSetName = ById)]
    [Alias("SocketId")]
    [ArgumentCompleter(typeof(SocketIdCompleter))]
    public int[]? Id { get; set; }

    /// <summary>Sockets piped in: emitted as they are now (a closed one shows IsClosed).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = BySocket)]
    [Alias("Socket")]
    public SctpSocket[] InputObject { get; set; } = Array.Empty<SctpSocket>();

    /// <summary>Every runspace's sockets in this process, each with the Id of its runspace (RunspaceId).</summary>
    [Parameter(ParameterSetName = ById)]
    public SwitchParameter AllRunspaces { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == BySocket)
        {
            WriteObject(InputObject, enumerateCollection: true);
            return;
        }
        if (Id is null)
        {
            foreach (var socket in SessionSockets.Open(AllRunspaces))
                Emit(socket);
            return;
        }
        foreach (int id in Id)
        {
            if (SessionSockets.Find(id, AllRunspaces) is { } socket)
                Emit(socket);
            else
                WriteSctpError(ErrorCatalog.GetSocketNotFound,
                    new ItemNotFoundException($"No open SCTP socket with Id {id} in this {(AllRunspaces ? "process" : "runspace")}{(AllRunspaces ? "" : " (-AllRunspaces looks in every runspace)")}."), id);
        }
    }

    private void Emit(SctpSocket socket)
    {
        if (!AllRunspaces)
        {
            WriteObject(socket);
            return;
        }
        // Which runspace opened it, as Get-Runspace numbers them.
        var item = PSObject.AsPSObject(socket);
        if (item.Properties["RunspaceId"] is PSNoteProperty known) known.Value = SessionSockets.OwnerOf(socket);
        else item.Properties.Add(new PSNoteProperty("RunspaceId", SessionSockets.OwnerOf(socket)));
        WriteObject(item);
    }
}
