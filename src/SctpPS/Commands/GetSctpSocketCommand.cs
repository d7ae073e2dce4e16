using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>Get-SctpSocket: the sockets this session opened and has not closed.</summary>
[Cmdlet(VerbsCommon.Get, "SctpSocket")]
[OutputType(typeof(SctpSocket))]
public sealed class GetSctpSocketCommand : SctpCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SocketId")]
    [ArgumentCompleter(typeof(SocketIdCompleter))]
    public int[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        if (Id is null)
        {
            WriteObject(SessionSockets.Open(), enumerateCollection: true);
            return;
        }
        foreach (int id in Id)
        {
            if (SessionSockets.Find(id) is { } socket)
                WriteObject(socket);
            else
                WriteSctpError(ErrorCatalog.GetSocketNotFound,
                    new ItemNotFoundException($"No open SCTP socket with Id {id} in this session."), id);
        }
    }
}
