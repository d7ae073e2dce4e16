using System.Net;
using System.Net.Sockets;

namespace SctpPS;

/// <summary>What <see cref="SctpSocket.Create"/> sets up, in the order sctp(7) needs it: socket, options, bind, listen.</summary>
public sealed class SctpSocketOptions
{
    public SctpSocketStyle Style { get; set; } = SctpSocketStyle.OneToMany;

    /// <summary>InterNetwork or InterNetworkV6; null picks IPv6 when any local address is IPv6, else IPv4.</summary>
    public AddressFamily? AddressFamily { get; set; }

    /// <summary>Addresses to bind, all on <see cref="LocalPort"/> (sctp_bindx SCTP_BINDX_ADD_ADDR). Empty: the wildcard address.</summary>
    public IReadOnlyList<IPAddress> LocalAddresses { get; set; } = Array.Empty<IPAddress>();

    /// <summary>0 with no addresses leaves the socket unbound (the kernel picks a port on connect or listen).</summary>
    public int LocalPort { get; set; }

    public bool Listen { get; set; }
    public int Backlog { get; set; } = 128;
    public bool NoDelay { get; set; }
    public bool NonBlocking { get; set; }

    /// <summary>Keep the descriptor across exec(); the default is close-on-exec.</summary>
    public bool Inheritable { get; set; }

    /// <summary>SCTP_INITMSG sinit_num_ostreams; null keeps the kernel default.</summary>
    public int? OutboundStreams { get; set; }

    /// <summary>SCTP_INITMSG sinit_max_instreams; null keeps the kernel default.</summary>
    public int? MaxInboundStreams { get; set; }

    /// <summary>SCTP_DISABLE_FRAGMENTS: a message larger than the fragmentation point fails with EMSGSIZE.</summary>
    public bool DisableFragments { get; set; }

    /// <summary>Notification types to receive (SCTP_EVENT), set before any association exists.</summary>
    public IReadOnlyList<SctpEventType> Subscribe { get; set; } = Array.Empty<SctpEventType>();

    internal AddressFamily ResolveFamily() =>
        AddressFamily ?? (LocalAddresses.Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            ? System.Net.Sockets.AddressFamily.InterNetworkV6
            : System.Net.Sockets.AddressFamily.InterNetwork);
}
