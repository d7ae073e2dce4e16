using SctpPS.HelpGen;
using SctpPS.HelpGen.Docs;

// sctpps-helpgen --docs DIR --man-path DIR --out DIR --markdown-out DIR
// sctpps-helpgen --docs DIR --update-docs
var options = new Dictionary<string, string>();
bool update = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--update-docs") { update = true; continue; }
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"Usage: SctpPS.HelpGen --docs DIR [--man-path DIR] (--out DIR --markdown-out DIR | --update-docs); unexpected '{args[i]}'.");
        return 2;
    }
    options[args[i][2..]] = args[++i];
}

int warnings = 0;
void Warn(string message)
{
    warnings++;
    Console.Error.WriteLine($"warning: {message}");
}

try
{
    var builder = new HelpBuilder(options.GetValueOrDefault("docs", "docs"), options.GetValueOrDefault("man-path", "/usr/share/man"), Warn);
    if (update)
    {
        foreach (var path in builder.UpdateDocs()) Console.WriteLine($"updated {path}");
        return 0;
    }
    if (!options.TryGetValue("out", out var helpOut) || !options.TryGetValue("markdown-out", out var markdownOut))
    {
        Console.Error.WriteLine("SctpPS.HelpGen: --out and --markdown-out are needed.");
        return 2;
    }
    builder.Build(helpOut, markdownOut);
    Console.WriteLine($"help for {builder.Cmdlets.Count} cmdlets -> {Path.Combine(helpOut, HelpBuilder.HelpFileName)}{(warnings > 0 ? $" ({warnings} warnings)" : "")}");
    return 0;
}
catch (Exception e) when (e is DocsSchemaException or ManPageMissingException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
