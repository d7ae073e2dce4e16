using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SctpPS.Native;
using Xunit;

namespace SctpPS.Tests;

/// <summary>
/// Notifications that the sandbox's loopback cannot make the kernel raise (Message.Tests.ps1 gets the
/// others from the kernel), read from bytes laid out as the kernel writes them; StructLayoutTests checks
/// the layouts against gcc.
/// </summary>
public class NotificationParseTests
{
    private static byte[] Bytes<T>(T value, byte[]? tail = null) where T : unmanaged =>
        [.. MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)), .. tail ?? []];

    [Fact]
    public void RemoteErrorCarriesItsCauseInHostOrderAndTheCauseBytes()
    {
        // An ERROR chunk's cause 1, Invalid Stream Identifier (RFC 9260 3.3.10.1), for stream 5.
        byte[] cause = [0x00, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00];
        var bytes = Bytes(new SctpRemoteError
        {
            sre_type = (ushort)SctpEventType.RemoteError,
            sre_length = (uint)(Marshal.SizeOf<SctpRemoteError>() + cause.Length),
            sre_error = BinaryPrimitives.ReverseEndianness((ushort)1),
            sre_assoc_id = 7,
        }, cause);

        var notification = Assert.IsType<SctpRemoteErrorNotification>(SctpNotification.Parse(bytes, null!));

        Assert.Equal(SctpCauseCode.InvalidStreamIdentifier, notification.Cause);
        Assert.Equal(7, notification.AssociationId);
        Assert.Equal(cause, notification.Data);
        Assert.Equal("RemoteError cause 1 Invalid Stream Identifier (association 7)", notification.ToString());
    }

    [Fact]
    public void CauseCodesCarryTheirRfcTitlesAndUnknownOnesTheirNumber()
    {
        Assert.Equal("12 User-Initiated Abort", SctpCauses.Describe(SctpCauseCode.UserInitiatedAbort));
        Assert.Equal("13 Protocol Violation", SctpCauses.Describe((SctpCauseCode)13));
        Assert.Equal("163 Association Aborted Due to Illegal ASCONF-ACK", SctpCauses.Describe(SctpCauseCode.IllegalAsconfAck));
        Assert.Equal("777", SctpCauses.Describe((SctpCauseCode)777));
        // Every named code has its title: a code added to the enum without one would show as a bare number.
        Assert.All(Enum.GetValues<SctpCauseCode>().Where(c => c != SctpCauseCode.None),
                   c => Assert.Matches(@"^\d+ \S", SctpCauses.Describe(c)));
    }

    [Fact]
    public void RestartIsAnAssociationChangeWithItsStreamCounts()
    {
        var bytes = Bytes(new SctpAssocChange
        {
            sac_type = (ushort)SctpEventType.AssociationChange,
            sac_length = (uint)Marshal.SizeOf<SctpAssocChange>(),
            sac_state = (ushort)SctpAssociationChange.Restart,
            sac_outbound_streams = 10,
            sac_inbound_streams = 8,
            sac_assoc_id = 3,
        });

        var notification = Assert.IsType<SctpAssociationChangeNotification>(SctpNotification.Parse(bytes, null!));

        Assert.Equal(SctpAssociationChange.Restart, notification.State);
        Assert.Equal(SctpCauseCode.None, notification.Error);
        Assert.Equal("AssociationChange Restart, streams in/out 8/10 (association 3)", notification.ToString());
    }

    [Fact]
    public void AssociationResetSaysTheNewTsnsOrThatThePeerDenied()
    {
        var bytes = Bytes(new SctpAssocResetEvent
        {
            assocreset_type = (ushort)SctpEventType.AssociationReset,
            assocreset_length = (uint)Marshal.SizeOf<SctpAssocResetEvent>(),
            assocreset_assoc_id = 5, assocreset_local_tsn = 1000, assocreset_remote_tsn = 2000,
        });
        var performed = Assert.IsType<SctpAssociationResetNotification>(SctpNotification.Parse(bytes, null!));
        Assert.Equal(SctpReconfigResult.Performed, performed.Result);
        Assert.Equal(5, performed.AssociationId);
        Assert.Equal(1000u, performed.LocalTsn);
        Assert.Equal(2000u, performed.RemoteTsn);
        Assert.Equal("AssociationReset TSNs reset: next in 1000, next out 2000 (association 5)", performed.ToString());

        bytes[2] = (byte)SctpConstants.SCTP_ASSOC_RESET_DENIED;
        var denied = Assert.IsType<SctpAssociationResetNotification>(SctpNotification.Parse(bytes, null!));
        Assert.Equal(SctpReconfigResult.Denied, denied.Result);
        Assert.Equal("AssociationReset TSN reset denied (association 5)", denied.ToString());
        bytes[2] = (byte)SctpConstants.SCTP_ASSOC_RESET_FAILED;
        Assert.Equal(SctpReconfigResult.Failed, ((SctpAssociationResetNotification)SctpNotification.Parse(bytes, null!)).Result);
    }

    [Fact]
    public void StreamChangeSaysHowManyStreamsWereAddedEachWay()
    {
        var bytes = Bytes(new SctpStreamChangeEvent
        {
            strchange_type = (ushort)SctpEventType.StreamChange,
            strchange_flags = SctpConstants.SCTP_STREAM_CHANGE_DENIED,
            strchange_length = (uint)Marshal.SizeOf<SctpStreamChangeEvent>(),
            strchange_assoc_id = 9, strchange_instrms = 0, strchange_outstrms = 4,
        });
        var n = Assert.IsType<SctpStreamChangeNotification>(SctpNotification.Parse(bytes, null!));
        Assert.Equal(SctpReconfigResult.Denied, n.Result);
        Assert.Equal(4, n.OutboundStreams);
        Assert.Equal(0, n.InboundStreams);
        Assert.Equal("StreamChange adding streams denied: in +0, out +4 (association 9)", n.ToString());
    }
}

