using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>New-SctpSocket: socket(2) with IPPROTO_SCTP, then SCTP_INITMSG, SCTP_NODELAY, sctp_bindx(3) and listen(2).</summary>
[Cmdlet(VerbsCommon.New, "SctpSocket")]
[OutputType(typeof(SctpSocket))]
public sealed class NewSctpSocketCommand : SctpCmdlet
{
    [Parameter(Position = 0)]
    public SctpSocketStyle Style { get; set; } = SctpSocketStyle.OneToMany;

    [Parameter(Position = 1)]
    [Alias("Address")]
    [ValidateNotNullOrEmpty]
    public IPAddress[]? LocalAddress { get; set; }

    [Parameter(Position = 2)]
    [Alias("Port")]
    [ValidateRange(0, 65535)]
    public int LocalPort { get; set; }

    [Parameter]
    [ValidateSet(nameof(System.Net.Sockets.AddressFamily.InterNetwork), nameof(System.Net.Sockets.AddressFamily.InterNetworkV6))]
    public AddressFamily? AddressFamily { get; set; }

    [Parameter]
    public SwitchParameter Listen { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Backlog { get; set; } = 128;

    [Parameter]
    public SwitchParameter NoDelay { get; set; }

    [Parameter]
    public SwitchParameter NonBlocking { get; set; }

    [Parameter]
    public SwitchParameter Inheritable { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int OutboundStreams { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int MaxInboundStreams { get; set; }

    /// <summary>SCTP_DISABLE_FRAGMENTS: refuse (EMSGSIZE) messages larger than the fragmentation point.</summary>
    [Parameter]
    public SwitchParameter DisableFragments { get; set; }

    /// <summary>Notifications to receive with Receive-SctpMessage (SCTP_EVENT).</summary>
    [Parameter]
    [Alias("Events")]
    public SctpEventType[]? Subscribe { get; set; }

    protected override void ProcessRecord()
    {
        var options = new SctpSocketOptions
        {
            Style = Style,
            AddressFamily = AddressFamily,
            LocalAddresses = LocalAddress ?? Array.Empty<IPAddress>(),
            LocalPort = LocalPort,
            Listen = Listen,
            Backlog = Backlog,
            NoDelay = NoDelay,
            NonBlocking = NonBlocking,
            Inheritable = Inheritable,
            OutboundStreams = MyInvocation.BoundParameters.ContainsKey(nameof(OutboundStreams)) ? OutboundStreams : null,
            MaxInboundStreams = MyInvocation.BoundParameters.ContainsKey(nameof(MaxInboundStreams)) ? MaxInboundStreams : null,
            DisableFragments = DisableFragments,
            Subscribe = Subscribe ?? Array.Empty<SctpEventType>(),
        };
        var target = options.LocalAddresses.Count > 0
            ? options.LocalAddresses.Select(a => new IPEndPoint(a, LocalPort)).ToArray()
            : (object)$"{Style} socket";

        try
        {
            WriteObject(SessionSockets.Register(SctpSocket.Create(options)));
        }
        catch (SctpNotSupportedException e)
        {
            ThrowNotSupported(e);
        }
        catch (SctpException e)
        {
            // Name what could not be bound: the errno alone does not say which address.
            string? message = e.Operation == "SCTP_SOCKOPT_BINDX_ADD" && target is IPEndPoint[] endPoints
                ? $"Cannot bind the SCTP socket to {string.Join(", ", endPoints.Select(p => SctpAddressText.Format(p)))}: {e.Errno.Format()}."
                : null;
            WriteSctpError(Classify(e, options), e, target, message);
        }
    }

    private static SctpErrorDefinition Classify(SctpException e, SctpSocketOptions options)
    {
        bool wantsIPv6 = options.ResolveFamily() == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (wantsIPv6 && (e.Errno == Errno.EAFNOSUPPORT || (e.Errno == Errno.EADDRNOTAVAIL && !SctpSupport.IsIPv6Available())))
            return ErrorCatalog.NewSocketIPv6NotAvailable;
        return ErrorCatalog.ForErrno("New-SctpSocket", e.Errno, ErrorCatalog.NewSocketFailed);
    }
}
