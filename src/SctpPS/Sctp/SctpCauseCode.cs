namespace SctpPS;

/// <summary>
/// The error cause codes an ABORT or ERROR chunk carries (RFC 9260 section 3.3.10, with RFC 5061's
/// ASCONF causes and RFC 4895's AUTH cause); the values are the wire's. A code not listed here
/// shows as its number.
/// </summary>
/// <remarks>Based on long: ConvertTo-Json writes the names of long-based enums, the numbers of other enums (see <see cref="SctpAddressText"/>).</remarks>
public enum SctpCauseCode : long
{
    None = 0,
    InvalidStreamIdentifier = 1,
    MissingMandatoryParameter = 2,
    StaleCookie = 3,
    OutOfResource = 4,
    UnresolvableAddress = 5,
    UnrecognizedChunkType = 6,
    InvalidMandatoryParameter = 7,
    UnrecognizedParameters = 8,
    NoUserData = 9,
    CookieReceivedWhileShuttingDown = 10,
    RestartWithNewAddresses = 11,
    UserInitiatedAbort = 12,
    ProtocolViolation = 13,
    DeleteLastRemainingAddress = 0x00A0,
    ResourceShortage = 0x00A1,
    DeleteSourceAddress = 0x00A2,
    IllegalAsconfAck = 0x00A3,
    NoAuthorization = 0x00A4,
    UnsupportedHmacIdentifier = 0x0105,
}

/// <summary>Cause codes as the RFCs title them, for messages and views.</summary>
public static class SctpCauses
{
    private static readonly Dictionary<SctpCauseCode, string> Titles = new()
    {
        [SctpCauseCode.InvalidStreamIdentifier] = "Invalid Stream Identifier",
        [SctpCauseCode.MissingMandatoryParameter] = "Missing Mandatory Parameter",
        [SctpCauseCode.StaleCookie] = "Stale Cookie Error",
        [SctpCauseCode.OutOfResource] = "Out of Resource",
        [SctpCauseCode.UnresolvableAddress] = "Unresolvable Address",
        [SctpCauseCode.UnrecognizedChunkType] = "Unrecognized Chunk Type",
        [SctpCauseCode.InvalidMandatoryParameter] = "Invalid Mandatory Parameter",
        [SctpCauseCode.UnrecognizedParameters] = "Unrecognized Parameters",
        [SctpCauseCode.NoUserData] = "No User Data",
        [SctpCauseCode.CookieReceivedWhileShuttingDown] = "Cookie Received While Shutting Down",
        [SctpCauseCode.RestartWithNewAddresses] = "Restart of an Association with New Addresses",
        [SctpCauseCode.UserInitiatedAbort] = "User-Initiated Abort",
        [SctpCauseCode.ProtocolViolation] = "Protocol Violation",
        [SctpCauseCode.DeleteLastRemainingAddress] = "Request to Delete Last Remaining IP Address",
        [SctpCauseCode.ResourceShortage] = "Operation Refused Due to Resource Shortage",
        [SctpCauseCode.DeleteSourceAddress] = "Request to Delete Source IP Address",
        [SctpCauseCode.IllegalAsconfAck] = "Association Aborted Due to Illegal ASCONF-ACK",
        [SctpCauseCode.NoAuthorization] = "Request Refused - No Authorization",
        [SctpCauseCode.UnsupportedHmacIdentifier] = "Unsupported HMAC Identifier",
    };

    /// <summary>"12 User-Initiated Abort"; "cause 300" style number only for a code no RFC here names.</summary>
    public static string Describe(SctpCauseCode cause) =>
        Titles.TryGetValue(cause, out var title) ? $"{(int)cause} {title}" : $"{(int)cause}";
}
