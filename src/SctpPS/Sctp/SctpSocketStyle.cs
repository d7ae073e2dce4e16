namespace SctpPS;

/// <summary>The two socket styles of RFC 6458 and sctp(7).</summary>
public enum SctpSocketStyle
{
    /// <summary>SOCK_SEQPACKET: one socket carries many associations (UDP-style).</summary>
    OneToMany,

    /// <summary>SOCK_STREAM, or a socket peeled off a one-to-many socket: one association (TCP-style).</summary>
    OneToOne,
}
