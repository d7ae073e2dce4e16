using System.Net;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

public class SockAddrTests
{
    [Fact]
    public void PackedListRoundTripsMixedFamilies()
    {
        var endPoints = new List<IPEndPoint>
        {
            new(IPAddress.Parse("127.0.0.1"), 3868),
            new(IPAddress.Parse("::1"), 3868),
            new(IPAddress.Parse("127.0.0.2"), 3868),
        };
        var packed = SockAddr.Pack(endPoints);
        Assert.Equal(16 + 28 + 16, packed.Length);
        Assert.Equal(endPoints, SockAddr.ReadPacked(packed, 3));
    }

    [Fact]
    public void PortIsNetworkOrderAndFamilyHostOrder()
    {
        var buffer = new byte[16];
        SockAddr.Write(buffer, new IPEndPoint(IPAddress.Loopback, 0x1234));
        Assert.Equal(new byte[] { 2, 0, 0x12, 0x34, 127, 0, 0, 1 }, buffer[..8]);
    }

    [Fact]
    public void UnknownFamilyStopsReading()
    {
        var buffer = new byte[32];
        buffer[0] = 1; // AF_UNIX
        Assert.Empty(SockAddr.ReadPacked(buffer, 2));
    }
}
