using System.Net;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

/// <summary>Associations and peel-off through the managed API from plain C#, on kernel SCTP.</summary>
[Trait("Category", "Kernel")]
public class AssociationKernelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SctpSocket Listener(int port) => SctpSocket.Create(new SctpSocketOptions
    {
        LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = port, Listen = true,
    });

    [Fact]
    public void ConnectWaitPeelOffShutdown()
    {
        using var server = Listener(21001);
        using var client = SctpSocket.Create(new SctpSocketOptions());
        var mine = client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, 21001) }, Timeout);
        Assert.Equal(SctpAssociationState.Established, mine.State);
        Assert.Equal(21001, mine.RemotePort);

        var theirs = server.WaitForAssociation(Timeout);
        Assert.Equal(mine.LocalPort, theirs.RemotePort);

        using var peeled = server.PeelOff(theirs.Id);
        Assert.Equal(SctpSocketStyle.OneToOne, peeled.Style);
        Assert.Same(server, peeled.PeeledOffFrom);
        Assert.Empty(server.GetAssociationIds());
        Assert.Single(peeled.GetAssociationIds());

        client.Shutdown(mine.Id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (client.GetAssociationIds().Length > 0 && clock.Elapsed < Timeout) Thread.Sleep(10);
        Assert.Empty(client.GetAssociationIds());
    }

    [Fact]
    public void LegacyConnectxFindsTheAssociationToo()
    {
        using var server = Listener(21005);
        using var client = SctpSocket.Create(new SctpSocketOptions());
        SctpSocket.ForceLegacyConnectx = true;
        try
        {
            var mine = client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, 21005) }, Timeout);
            Assert.Equal(SctpAssociationState.Established, mine.State);
            Assert.Equal(client.GetAssociationIds().Single(), mine.Id);
        }
        finally
        {
            SctpSocket.ForceLegacyConnectx = false;
        }
    }

    [Fact]
    public void PeelOffOfAnUnknownAssociationIsEinval()
    {
        using var server = Listener(21002);
        var e = Assert.Throws<SctpException>(() => server.PeelOff(12345));
        Assert.Equal(Errno.EINVAL, e.Errno);
    }

    [Fact]
    public void RefusedConnectThrowsEconnrefused()
    {
        using var client = SctpSocket.Create(new SctpSocketOptions());
        var e = Assert.Throws<SctpException>(() => client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, 21003) }, Timeout));
        Assert.Equal(Errno.ECONNREFUSED, e.Errno);
        Assert.Empty(client.GetAssociationIds());
    }

    [Fact]
    public void CancelledWaitThrowsPromptly()
    {
        using var server = Listener(21004);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => server.WaitForAssociation(System.Threading.Timeout.InfiniteTimeSpan, cts.Token));
        Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
    }
}

/// <summary>Messages through the managed API from plain C#, on kernel SCTP.</summary>
[Trait("Category", "Kernel")]
public class MessageKernelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void SendAndReceiveIntoCarryTheMetadataWithoutAllocating()
    {
        using var server = SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = 21010, Listen = true, NoDelay = true });
        using var client = SctpSocket.Create(new SctpSocketOptions { NoDelay = true });
        var association = client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, 21010) }, Timeout);
        var info = new SctpSendInfo { Stream = 2, PayloadProtocolId = 46, AssociationId = association.Id };
        var payload = new byte[1024];
        var buffer = new byte[4096];
        client.Send(payload, info, Timeout);
        server.ReceiveInto(buffer, Timeout); // warm-up: the first call sets SCTP_RECVRCVINFO and JITs

        long before = GC.GetAllocatedBytesForCurrentThread();
        SctpReceiveResult result = default;
        for (int i = 0; i < 100; i++)
        {
            client.Send(payload, info, Timeout);
            result = server.ReceiveInto(buffer, Timeout);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1024, result.Length);
        Assert.True(result.IsComplete);
        Assert.False(result.IsNotification);
        Assert.Equal(2, result.Stream);
        Assert.Equal(46u, result.PayloadProtocolId);
        Assert.True(allocated < 1024, $"100 send/receive pairs allocated {allocated} bytes");
    }

    [Fact]
    public void ReceiveAllocatesOnlyTheMessageAndItsData()
    {
        using var server = SctpSocket.Create(new SctpSocketOptions { LocalAddresses = new[] { IPAddress.Loopback }, LocalPort = 21011, Listen = true, NoDelay = true });
        using var client = SctpSocket.Create(new SctpSocketOptions { NoDelay = true });
        var association = client.Connect(new[] { new IPEndPoint(IPAddress.Loopback, 21011) }, Timeout);
        var info = new SctpSendInfo { AssociationId = association.Id };
        var payload = new byte[1024];
        client.Send(payload, info, Timeout);
        server.Receive(Timeout);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            client.Send(payload, info, Timeout);
            Assert.IsType<SctpMessage>(server.Receive(Timeout));
        }
        long perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // The 1 KiB data array (1048 bytes with its header) and the SctpMessage object, nothing else.
        Assert.True(perMessage < 1024 + 200, $"{perMessage} bytes per message");
    }
}
