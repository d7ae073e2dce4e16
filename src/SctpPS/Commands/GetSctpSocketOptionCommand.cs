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

    /// <summary>Only these options (property names of the output, wildcards allowed); an option that fails is then an error.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
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
        var names = Name is null ? null : Resolve(Name);
        if (names is { Count: 0 })
            return; // every name was unknown (each an error above), or no wildcard matched
        try
        {
            var options = socket.GetOptions(Association?.Id ?? 0, names, out var failures);
            if (names is not null)
            {
                options.Names = names;
                foreach (var failure in failures)
                    WriteSctpError(ForFailure(failure), failure, socket);
            }
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

    /// <summary>
    /// The catalogue's names for -Name, in catalogue order: wildcards match (none matching is no
    /// error, as for Get-Process), a name that is not an option is an error and is left out.
    /// </summary>
    private List<string> Resolve(string[] patterns)
    {
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pattern in patterns)
        {
            if (pattern is null)
            {
                WriteSctpError(ErrorCatalog.GetOptionUnknownName,
                    new ArgumentException($"-Name holds $null: give option names, or leave -Name out to read every option. Known: {string.Join(", ", SctpOptionCatalog.All.Select(d => d.Name))}."), null);
            }
            else if (WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
                wanted.UnionWith(SctpOptionCatalog.All.Where(d => wildcard.IsMatch(d.Name)).Select(d => d.Name));
            }
            else if (SctpOptionCatalog.Find(pattern) is { } definition)
            {
                wanted.Add(definition.Name);
            }
            else
            {
                WriteSctpError(ErrorCatalog.GetOptionUnknownName,
                    new ArgumentException($"'{pattern}' is not an SCTP socket option. Known: {string.Join(", ", SctpOptionCatalog.All.Select(d => d.Name))}."), pattern);
            }
        }
        return SctpOptionCatalog.All.Select(d => d.Name).Where(wanted.Contains).ToList();
    }

    private static SctpErrorDefinition ForFailure(SctpOptionException failure) => failure.Failure switch
    {
        SctpOptionFailure.NotSupported => ErrorCatalog.GetOptionNotSupported,
        SctpOptionFailure.NotApplicable => ErrorCatalog.GetOptionNotApplicable,
        SctpOptionFailure.NoAssociation => ErrorCatalog.GetOptionNoAssociation,
        _ => ErrorCatalog.GetOptionFailed,
    };
}
