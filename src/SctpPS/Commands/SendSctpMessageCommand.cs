using System.Management.Automation;
using System.Net;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Send-SctpMessage: sctp_sendv(3) - one message per -Data, -Text or pipeline object, on a
/// chosen stream with a payload protocol id, ordered or not, with a PR-SCTP lifetime.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SctpMessage", DefaultParameterSetName = SocketPipeline)]
[OutputType(typeof(SctpMessage))]
public sealed class SendSctpMessageCommand : SctpCmdlet
{
    // Where to (a socket, or an association) times what to send (-Data, -Text or the pipeline):
    // one payload source per call, so that -Data with -Text, or -Text with pipeline input, is a
    // binding error instead of two messages.
    private const string SocketPipeline = "ToSocket";
    private const string SocketData = "ToSocketData";
    private const string SocketText = "ToSocketText";
    private const string AssociationPipeline = "ToAssociation";
    private const string AssociationData = "ToAssociationData";
    private const string AssociationText = "ToAssociationText";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SocketPipeline)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SocketData)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SocketText)]
    public SctpSocket Socket { get; set; } = null!;

    /// <summary>The association to send on (its socket and id); may also come down the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AssociationPipeline, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AssociationData, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AssociationText, ValueFromPipeline = true)]
    public SctpAssociation? Association { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SocketData)]
    [Parameter(Mandatory = true, ParameterSetName = AssociationData)]
    [AllowEmptyCollection]
    public byte[]? Data { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SocketText)]
    [Parameter(Mandatory = true, ParameterSetName = AssociationText)]
    [AllowEmptyString]
    public string? Text { get; set; }

    /// <summary>Each object is one message: a string (encoded with -Encoding) or a byte array.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = SocketPipeline)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = AssociationPipeline)]
    public object? InputObject { get; set; }

    [Parameter]
    [ValidateSet("UTF8", "ASCII", "Latin1", "Unicode", "BigEndianUnicode", "UTF32", IgnoreCase = true)]
    public string Encoding { get; set; } = TextEncoding.Default;

    [Parameter]
    [ValidateRange(0, 65535)]
    public int Stream { get; set; }

    [Parameter]
    [Alias("Ppid")]
    public uint PayloadProtocolId { get; set; }

    [Parameter]
    public SwitchParameter Unordered { get; set; }

    /// <summary>Opaque value returned in a send-failed notification for this message.</summary>
    [Parameter]
    public uint Context { get; set; }

    /// <summary>PR-SCTP: milliseconds the message may wait to be sent before it is abandoned.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeToLive { get; set; }

    /// <summary>On a one-to-many socket: send here, setting up an association implicitly if there is none.</summary>
    [Parameter(ParameterSetName = SocketPipeline)]
    [Parameter(ParameterSetName = SocketData)]
    [Parameter(ParameterSetName = SocketText)]
    public IPEndPoint? RemoteEndPoint { get; set; }

    /// <summary>After the messages, shut the association down gracefully (SCTP_EOF).</summary>
    [Parameter]
    public SwitchParameter EndOfFile { get; set; }

    /// <summary>Abort the association (SCTP_ABORT); -Data/-Text become the abort reason.</summary>
    [Parameter]
    public SwitchParameter Abort { get; set; }

    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double TimeoutSeconds { get; set; }

    /// <summary>Emit each message as sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private SctpSocket? _lastSocket;
    private int _lastAssociation;
    private bool _sentAny;
    private StreamTally? _tally;

    protected override void BeginProcessing() => _tally = VerboseEnabled ? new StreamTally("Sent") : null;

    protected override void ProcessRecord()
    {
        // An association coming down the pipeline is where to send, whichever parameter bound it.
        if ((InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject) is SctpAssociation piped)
        {
            Association = piped;
            InputObject = null;
        }
        bool payloadGiven = Data is not null || Text is not null || InputObject is not null;
        if (!payloadGiven && !EndOfFile && !Abort)
        {
            WriteSctpError(ErrorCatalog.SendNoPayload,
                new PSArgumentException("Nothing to send: give -Data (bytes), -Text, or pipe strings or byte arrays (one message each); -EndOfFile or -Abort alone end the association."),
                (object?)Association ?? Socket);
            return;
        }
        var (socket, associationId) = Target();
        if (socket is null) return;

        if (Abort)
        {
            byte[]? reason = Data ?? (Text is not null ? Encode(Text) : Array.Empty<byte>());
            if (reason is null) return;
            if (reason.Length > 0 && socket.AbortClosesSocket)
                WriteWarning($"Socket {socket.Id} is a one-to-one socket: Linux aborts its association only by closing it (SO_LINGER {{1, 0}}), and that ABORT carries no reason; the {reason.Length}-byte reason is not sent.");
            if (Run(socket, associationId, () => socket.Abort(associationId, reason), reason, "ABORT"))
            {
                WriteVerbose($"Sent ABORT for association {associationId} on socket {socket.Id}{(reason.Length > 0 && !socket.AbortClosesSocket ? $" with a {reason.Length}-byte reason" : "")}{(socket.IsClosed ? "; the one-to-one socket was closed for it" : "")}.");
                if (socket.IsClosed) SessionSockets.Forget(socket);
            }
            return;
        }

        foreach (var payload in Payloads())
        {
            if (payload is null) continue;
            if (payload.Length == 0)
            {
                WriteSctpError(ErrorCatalog.SendEmptyMessage,
                    new PSArgumentException("Cannot send an empty message: SCTP carries no DATA chunk of 0 bytes (the kernel says EINVAL). Send at least one byte; -EndOfFile alone ends the association."),
                    payload);
                continue;
            }
            var info = new SctpSendInfo
            {
                Stream = (ushort)Stream,
                PayloadProtocolId = PayloadProtocolId,
                Context = Context,
                Unordered = Unordered,
                TimeToLiveMs = (uint)TimeToLive,
                AssociationId = associationId,
                RemoteEndPoint = RemoteEndPoint,
            };
            if (!Run(socket, associationId, () => socket.Send(payload, info, Timeout(nameof(TimeoutSeconds), TimeoutSeconds), Cancellation), payload, null))
                continue;
            _sentAny = true;
            _tally?.Add(Stream, payload.Length);
            if (PassThru)
                WriteObject(new SctpMessage
                {
                    Data = payload, Stream = Stream, PayloadProtocolId = PayloadProtocolId, Context = Context, Unordered = Unordered,
                    AssociationId = associationId, RemoteEndPoint = RemoteEndPoint is null ? null : SctpAddressText.Format(RemoteEndPoint), Socket = socket,
                    Text = Text ?? (InputObject is PSObject { BaseObject: string t } ? t : InputObject as string),
                });
        }
        _lastSocket = socket;
        _lastAssociation = associationId;
    }

    protected override void EndProcessing()
    {
        if (_tally is not null && _lastSocket is { } sent) WriteVerbose(_tally.Describe(sent));
        // -EndOfFile: one SHUTDOWN after the last message of the pipeline (not after a lone message that failed).
        if (EndOfFile && _lastSocket is { } socket && (_sentAny || Data is null && Text is null)
            && Run(socket, _lastAssociation, () => socket.Shutdown(_lastAssociation), Array.Empty<byte>(), "SHUTDOWN"))
            WriteVerbose($"Sent SHUTDOWN for association {_lastAssociation} on socket {socket.Id}, after the messages before it.");
    }

    private (SctpSocket? Socket, int AssociationId) Target()
    {
        if (Association is not null)
        {
            if (Association.Socket is null)
            {
                WriteSctpError(ErrorCatalog.SendNoAssociation,
                    new SctpException(Errno.EDESTADDRREQ, "sendmsg", $"Association {Association.Id} belongs to no socket of this session ({Errno.EDESTADDRREQ.Format()})."), Association);
                return (null, 0);
            }
            return (Association.Socket, Association.Id);
        }
        if (Socket.IsClosed)
        {
            WriteSctpError(ErrorCatalog.SendSocketClosed, ClosedSocket(Socket, "sendmsg"), Socket);
            return (null, 0);
        }
        if (Socket.Style == SctpSocketStyle.OneToMany && Socket.PeeledOffFrom is null && RemoteEndPoint is null)
        {
            // One association on the socket: that one, as a script would mean. None or several: say so.
            var ids = Socket.GetAssociationIds();
            if (ids.Length == 1) return (Socket, ids[0]);
            WriteSctpError(ErrorCatalog.SendNoAssociation,
                new SctpException(Errno.EDESTADDRREQ, "sendmsg",
                    $"Socket {Socket.Id} is one-to-many and has {(ids.Length == 0 ? "no association" : $"{ids.Length} associations")}: say where to send with -Association or -RemoteEndPoint ({Errno.EDESTADDRREQ.Format()})."),
                Socket);
            return (null, 0);
        }
        return (Socket, 0);
    }

    private IEnumerable<byte[]?> Payloads()
    {
        if (Data is not null) yield return Data;
        if (Text is not null) yield return Encode(Text);
        var item = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;
        if (item is byte[] bytes)
            yield return bytes;
        else if (item is string text)
            yield return Encode(text);
        else if (item is not null)
            WriteSctpError(ErrorCatalog.SendInvalidInput,
                new PSArgumentException($"Cannot send a {item.GetType().Name}: pipe strings or byte arrays, one message each."), item);
    }

    /// <summary>The text in -Encoding; null, with the error written, for a character the encoding cannot carry.</summary>
    private byte[]? Encode(string text)
    {
        try
        {
            return TextEncoding.Get(Encoding).GetBytes(text);
        }
        catch (System.Text.EncoderFallbackException e)
        {
            WriteSctpError(ErrorCatalog.SendEncodeFailed, e, text, TextEncoding.Explain(e, Encoding));
            return null;
        }
    }

    /// <summary>Runs one send; writes the fitting error and returns false when it fails.</summary>
    private bool Run(SctpSocket socket, int associationId, Action send, object target, string? what)
    {
        try
        {
            send();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SctpTimeoutException e)
        {
            WriteSctpError(ErrorCatalog.SendTimeout, e, target);
        }
        catch (ObjectDisposedException e)
        {
            WriteSctpError(ErrorCatalog.SendSocketClosed, ClosedSocket(socket, "sendmsg", e), target);
        }
        catch (SctpException e)
        {
            var (definition, message) = Explain(socket, associationId, e, (target as byte[])?.Length ?? 0);
            WriteSctpError(definition, e, target, what is null ? message : $"Cannot send {what}: {message}");
        }
        return false;
    }

    private (SctpErrorDefinition, string) Explain(SctpSocket socket, int associationId, SctpException e, int length)
    {
        switch (e)
        {
            case SctpNotConnectedException:
                return (ErrorCatalog.SendNotConnected,
                    $"{e.Message} Connect it first: Connect-SctpAssociation -Socket $socket -RemoteAddress ... -RemotePort ....");
            case SctpAssociationAbortedException:
                return (ErrorCatalog.SendAbortedByPeer, e.Message);
        }
        switch (e.Errno)
        {
            case Errno.EINVAL:
                // The kernel's EINVAL covers several faults; a stream beyond the association's is the common one.
                int outbound = TryOutboundStreams(socket, associationId);
                if (outbound > 0 && Stream >= outbound)
                    return (ErrorCatalog.SendInvalidStream,
                        $"Stream {Stream} does not exist: association {associationId} has {outbound} outbound streams (0..{outbound - 1}) ({e.Errno.Format()}).");
                return (ErrorCatalog.SendFailed, e.Message);
            case Errno.EMSGSIZE:
                return (ErrorCatalog.SendMessageTooLarge, TooLarge(socket, associationId, length, e));
            case Errno.EPIPE or Errno.ESHUTDOWN or Errno.ECONNRESET or Errno.ENOTCONN:
                return (ErrorCatalog.SendAssociationClosed,
                    $"The association{(associationId != 0 ? $" {associationId}" : "")} on socket {socket.Id} is closed: it was aborted or shut down ({e.Errno.Format()}).");
            default:
                return (ErrorCatalog.SendFailed, e.Message);
        }
    }

    /// <summary>
    /// EMSGSIZE names the limit that was hit: the fragmentation point when the socket does not
    /// fragment, else the send buffer (the kernel takes a message only whole) and how far it can grow.
    /// </summary>
    private static string TooLarge(SctpSocket socket, int associationId, int length, SctpException e)
    {
        try
        {
            if (socket.DisableFragments)
            {
                int id = associationId != 0 ? associationId : socket.GetAssociationIds().FirstOrDefault();
                return $"The {length}-byte message is larger than the fragmentation point of association {id} ({socket.GetAssociation(id).FragmentationPoint} bytes), and socket {socket.Id} does not fragment (SCTP_DISABLE_FRAGMENTS) ({e.Errno.Format()}).";
            }
            int buffer = socket.GetOptions(0, new[] { nameof(SctpSocketOption.SendBufferSize) }, out _).SendBufferSize ?? 0;
            string max = SctpSupport.ReadSysctl("net/core/wmem_max") is long wmem
                ? $"; the kernel grants at most twice net.core.wmem_max ({wmem} bytes here), so for more raise that sysctl first"
                : "";
            return $"The {length}-byte message is larger than the send buffer of socket {socket.Id} (SendBufferSize {buffer} bytes): the kernel takes a message only whole. Raise it with Set-SctpSocketOption -SendBufferSize{max} ({e.Errno.Format()}).";
        }
        catch (Exception inner) when (inner is SctpException or ObjectDisposedException)
        {
            return $"The {length}-byte message is larger than socket {socket.Id} can take ({e.Errno.Format()}).";
        }
    }

    private static int TryOutboundStreams(SctpSocket socket, int associationId)
    {
        try
        {
            int id = associationId != 0 ? associationId : socket.GetAssociationIds().FirstOrDefault();
            return socket.GetAssociation(id).OutboundStreams;
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            return 0;
        }
    }
}
