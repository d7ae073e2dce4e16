namespace SctpPS;

/// <summary>The two socket styles of RFC 6458 and sctp(7).</summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpSocketStyle : long
{
    /// <summary>SOCK_SEQPACKET: one socket carries many associations (UDP-style).</summary>
    OneToMany,

    /// <summary>SOCK_STREAM, or a socket peeled off a one-to-many socket: one association (TCP-style).</summary>
    OneToOne,
}

/// <summary>
/// A socket's address family: the two of <see cref="System.Net.Sockets.AddressFamily"/> that SCTP
/// sockets have, with the same names and values (a cast converts either way).
/// </summary>
/// <remarks>
/// Based on long, as SctpPS's other enums: ConvertTo-Json writes it by name ("InterNetworkV6"), where
/// it writes <see cref="System.Net.Sockets.AddressFamily"/> (based on int) as a number (see <see cref="SctpAddressText"/>).
/// </remarks>
public enum SctpAddressFamily : long
{
    /// <summary>IPv4 (AF_INET).</summary>
    InterNetwork = (long)System.Net.Sockets.AddressFamily.InterNetwork,

    /// <summary>IPv6 (AF_INET6).</summary>
    InterNetworkV6 = (long)System.Net.Sockets.AddressFamily.InterNetworkV6,
}
