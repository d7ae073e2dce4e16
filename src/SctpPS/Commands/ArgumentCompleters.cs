using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SctpPS.Commands;

/// <summary>Tab completion for -Name of the socket option cmdlets: the option names, with their descriptions.</summary>
public sealed class SocketOptionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                          CommandAst commandAst, IDictionary fakeBoundParameters) =>
        SctpOptionCatalog.All
            .Where(d => d.Name.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(d => new CompletionResult(d.Name, d.Name, CompletionResultType.ParameterValue, $"{d.Description} ({d.KernelOption})"));
}

/// <summary>Tab completion for socket ids: the open sockets of this session.</summary>
public sealed class SocketIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                          CommandAst commandAst, IDictionary fakeBoundParameters) =>
        SessionSockets.Open()
            .Where(s => s.Id.ToString().StartsWith(wordToComplete, StringComparison.Ordinal))
            .Select(s => new CompletionResult(s.Id.ToString(), $"{s.Id} ({s.Style}, port {s.LocalPort})", CompletionResultType.ParameterValue, s.ToString()));
}

/// <summary>
/// Tab completion for association ids: those of the socket already on the command line
/// (-Socket), else of every open socket of this session.
/// </summary>
public sealed class AssociationIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                          CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        object? bound = fakeBoundParameters["Socket"];
        if (bound is PSObject wrapped) bound = wrapped.BaseObject;
        var sockets = bound switch
        {
            SctpSocket one => new[] { one },
            IEnumerable many => many.Cast<object>().Select(o => o is PSObject p ? p.BaseObject : o).OfType<SctpSocket>().ToArray(),
            _ => SessionSockets.Open().ToArray(),
        };
        foreach (var socket in sockets.Where(s => !s.IsClosed))
        {
            int[] ids;
            try { ids = socket.GetAssociationIds(); }
            catch (Exception e) when (e is SctpPS.Native.SctpException or ObjectDisposedException) { continue; }
            foreach (int id in ids.Where(i => i.ToString().StartsWith(wordToComplete, StringComparison.Ordinal)))
                yield return new CompletionResult(id.ToString(), $"{id} (socket {socket.Id})", CompletionResultType.ParameterValue, $"association {id} on {socket}");
        }
    }
}
