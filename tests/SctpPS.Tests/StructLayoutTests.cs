using System.Diagnostics;
using System.Runtime.InteropServices;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

/// <summary>
/// Every struct mirrored from linux/sctp.h is checked against what gcc says of
/// the header: a packed/aligned mismatch reads fields from the wrong offset
/// without any error, and only this test catches it.
/// </summary>
public class StructLayoutTests
{
    // (C struct, C# type, C field -> C# field) for every mirrored struct.
    private static readonly (string C, Type Managed, (string CField, string Field)[] Fields)[] Structs =
    {
        ("struct sctp_initmsg", typeof(SctpInitMsg), new[] {
            ("sinit_num_ostreams", "sinit_num_ostreams"), ("sinit_max_instreams", "sinit_max_instreams"),
            ("sinit_max_attempts", "sinit_max_attempts"), ("sinit_max_init_timeo", "sinit_max_init_timeo") }),
        ("struct sctp_paddrinfo", typeof(SctpPaddrInfo), new[] {
            ("spinfo_assoc_id", "spinfo_assoc_id"), ("spinfo_address", "spinfo_address"), ("spinfo_state", "spinfo_state"),
            ("spinfo_cwnd", "spinfo_cwnd"), ("spinfo_srtt", "spinfo_srtt"), ("spinfo_rto", "spinfo_rto"), ("spinfo_mtu", "spinfo_mtu") }),
        ("struct sctp_status", typeof(SctpStatus), new[] {
            ("sstat_assoc_id", "sstat_assoc_id"), ("sstat_state", "sstat_state"), ("sstat_rwnd", "sstat_rwnd"),
            ("sstat_unackdata", "sstat_unackdata"), ("sstat_penddata", "sstat_penddata"), ("sstat_instrms", "sstat_instrms"),
            ("sstat_outstrms", "sstat_outstrms"), ("sstat_fragmentation_point", "sstat_fragmentation_point"),
            ("sstat_primary", "sstat_primary") }),
        ("struct sctp_getaddrs", typeof(SctpGetAddrs), new[] { ("assoc_id", "assoc_id"), ("addr_num", "addr_num") }),
        ("struct sctp_getaddrs_old", typeof(SctpGetAddrsOld), new[] { ("assoc_id", "assoc_id"), ("addr_num", "addr_num"), ("addrs", "addrs") }),
        ("sctp_peeloff_arg_t", typeof(SctpPeeloffArg), new[] { ("associd", "associd"), ("sd", "sd") }),
        ("sctp_peeloff_flags_arg_t", typeof(SctpPeeloffFlagsArg), new[] { ("p_arg", "p_arg"), ("flags", "flags") }),
        ("struct sctp_sndrcvinfo", typeof(SctpSndRcvInfo), new[] {
            ("sinfo_stream", "sinfo_stream"), ("sinfo_ssn", "sinfo_ssn"), ("sinfo_flags", "sinfo_flags"), ("sinfo_ppid", "sinfo_ppid"),
            ("sinfo_context", "sinfo_context"), ("sinfo_timetolive", "sinfo_timetolive"), ("sinfo_tsn", "sinfo_tsn"),
            ("sinfo_cumtsn", "sinfo_cumtsn"), ("sinfo_assoc_id", "sinfo_assoc_id") }),
        ("struct sctp_sndinfo", typeof(SctpSndInfo), new[] {
            ("snd_sid", "snd_sid"), ("snd_flags", "snd_flags"), ("snd_ppid", "snd_ppid"),
            ("snd_context", "snd_context"), ("snd_assoc_id", "snd_assoc_id") }),
        ("struct sctp_assoc_ids", typeof(SctpAssocIds), new[] { ("gaids_number_of_ids", "gaids_number_of_ids") }),
        ("struct sctp_rtoinfo", typeof(SctpRtoInfo), new[] {
            ("srto_assoc_id", "srto_assoc_id"), ("srto_initial", "srto_initial"), ("srto_max", "srto_max"), ("srto_min", "srto_min") }),
        ("struct msghdr", typeof(Libc.MsgHdr), new[] {
            ("msg_name", "msg_name"), ("msg_namelen", "msg_namelen"), ("msg_iov", "msg_iov"), ("msg_iovlen", "msg_iovlen"),
            ("msg_control", "msg_control"), ("msg_controllen", "msg_controllen"), ("msg_flags", "msg_flags") }),
        ("struct cmsghdr", typeof(Libc.CmsgHdr), new[] { ("cmsg_len", "cmsg_len"), ("cmsg_level", "cmsg_level"), ("cmsg_type", "cmsg_type") }),
        ("struct pollfd", typeof(Libc.PollFd), new[] { ("fd", "Fd"), ("events", "Events"), ("revents", "REvents") }),
    };

    private static readonly Lazy<Dictionary<string, long>> GccView = new(AskGcc);

    public static IEnumerable<object[]> StructNames() => Structs.Select(s => new object[] { s.C });

    [Theory]
    [MemberData(nameof(StructNames))]
    public void SizeAndOffsetsMatchGcc(string cStruct)
    {
        var (c, managed, fields) = Structs.Single(s => s.C == cStruct);
        var gcc = GccView.Value;
        Assert.Equal(gcc[$"{c}"], Marshal.SizeOf(managed));
        foreach (var (cField, field) in fields)
            Assert.True(gcc[$"{c}.{cField}"] == (long)Marshal.OffsetOf(managed, field),
                $"{c}.{cField}: gcc says offset {gcc[$"{c}.{cField}"]}, {managed.Name}.{field} is at {Marshal.OffsetOf(managed, field)}");
    }

    [Fact]
    public void KnownSizesFromDesignNotes()
    {
        // The sizes DESIGN.md records for x86-64, as a guard should gcc be unavailable.
        Assert.Equal(176, Marshal.SizeOf<SctpStatus>());
        Assert.Equal(152, Marshal.SizeOf<SctpPaddrInfo>());
        Assert.Equal(32, Marshal.SizeOf<SctpSndRcvInfo>());
    }

    /// <summary>Compiles and runs a C program that prints sizeof/offsetof of every mirrored struct.</summary>
    private static Dictionary<string, long> AskGcc()
    {
        var dir = Directory.CreateTempSubdirectory("sctpps-layout-");
        try
        {
            var lines = new List<string> { "#include <stdio.h>", "#include <stddef.h>", "#include <stdint.h>", "#include <sys/socket.h>", "#include <poll.h>", "#include <linux/sctp.h>", "int main(void) {" };
            foreach (var (c, _, fields) in Structs)
            {
                lines.Add($"printf(\"%s=%zu\\n\", \"{c}\", sizeof({c}));");
                foreach (var (cField, _) in fields)
                    lines.Add($"printf(\"%s=%zu\\n\", \"{c}.{cField}\", offsetof({c}, {cField}));");
            }
            lines.Add("return 0; }");
            var source = Path.Combine(dir.FullName, "layout.c");
            var exe = Path.Combine(dir.FullName, "layout");
            File.WriteAllLines(source, lines);
            Run("gcc", $"-o {exe} {source}");
            return Run(exe, "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('='))
                .ToDictionary(p => p[0], p => long.Parse(p[1]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {args} failed: {error}");
        return output;
    }
}
