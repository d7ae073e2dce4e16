using System.Management.Automation;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpSocketOption: the SCTP socket options of sctp(7) as one object, read from the
/// kernel; per association where the kernel keeps them per association (sctp_opt_info(3)).
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpSocketOption")]
[OutputType(typeof(SctpSocketOption))]
public sealed class GetSctpSocketOptionCommand : SctpCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public SctpSocket? Socket { get; set; }

    /// <summary>Read this association's values (its socket is used when -Socket is not given).</summary>
    [Parameter(ValueFromPipeline = true)]
    public SctpAssociation? Association { get; set; }

    /// <summary>Only these options (property names of the output); an option that fails is then an error.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(SocketOptionNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var socket = Socket ?? Association?.Socket;
        if (socket is null)
        {
            WriteSctpError(ErrorCatalog.GetOptionNoSocket,
                new InvalidOperationException(Association is null
                    ? "Give -Socket, or -Association of a socket of this session."
                    : $"Association {Association.Id} belongs to no socket of this session."), Association);
            return;
        }
        // By index: a $null name must count as unknown, not as "none found".
        int bad = Name is null ? -1 : Array.FindIndex(Name, n => n is null || SctpOptionCatalog.Find(n) is null);
        if (bad >= 0)
        {
            string? unknown = Name![bad];
            string known = string.Join(", ", SctpOptionCatalog.All.Select(d => d.Name));
            ThrowTerminatingError(NewErrorRecord(ErrorCatalog.GetOptionUnknownName,
                new ArgumentException(unknown is null
                    ? $"-Name holds $null: give option names, or leave -Name out to read every option. Known: {known}."
                    : $"'{unknown}' is not an SCTP socket option. Known: {known}."), unknown));
        }
        try
        {
            var options = socket.GetOptions(Association?.Id ?? 0, Name, out var failures);
            if (Name is not null)
                foreach (var failure in failures)
                    WriteSctpError(ForFailure(failure), failure, socket);
            WriteObject(options);
        }
        catch (SctpException e) when (e.Errno == Errno.EINVAL && e.Operation == "SCTP_STATUS")
        {
            WriteSctpError(ErrorCatalog.GetOptionAssociationNotFound, e, Association);
        }
        catch (Exception e) when (e is SctpException or ObjectDisposedException)
        {
            WriteSocketFailure(e, socket, "getsockopt", ErrorCatalog.GetOptionSocketClosed, ErrorCatalog.GetOptionFailed, socket);
        }
    }

    private static SctpErrorDefinition ForFailure(SctpOptionException failure) => failure.Failure switch
    {
        SctpOptionFailure.NotSupported => ErrorCatalog.GetOptionNotSupported,
        SctpOptionFailure.NotApplicable => ErrorCatalog.GetOptionNotApplicable,
        SctpOptionFailure.NoAssociation => ErrorCatalog.GetOptionNoAssociation,
        _ => ErrorCatalog.GetOptionFailed,
    };
}
