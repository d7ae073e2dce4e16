using Xunit;

namespace SctpPS.Tests;

public class ProcParserTests
{
    [Fact]
    public void ParsesAnAssociationLineOfNetSctpProc()
    {
        // A line as kernel 6.1 writes it (net/sctp/proc.c), multi-homed peer with '*' on the primary.
        const string line = "5486ecdf 52611cf7 0   7   3  0       3        0        0       0   163 46711  3868  127.0.0.1 <-> *127.0.0.1 127.0.0.2 \t    3000    10    12   10    0    0        0        1        0   212992   212992";
        var a = SctpSystemAssociations.ParseLine(line)!;
        Assert.Equal(3, a.Id);
        Assert.Equal(SctpAssociationState.Established, a.State); // ST 3 is the kernel's internal ESTABLISHED
        Assert.Equal(163UL, a.Inode);
        Assert.Equal(0U, a.Uid);
        Assert.Equal(46711, a.LocalPort);
        Assert.Equal(3868, a.RemotePort);
        Assert.Equal(new[] { "127.0.0.1" }, a.LocalAddresses.Select(x => x.ToString()));
        Assert.Equal(new[] { "127.0.0.1", "127.0.0.2" }, a.PeerAddresses.Select(x => x.ToString()));
        Assert.Equal("127.0.0.1", a.PrimaryPeerAddress!.ToString());
        Assert.Equal(10, a.InboundStreams);
        Assert.Equal(12, a.OutboundStreams);
    }

    [Fact]
    public void SkipsTheHeader() =>
        Assert.Null(SctpSystemAssociations.ParseLine(" ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf"));

    [Fact]
    public void ReadsSnmpCountersByNameInTheKernelsOrderAndKeepsNewOnes()
    {
        // As net/sctp/proc.c prints them (name, blanks, a tab, the value), with one counter this module does not know.
        string[] lines =
        {
            "SctpCurrEstab                   \t2",
            "SctpQuantumResets               \t42",
            "SctpAborteds                    \t18446744073709551615",
            "",
            "not a counter line",
        };
        var s = SctpStatistics.Parse(lines, DateTime.UnixEpoch);
        Assert.Equal(new[] { "SctpCurrEstab", "SctpQuantumResets", "SctpAborteds" }, s.Counters.Keys);
        Assert.Equal(2UL, s.SctpCurrEstab);
        Assert.Equal(ulong.MaxValue, s.SctpAborteds);
        Assert.Equal(42UL, s["SctpQuantumResets"]);
        Assert.Equal(new[] { "SctpQuantumResets" }, s.NewCounters);
        Assert.Null(s.SctpShutdowns);
    }

    [Fact]
    public void RatesArePerSecondExceptTheEstablishedGauge()
    {
        var start = SctpStatistics.Parse(new[] { "SctpCurrEstab 6", "SctpAborteds 10" }, DateTime.UnixEpoch);
        var end = SctpStatistics.Parse(new[] { "SctpCurrEstab 2", "SctpAborteds 14" }, DateTime.UnixEpoch.AddSeconds(2));
        var rate = SctpStatisticsRate.Between(start, end, 2.0, 1);
        Assert.Equal(2.0, rate.SctpAborteds);
        Assert.Equal(4L, rate.Changes["SctpAborteds"]);
        Assert.Equal(2UL, rate.SctpCurrEstab);
        Assert.Equal(-4L, rate.Changes["SctpCurrEstab"]);
    }
}
