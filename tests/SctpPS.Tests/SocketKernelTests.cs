using System.Net;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

/// <summary>The managed API from plain C#, on kernel SCTP (run in the sandbox).</summary>
[Trait("Category", "Kernel")]
public class SocketKernelTests
{
    [Fact]
    public void CreateBindsEveryAddressOnOnePort()
    {
        using var socket = SctpSocket.Create(new SctpSocketOptions
        {
            LocalAddresses = new[] { IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2") },
            Listen = true,
        });
        Assert.Equal(2, socket.LocalAddresses.Count);
        Assert.True(socket.LocalPort > 0);
        Assert.True(socket.IsListening);
    }

    [Fact]
    public void FailedBindThrowsSctpExceptionAndClosesTheDescriptor()
    {
        using var first = SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = 4000 });
        int before = Directory.GetFileSystemEntries("/proc/self/fd").Length;
        var e = Assert.Throws<SctpException>(() =>
            SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = 4000 }));
        Assert.Equal(Errno.EADDRINUSE, e.Errno);
        Assert.Equal(before, Directory.GetFileSystemEntries("/proc/self/fd").Length);
    }

    [Fact]
    public void CloseIsIdempotentAndPropertiesStayReadable()
    {
        var socket = SctpSocket.Create(new SctpSocketOptions());
        socket.Close();
        socket.Dispose();
        Assert.True(socket.IsClosed);
        Assert.Empty(socket.LocalAddresses);
        Assert.False(socket.IsListening);
        Assert.Throws<ObjectDisposedException>(() => socket.Listen(1));
    }

    [Fact]
    public void ClosedSocketKeepsThePortAndAddressesItHad()
    {
        var socket = SctpSocket.Create(new SctpSocketOptions
        {
            LocalAddresses = new[] { IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2") },
            Listen = true,
        });
        int port = socket.LocalPort;
        var addresses = socket.LocalAddresses.ToList();
        socket.Close();
        Assert.True(socket.IsClosed);
        Assert.True(port > 0);
        Assert.Equal(port, socket.LocalPort);
        Assert.Equal(new[] { "127.0.0.1", "127.0.0.2" }, addresses.OrderBy(a => a));
        Assert.Equal(addresses, socket.LocalAddresses.ToList());
    }

    [Fact]
    public void ProbeSaysSupported() => Assert.True(SctpSupport.Probe().IsSupported);
}
