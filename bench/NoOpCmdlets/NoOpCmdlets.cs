// The floor of the cmdlet benchmarks: what PowerShell costs to run the same pipelines when the
// cmdlets in place of Send-SctpMessage and Receive-SctpMessage do no work. Each takes the
// parameters those pipelines bind (their types included, so binding costs what it costs there),
// in one parameter set; Receive emits one ready-made message object per -Count.
using System.Management.Automation;

namespace NoOpCmdlets;

/// <summary>What Receive-NoOpMessage emits: a message with the Data an echo pipeline reads.</summary>
public sealed class NoOpMessage
{
    public byte[] Data { get; init; } = Array.Empty<byte>();
}

[Cmdlet(VerbsCommunications.Send, "NoOpMessage")]
public sealed class SendNoOpMessageCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    public object? Association { get; set; }

    [Parameter]
    public object? Socket { get; set; }

    [Parameter]
    public byte[]? Data { get; set; }

    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter]
    public int Stream { get; set; }

    [Parameter]
    public uint PayloadProtocolId { get; set; }

    protected override void ProcessRecord() { }
}

[Cmdlet(VerbsCommunications.Receive, "NoOpMessage")]
public sealed class ReceiveNoOpMessageCommand : PSCmdlet
{
    private static readonly NoOpMessage Message = new() { Data = new byte[100] };

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object Socket { get; set; } = null!;

    [Parameter]
    public int Count { get; set; } = 1;

    protected override void ProcessRecord()
    {
        for (int i = 0; i < Count; i++) WriteObject(Message);
    }
}
