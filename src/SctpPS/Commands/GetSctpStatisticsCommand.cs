using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpStatistics: the host's SCTP counters of sctp(7) STATISTICS (/proc/net/sctp/snmp) as
/// one object, or with -Interval their rates per second, sample after sample, like `nstat`.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpStatistics", DefaultParameterSetName = Snapshot)]
[OutputType(typeof(SctpStatistics), ParameterSetName = new[] { Snapshot })]
[OutputType(typeof(SctpStatisticsRate), ParameterSetName = new[] { Rate })]
public sealed class GetSctpStatisticsCommand : SctpCmdlet
{
    private const string Snapshot = "Snapshot";
    private const string Rate = "Rate";

    /// <summary>Seconds between samples; each sample is the rates over the interval before it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = Rate)]
    [ValidateRange(0.01, 86400.0)]
    public double Interval { get; set; }

    /// <summary>How many samples; not given: until Ctrl+C.</summary>
    [Parameter(ParameterSetName = Rate)]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    protected override void ProcessRecord()
    {
        if (!SctpStatistics.IsAvailable)
        {
            WriteSctpError(ErrorCatalog.GetStatisticsNotLoaded,
                new SctpException(Errno.ENOENT, "open",
                    $"{SctpStatistics.ProcPath} does not exist ({Errno.ENOENT.Format()}): the sctp module is not loaded, so there are no SCTP counters. {SctpSupport.Probe().Remedy}"),
                SctpStatistics.ProcPath);
            return;
        }
        try
        {
            if (ParameterSetName == Snapshot)
            {
                WriteObject(WithNewCounters(SctpStatistics.Read()));
                return;
            }
            int? count = MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : null;
            foreach (var rate in SctpStatistics.Sample(TimeSpan.FromSeconds(Interval), count, Cancellation))
                WriteObject(WithNewCounters(rate));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteSctpError(ErrorCatalog.GetStatisticsFailed, e, SctpStatistics.ProcPath,
                $"Reading {SctpStatistics.ProcPath} failed: {e.Message}");
        }
    }

    // Counters of a newer kernel than this module knows become properties too, under the kernel's names.
    private static PSObject WithNewCounters(SctpStatistics statistics)
    {
        var wrapped = PSObject.AsPSObject(statistics);
        foreach (var name in statistics.NewCounters)
            wrapped.Properties.Add(new PSNoteProperty(name, statistics.Counters[name]));
        return wrapped;
    }

    private static PSObject WithNewCounters(SctpStatisticsRate rate)
    {
        var wrapped = PSObject.AsPSObject(rate);
        foreach (var name in rate.End.NewCounters)
            wrapped.Properties.Add(new PSNoteProperty(name, rate.Rates[name]));
        return wrapped;
    }
}
