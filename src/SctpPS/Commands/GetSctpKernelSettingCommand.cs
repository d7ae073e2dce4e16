using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using SctpPS.Native;

namespace SctpPS.Commands;

/// <summary>
/// Get-SctpKernelSetting: the net.sctp.* sysctls of sctp(7) SYSCTLS (/proc/sys/net/sctp), typed,
/// with their bounds and meaning; settings of a newer kernel are listed too.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SctpKernelSetting")]
[OutputType(typeof(SctpKernelSetting))]
public sealed class GetSctpKernelSettingCommand : SctpCmdlet
{
    /// <summary>Only these settings: short (rto_min) or sysctl (net.sctp.rto_min) names, wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(KernelSettingNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        if (!SctpKernelSettings.IsAvailable)
        {
            WriteSctpError(ErrorCatalog.GetKernelSettingNotLoaded, KernelSettingErrors.NotLoaded(), SctpKernelSettings.Root);
            return;
        }
        IReadOnlyList<string> names;
        try
        {
            names = SctpKernelSettings.Names();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteSctpError(ErrorCatalog.GetKernelSettingFailed, e, SctpKernelSettings.Root, $"Listing {SctpKernelSettings.Root} failed: {e.Message}");
            return;
        }
        var wanted = new List<string>();
        foreach (var pattern in Name ?? new[] { "*" })
        {
            string shortName = SctpKernelSettings.ShortName(pattern ?? "");
            if (WildcardPattern.ContainsWildcardCharacters(shortName))
            {
                try
                {
                    var wildcard = new WildcardPattern(shortName, WildcardOptions.IgnoreCase);
                    wanted.AddRange(names.Where(wildcard.IsMatch));
                }
                catch (WildcardPatternException)
                {
                    // Not a pattern PowerShell can read ("[" unclosed): as a name, it names nothing.
                    WriteSctpError(ErrorCatalog.GetKernelSettingNotFound, KernelSettingErrors.NotFound(shortName), pattern);
                }
            }
            else if (names.FirstOrDefault(n => string.Equals(n, shortName, StringComparison.OrdinalIgnoreCase)) is { } found)
            {
                wanted.Add(found);
            }
            else
            {
                WriteSctpError(ErrorCatalog.GetKernelSettingNotFound, KernelSettingErrors.NotFound(shortName), pattern);
            }
        }
        foreach (var name in wanted.Distinct())
        {
            try
            {
                WriteObject(SctpKernelSettings.Get(name));
            }
            catch (SctpException e)
            {
                WriteSctpError(e.Errno == Errno.ENOENT ? ErrorCatalog.GetKernelSettingNotFound : ErrorCatalog.GetKernelSettingFailed, e, name);
            }
        }
    }
}

/// <summary>Exceptions the two kernel setting cmdlets share.</summary>
internal static class KernelSettingErrors
{
    public static SctpException NotLoaded() =>
        new(Errno.ENOENT, "open",
            $"{SctpKernelSettings.Root} does not exist ({Errno.ENOENT.Format()}): the sctp module is not loaded, so there are no net.sctp settings. {SctpSupport.Probe().Remedy}");

    public static SctpException NotFound(string name) =>
        new(Errno.ENOENT, "open",
            $"This kernel has no setting {SctpKernelSettings.Prefix}{name} ({Errno.ENOENT.Format()}). Get-SctpKernelSetting lists the ones it has.");
}

/// <summary>Tab completion for kernel setting names: the files under /proc/sys/net/sctp, with their descriptions.</summary>
public sealed class KernelSettingNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                          CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (!SctpKernelSettings.IsAvailable) return Array.Empty<CompletionResult>();
        string word = SctpKernelSettings.ShortName(wordToComplete.Trim('\'', '"'));
        return SctpKernelSettings.Names()
            .Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue,
                SctpKernelSettings.FindDefinition(n)?.Description is { Length: > 0 } d ? d : SctpKernelSettings.Prefix + n));
    }
}
