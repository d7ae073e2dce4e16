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
