using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Set-SctpSocketOption: changes SCTP socket options of sctp(7) in one call, one typed
/// parameter per settable option (the names of Get-SctpSocketOption's properties). Either
/// every value is in effect afterwards, or none is: values already written are restored
/// when the kernel refuses one.
/// </summary>
[Cmdlet(VerbsCommon.Set, "SctpSocketOption", SupportsShouldProcess = true)]
[OutputType(typeof(SctpSocketOption))]
public sealed class SetSctpSocketOptionCommand : SctpCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public SctpSocket? Socket { get; set; }

    /// <summary>Change this association's values (its socket is used when -Socket is not given).</summary>
    [Parameter(ValueFromPipeline = true)]
    public SctpAssociation? Association { get; set; }

    /// <summary>Emit the options as the kernel reports them afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // One parameter per settable option of SctpOptionCatalog (a test keeps the two the same).
    [Parameter] public uint? RtoInitialMs { get; set; }
    [Parameter] public uint? RtoMinMs { get; set; }
    [Parameter] public uint? RtoMaxMs { get; set; }
    [Parameter] public ushort? AssociationMaxRetransmits { get; set; }
    [Parameter] public uint? CookieLifeMs { get; set; }
    [Parameter] public ushort? OutboundStreams { get; set; }
    [Parameter] public ushort? MaxInboundStreams { get; set; }
    [Parameter] public ushort? InitMaxAttempts { get; set; }
    [Parameter] public ushort? InitMaxTimeoutMs { get; set; }
    [Parameter] public uint? HeartbeatIntervalMs { get; set; }
    [Parameter] public bool? HeartbeatEnabled { get; set; }
    [Parameter] public ushort? PathMaxRetransmits { get; set; }
    [Parameter] public uint? PathMtu { get; set; }
    [Parameter] public bool? PathMtuDiscovery { get; set; }
    [Parameter] public uint? DelayedSackMs { get; set; }
    [Parameter] public uint? DelayedSackFrequency { get; set; }
    [Parameter] public ushort? DefaultStream { get; set; }
    [Parameter] public uint? DefaultPayloadProtocolId { get; set; }
    [Parameter] public uint? DefaultContext { get; set; }
    [Parameter] public uint? DefaultTimeToLiveMs { get; set; }
    [Parameter] public bool? NoDelay { get; set; }
    [Parameter] public int? AutoCloseSeconds { get; set; }
    [Parameter] public uint? MaxSegment { get; set; }
    [Parameter] public bool? DisableFragments { get; set; }
    [Parameter] public uint? MaxBurst { get; set; }
    [Parameter] public bool? FragmentInterleave { get; set; }
    [Parameter] public uint? PartialDeliveryPoint { get; set; }
    [Parameter] public uint? AdaptationLayer { get; set; }
    [Parameter] public bool? MappedV4Addresses { get; set; }
    [Parameter] public bool? ReusePort { get; set; }
    [Parameter, ValidateRange(0, int.MaxValue)] public int? SendBufferSize { get; set; }
    [Parameter, ValidateRange(0, int.MaxValue)] public int? ReceiveBufferSize { get; set; }
    [Parameter] public bool? PrSupported { get; set; }
    [Parameter] public bool? ReconfigSupported { get; set; }
    [Parameter] public SctpReconfigRequests? ReconfigRequests { get; set; }
    [Parameter] public bool? InterleavingSupported { get; set; }
    [Parameter] public bool? AsconfSupported { get; set; }
    [Parameter] public bool? AuthSupported { get; set; }
    [Parameter] public bool? EcnSupported { get; set; }
    [Parameter] public SctpEventType[]? Notifications { get; set; }

    protected override void ProcessRecord()
    {
        var socket = Socket ?? Association?.Socket;
        if (socket is null)
        {
            WriteSctpError(ErrorCatalog.SetOptionNoSocket,
                new InvalidOperationException(Association is null
                    ? "Give -Socket, or -Association of a socket of this session."
                    : $"Association {Association.Id} belongs to no socket of this session."), Association);
            return;
        }
        // $null for an option (a variable that was never set, most likely) would reach the kernel as nothing.
        var nulls = MyInvocation.BoundParameters
            .Where(p => p.Value is null && SctpOptionCatalog.Find(p.Key) is { Settable: true })
            .Select(p => "-" + p.Key).ToArray();
        if (nulls.Length > 0)
        {
            WriteSctpError(ErrorCatalog.SetOptionNullValue,
                new PSArgumentNullException(nulls[0].TrimStart('-'),
                    $"{string.Join(", ", nulls)} {(nulls.Length == 1 ? "is" : "are")} $null: give {(nulls.Length == 1 ? "it a value" : "each a value")}, or leave {(nulls.Length == 1 ? "it" : "them")} out to keep the option as it is. Nothing was changed on socket {socket.Id}."),
                (object?)Association ?? socket);
            return;
        }
        var values = MyInvocation.BoundParameters
            .Where(p => SctpOptionCatalog.Find(p.Key) is { Settable: true })
            .ToDictionary(p => SctpOptionCatalog.Find(p.Key)!.Name, p => p.Value);
        int associationId = Association?.Id ?? 0;
        string target = associationId == 0 ? $"socket {socket.Id}" : $"association {associationId} on socket {socket.Id}";
        string change = string.Join(", ", values.Select(v => $"{v.Key}={SctpOptionCatalog.Show(v.Value)}"));
        if (values.Count > 0 && !ShouldProcess(target, $"Set {change}"))
            return;
        try
        {
            if (values.Count > 0)
            {
                socket.SetOptions(associationId, values);
                WriteVerbose($"Set {change} on {target}.");
                WarnAboutWhatTheKernelMade(socket, associationId, values);
            }
            if (PassThru)
                WriteObject(socket.GetOptions(associationId));
        }
        catch (SctpOptionException e)
        {
            var definition = e.Failure switch
            {
                SctpOptionFailure.NotSupported => ErrorCatalog.SetOptionNotSupported,
                SctpOptionFailure.NotApplicable => ErrorCatalog.SetOptionNotApplicable,
                _ when e.Errno == Errno.EINVAL => ErrorCatalog.SetOptionOutOfRange,
                _ => ErrorCatalog.SetOptionRefused,
            };
            WriteSctpError(definition, e, socket);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL && e.Operation == "SCTP_STATUS")
        {
            WriteSctpError(ErrorCatalog.SetOptionAssociationNotFound, e, Association);
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, "setsockopt", ErrorCatalog.SetOptionSocketClosed, ErrorCatalog.SetOptionFailed, socket);
        }
    }

    /// <summary>
    /// What the kernel made of values it took without an error: buffer sizes it capped (it doubles
    /// SO_SNDBUF/SO_RCVBUF for its bookkeeping and caps them at twice net.core.wmem_max/rmem_max),
    /// and SCTP_INITMSG values given for an association, which only later associations use.
    /// </summary>
    private void WarnAboutWhatTheKernelMade(SctpSocket socket, int associationId, IReadOnlyDictionary<string, object> values)
    {
        foreach (var (name, sysctl) in new[] { (nameof(SctpSocketOption.SendBufferSize), "net/core/wmem_max"), (nameof(SctpSocketOption.ReceiveBufferSize), "net/core/rmem_max") })
        {
            if (!values.TryGetValue(name, out var asked)) continue;
            int given = (int?)typeof(SctpSocketOption).GetProperty(name)!.GetValue(socket.GetOptions(0, new[] { name }, out _)) ?? 0;
            if (given < (int)asked)
            {
                // A network namespace other than the first shows no net.core.*mem_max (the limit is the
                // host's): the kernel's answer, twice the limit, says what it is.
                string limit = SctpSupport.ReadSysctl(sysctl) is long max
                    ? $"{max} bytes here). Raise that sysctl (as root) for more."
                    : $"{given / 2} bytes, as its answer shows; this network namespace does not show /proc/sys/{sysctl}). Raise that sysctl in the host's first network namespace (as root) for more.";
                WriteWarning($"{name}: {asked} bytes asked, the kernel gave {given}: it caps the size at twice {sysctl.Replace('/', '.')} ({limit}");
            }
        }
        var template = values.Keys.Where(k => SctpOptionCatalog.Find(k)!.Scope == SctpOptionScope.NewAssociations).ToList();
        if (associationId != 0 && template.Count > 0)
        {
            string streams;
            try
            {
                var association = socket.GetAssociation(associationId);
                streams = $"association {associationId} keeps its {association.OutboundStreams} outbound and {association.InboundStreams} inbound streams";
            }
            catch (SctpException) { streams = $"association {associationId} keeps what it was set up with"; }
            WriteWarning($"{string.Join(", ", template)} (SCTP_INITMSG) are socket {socket.Id}'s values for associations it sets up from now on: {streams}.");
        }
    }

}
