using System.Management.Automation;

namespace SctpPS.Commands;

/// <summary>Test-SctpSupport: can this kernel open SCTP sockets? With -Detailed, why not and what to do.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SctpSupport")]
[OutputType(typeof(bool))]
[OutputType(typeof(SctpSupportInfo))]
public sealed class TestSctpSupportCommand : SctpCmdlet
{
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        var info = SctpSupport.Probe();
        WriteObject(Detailed ? info : info.IsSupported);
    }
}
