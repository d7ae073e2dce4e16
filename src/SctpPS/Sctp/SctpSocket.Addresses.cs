using System.Net;
using System.Net.Sockets;
using SctpPS.Native;
using static SctpPS.Native.SctpConstants;

namespace SctpPS;

// Multi-homing: local addresses added and removed on a bound socket (sctp_bindx(3)),
// peer addresses and their paths (sctp_getpaddrs(3), SCTP_GET_PEER_ADDR_INFO), and
// the primary path, ours (SCTP_PRIMARY_ADDR) and the peer's (SCTP_SET_PEER_PRIMARY_ADDR).
public sealed partial class SctpSocket
{
    /// <summary>
    /// sctp_bindx(SCTP_BINDX_ADD_ADDR) on the socket's port. With ASCONF on both ends
    /// (AsconfSupported), the kernel also offers the addresses to live associations.
    /// </summary>
    /// <exception cref="SctpException">EADDRNOTAVAIL (not an address of this host), EINVAL (wrong family, or a wildcard-bound socket), EADDRINUSE.</exception>
    public void AddLocalAddresses(IReadOnlyList<IPAddress> addresses)
    {
        CheckFamily(addresses, "SCTP_SOCKOPT_BINDX_ADD");
        BindAddresses(addresses, LocalPort);
    }

    /// <summary>
    /// sctp_bindx(SCTP_BINDX_REM_ADDR). The kernel refuses to remove the last address (EBUSY).
    /// With ASCONF on both ends, live associations stop using the addresses.
    /// </summary>
    public void RemoveLocalAddresses(IReadOnlyList<IPAddress> addresses)
    {
        CheckFamily(addresses, "SCTP_SOCKOPT_BINDX_REM");
        var packed = SockAddr.Pack(addresses.Select(a => new IPEndPoint(a, LocalPort)).ToList());
        Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_SOCKOPT_BINDX_REM, packed); return 0; });
    }

    /// <summary>An IPv6 address on an IPv4 socket: the kernel's EINVAL, with the reason in the message.</summary>
    private void CheckFamily(IReadOnlyList<IPAddress> addresses, string operation)
    {
        if (_family == System.Net.Sockets.AddressFamily.InterNetwork && addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) is { } v6)
            throw new SctpException(Errno.EINVAL, operation,
                $"{SctpAddressText.Format(v6)} is an IPv6 address and socket {Id} is an IPv4 socket: {Errno.EINVAL.Format()}. Open the socket with an IPv6 address (or -AddressFamily InterNetworkV6) to mix both.");
    }

    /// <summary>
    /// Every peer address of an association (sctp_getpaddrs(3)) with its path state, congestion
    /// window, RTT, RTO, MTU and heartbeat settings, and which one is primary.
    /// </summary>
    /// <exception cref="SctpException">EINVAL: no such association on this socket.</exception>
    public SctpList<SctpPath> GetPaths(int associationId) => GetAssociation(associationId).Paths;

    /// <summary>SCTP_PRIMARY_ADDR: send to <paramref name="peerAddress"/> by default (it must be one of the association's peer addresses).</summary>
    /// <exception cref="SctpException">EINVAL: not a peer address of the association, or no such association.</exception>
    public void SetPrimaryAddress(int associationId, IPAddress peerAddress)
    {
        var association = GetAssociation(associationId);
        if (!association.PeerAddresses.Any(a => SctpAddressText.SameAddress(a, peerAddress)))
            throw new SctpException(Errno.EINVAL, "SCTP_PRIMARY_ADDR",
                $"{SctpAddressText.Format(peerAddress)} is not a peer address of association {associationId} (peer addresses: {association.PeerAddresses}): {Errno.EINVAL.Format()}.");
        var prim = Prim(association.Id, new IPEndPoint(peerAddress, association.RemotePort));
        Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_PRIMARY_ADDR, prim); return 0; });
    }

    /// <summary>
    /// SCTP_SET_PEER_PRIMARY_ADDR: asks the peer (with an ASCONF chunk) to send to our
    /// <paramref name="localAddress"/> by default. Needs ASCONF on both ends (EPERM otherwise).
    /// </summary>
    public void RequestPeerPrimaryAddress(int associationId, IPAddress localAddress)
    {
        var association = GetAssociation(associationId);
        var prim = Prim(association.Id, new IPEndPoint(localAddress, association.LocalPort));
        Use(fd => { Sys.SetOption(fd, SOL_SCTP, SCTP_SET_PEER_PRIMARY_ADDR, prim); return 0; });
    }

    /// <summary>struct sctp_prim / sctp_setpeerprim for one association and address.</summary>
    private static unsafe SctpPrim Prim(int associationId, IPEndPoint address)
    {
        var prim = new SctpPrim { ssp_assoc_id = associationId };
        SockAddr.Write(new Span<byte>(prim.ssp_addr, 128), address);
        return prim;
    }
}
