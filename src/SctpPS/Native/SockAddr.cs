using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SctpPS.Native;

/// <summary>
/// sockaddr_in / sockaddr_in6 encoding, and the packed address lists SCTP
/// uses (sctp_bindx, sctp_connectx, sctp_getpaddrs): each entry is as long as
/// its own family's sockaddr, with no padding between entries.
/// </summary>
internal static class SockAddr
{
    public const int SizeIn = 16;   // sizeof(struct sockaddr_in)
    public const int SizeIn6 = 28;  // sizeof(struct sockaddr_in6)

    public static int SizeOf(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? SizeIn6 : SizeIn;

    /// <summary>Writes one sockaddr at the start of <paramref name="buffer"/>; returns its length.</summary>
    public static int Write(Span<byte> buffer, IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            buffer[..SizeIn].Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)Libc.AF_INET);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endPoint.Port);
            address.TryWriteBytes(buffer.Slice(4, 4), out _);
            return SizeIn;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            buffer[..SizeIn6].Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)Libc.AF_INET6);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endPoint.Port);
            address.TryWriteBytes(buffer.Slice(8, 16), out _);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer[24..], (uint)address.ScopeId);
            return SizeIn6;
        }
        throw new ArgumentException($"Address family {address.AddressFamily} is not an IP family.", nameof(endPoint));
    }

    /// <summary>The packed list for sctp_bindx/sctp_connectx.</summary>
    public static byte[] Pack(IReadOnlyList<IPEndPoint> endPoints)
    {
        var buffer = new byte[endPoints.Sum(e => SizeOf(e.Address))];
        int offset = 0;
        foreach (var endPoint in endPoints)
            offset += Write(buffer.AsSpan(offset), endPoint);
        return buffer;
    }

    /// <summary>Reads one sockaddr; returns null for a family other than IPv4/IPv6 (length is still set).</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> buffer, out int length)
    {
        int family = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        int port = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        switch (family)
        {
            case Libc.AF_INET:
                length = SizeIn;
                return new IPEndPoint(new IPAddress(buffer.Slice(4, 4)), port);
            case Libc.AF_INET6:
                length = SizeIn6;
                var scope = BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]);
                return new IPEndPoint(new IPAddress(buffer.Slice(8, 16), scope), port);
            default:
                length = 0;
                return null;
        }
    }

    /// <summary>Reads <paramref name="count"/> packed sockaddrs.</summary>
    public static List<IPEndPoint> ReadPacked(ReadOnlySpan<byte> buffer, int count)
    {
        var list = new List<IPEndPoint>(count);
        int offset = 0;
        for (int i = 0; i < count && offset < buffer.Length; i++)
        {
            var endPoint = Read(buffer[offset..], out int length);
            if (endPoint is null || length == 0) break;
            list.Add(endPoint);
            offset += length;
        }
        return list;
    }
}
