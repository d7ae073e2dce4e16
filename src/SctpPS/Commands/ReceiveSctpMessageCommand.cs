using System.Management.Automation;
using System.Text;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Receive-SctpMessage: sctp_recvv(3) - messages with their stream, payload protocol id,
/// TSN and association, and notifications as typed objects, in arrival order.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "SctpMessage")]
[OutputType(typeof(SctpMessage), typeof(SctpNotification))]
public sealed class ReceiveSctpMessageCommand : SctpCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SctpSocket Socket { get; set; } = null!;

    /// <summary>How many messages and notifications to emit (default 1).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; } = 1;

    /// <summary>Keep receiving until Ctrl+C, or until -TimeoutSeconds pass without anything (which ends it quietly).</summary>
    [Parameter]
    public SwitchParameter Continuous { get; set; }

    /// <summary>How long to wait for each message, in seconds (fractions allowed); not given: until one comes or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double TimeoutSeconds { get; set; }

    /// <summary>Decode Data into Text with -Encoding.</summary>
    [Parameter]
    public SwitchParameter AsText { get; set; }

    [Parameter]
    [ValidateSet("UTF8", "ASCII", "Latin1", "Unicode", "BigEndianUnicode", "UTF32", IgnoreCase = true)]
    public string Encoding { get; set; } = TextEncoding.Default;

    protected override void ProcessRecord()
    {
        if (!Socket.IsClosed && Socket.Style == SctpSocketStyle.OneToOne && Socket.IsListening)
        {
            WriteSctpError(ErrorCatalog.ReceiveListeningSocket,
                new SctpException(Errno.ENOTCONN, "recvmsg",
                    $"Socket {Socket.Id} is a listening one-to-one socket: it carries no messages; accept an association with Wait-SctpAssociation and receive on its socket ({Errno.ENOTCONN.Format()})."),
                Socket);
            return;
        }
        var timeout = Timeout(nameof(TimeoutSeconds), TimeoutSeconds);
        var encoding = AsText ? TextEncoding.Get(Encoding) : null;
        var tally = VerboseEnabled ? new StreamTally("Received") : null;
        try
        {
            Receive(timeout, encoding, tally);
        }
        finally
        {
            if (tally is not null) WriteVerbose(tally.Describe(Socket));
        }
    }

    private void Receive(TimeSpan timeout, Encoding? encoding, StreamTally? tally)
    {
        for (int emitted = 0; Continuous || emitted < Count; emitted++)
        {
            object received;
            try
            {
                received = Socket.Receive(timeout, Cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SctpTimeoutException e)
            {
                // -Continuous collects whatever comes: silence for -TimeoutSeconds is its end, not a failure.
                if (Continuous)
                    WriteVerbose($"Nothing more on socket {Socket.Id} for {TimeoutSeconds:0.###} s: -Continuous ends after {emitted} objects.");
                else
                    WriteSctpError(ErrorCatalog.ReceiveTimeout, e, Socket);
                return;
            }
            catch (ObjectDisposedException e)
            {
                WriteSctpError(ErrorCatalog.ReceiveSocketClosed, ClosedSocket(Socket, "recvmsg", e), Socket);
                return;
            }
            catch (SctpNotConnectedException e)
            {
                WriteSctpError(ErrorCatalog.ReceiveNotConnected, e, Socket,
                    $"{e.Message} Connect it first: Connect-SctpAssociation -Socket $socket -RemoteAddress ... -RemotePort ....");
                return;
            }
            catch (SctpAssociationAbortedException e)
            {
                WriteSctpError(ErrorCatalog.ReceiveAbortedByPeer, e, Socket);
                return;
            }
            catch (SctpException e)
            {
                WriteSctpError(e.Errno == Errno.ESHUTDOWN ? ErrorCatalog.ReceiveAssociationClosed : ErrorCatalog.ReceiveFailed, e, Socket);
                return;
            }

            if (received is SctpMessage counted) tally?.Add(counted.Stream, counted.Length);
            else if (tally is not null) WriteVerbose($"Notification on socket {Socket.Id}: {received}.");
            if (encoding is not null && received is SctpMessage message && !Decode(message, encoding))
                continue;
            WriteObject(received);
        }
    }

    /// <summary>Fills Text; on bytes the encoding cannot read, writes an error whose target is the message (raw Data kept).</summary>
    private bool Decode(SctpMessage message, Encoding encoding)
    {
        try
        {
            message.Text = encoding.GetString(message.Data);
            return true;
        }
        catch (DecoderFallbackException e)
        {
            WriteSctpError(ErrorCatalog.ReceiveDecodeFailed, e, message,
                $"The {message.Length}-byte message on stream {message.Stream} is not valid {Encoding} text (byte {e.Index}); its raw bytes are in the error's TargetObject.Data.");
            return false;
        }
    }
}
