using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>What every SctpPS cmdlet shares: error records from the catalogue, and Ctrl+C as a cancellation token.</summary>
public abstract class SctpCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken Cancellation => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    protected static ErrorRecord NewErrorRecord(SctpErrorDefinition definition, Exception exception, object? target, string? message = null)
    {
        var record = new ErrorRecord(exception, definition.ErrorId, definition.Category, target);
        if (message is not null)
            record.ErrorDetails = new ErrorDetails(message);
        if (exception is SctpNotSupportedException notSupported)
        {
            record.ErrorDetails ??= new ErrorDetails(exception.Message);
            record.ErrorDetails.RecommendedAction = notSupported.Remedy;
        }
        return record;
    }

    /// <summary>A non-terminating error for one input object.</summary>
    protected void WriteSctpError(SctpErrorDefinition definition, Exception exception, object? target, string? message = null) =>
        WriteError(NewErrorRecord(definition, exception, target, message));

    /// <summary>
    /// The catalogue entry for a failure of this cmdlet: a closed socket, an errno the
    /// cmdlet maps, or its fallback.
    /// </summary>
    protected SctpErrorDefinition Classify(Exception exception, SctpErrorDefinition closed, SctpErrorDefinition fallback) => exception switch
    {
        ObjectDisposedException => closed,
        SctpException e => ErrorCatalog.ForErrno(MyInvocation.MyCommand.Name, e.Errno, fallback),
        _ => fallback,
    };

    /// <summary>
    /// Writes a failed socket operation: <paramref name="closed"/> with EBADF for a socket that was
    /// closed, else the errno this cmdlet maps (or <paramref name="fallback"/>).
    /// </summary>
    protected void WriteSocketFailure(Exception exception, SctpSocket socket, string operation,
                                      SctpErrorDefinition closed, SctpErrorDefinition fallback, object? target, string? message = null) =>
        WriteSctpError(Classify(exception, closed, fallback),
            exception is ObjectDisposedException ? ClosedSocket(socket, operation, exception) : exception, target, message);

    /// <summary>The exception to report for a socket that is already closed: says which, and EBADF as the C API would.</summary>
    protected static SctpException ClosedSocket(SctpSocket socket, string operation, Exception? inner = null) =>
        new(Errno.EBADF, operation, $"Socket {socket.Id} (fd {socket.Handle}) is closed: {Errno.EBADF.Format()}.", inner);

    /// <summary>Whether WriteVerbose will show anything (-Verbose, or $VerbosePreference): worth a tally on a hot path.</summary>
    protected bool VerboseEnabled =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var v)
            ? ((SwitchParameter)v).IsPresent
            : GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;

    /// <summary>Seconds from a -TimeoutSeconds parameter; not given means wait until Ctrl+C.</summary>
    protected TimeSpan Timeout(string parameterName, double seconds) =>
        MyInvocation.BoundParameters.ContainsKey(parameterName) ? TimeSpan.FromSeconds(seconds) : System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>The kernel cannot do SCTP at all: nothing else this cmdlet could do would work.</summary>
    protected void ThrowNotSupported(SctpNotSupportedException exception) =>
        ThrowTerminatingError(NewErrorRecord(ErrorCatalog.SctpNotSupported, exception, null));
}
