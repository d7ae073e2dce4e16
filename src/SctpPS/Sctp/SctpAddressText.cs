using System.Net;
using System.Net.Sockets;

namespace SctpPS;

/// <summary>
/// How SctpPS writes addresses and endpoints: IPv6 endpoints as <c>[::1]:3868</c>, and a scope
/// (<c>%2</c>) only where it means something (link-local addresses). Linux reports IPv6 loopback
/// and global addresses with the scope of their interface (<c>::1%1</c>), which no peer needs.
/// </summary>
/// <remarks>
/// SctpPS's objects carry addresses as this text rather than as <see cref="IPAddress"/>: PowerShell's
/// ConvertTo-Json serializes an <see cref="IPAddress"/> by reflection as its properties
/// (AddressFamily, ScopeId, ...) without the address itself, and Export-Csv writes a list of them as
/// "System.Net.IPAddress[]". <see cref="IPAddress.Parse(string)"/> reads every form written here.
/// For the same reason SctpPS's enums are based on long: PowerShell 7's ConvertTo-Json writes an
/// enum as its number unless the enum is based on long or ulong (then as its name; -EnumsAsStrings
/// does it for every enum), and the managed API cannot carry Newtonsoft.Json's StringEnumConverter
/// attribute: without Newtonsoft.Json.dll, .NET cannot even format an enum that carries it.
/// (PowerShell's experimental feature PSSerializeJSONLongEnumAsNumber would write numbers again;
/// tests/Objects.Tests.ps1 notices, and -EnumsAsStrings still gives names.)
/// </remarks>
public static class SctpAddressText
{
    /// <summary>The address as SctpPS writes it: no scope unless link-local.</summary>
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId == 0 || address.IsIPv6LinkLocal)
            return address.ToString();
        return new IPAddress(address.GetAddressBytes()).ToString();
    }

    /// <summary><c>10.0.0.1:3868</c>, <c>[2001:db8::1]:3868</c>.</summary>
    public static string Format(IPAddress address, int port)
    {
        var text = Format(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{text}]:{port}" : $"{text}:{port}";
    }

    public static string Format(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return Format(endPoint.Address, endPoint.Port);
    }

    /// <summary>The endpoint of an address written by <see cref="Format(IPAddress)"/>; null when there is no address.</summary>
    public static string? FormatEndPoint(string? address, int port)
    {
        if (string.IsNullOrEmpty(address)) return null;
        return address.Contains(':') ? $"[{address}]:{port}" : $"{address}:{port}";
    }

    /// <summary>Whether two addresses are the same as SctpPS compares them (the text above: scope only for link-local).</summary>
    public static bool SameAddress(string? text, IPAddress address) =>
        text is not null && string.Equals(text, Format(address), StringComparison.OrdinalIgnoreCase);

    internal static SctpList<string> List(IEnumerable<IPAddress> addresses) => new(addresses.Select(a => Format(a)).ToList());
}
