using System.Text;
using SctpPS.Commands;
using SctpPS.HelpGen.Docs;

namespace SctpPS.HelpGen;

/// <summary>
/// docs/*.md (the project's words) + mapped man page sections (read now, from the man path) +
/// the error catalogue -> merged PlatyPS markdown, MAML and the about topic's text.
/// </summary>
public sealed class HelpBuilder
{
    public const string ModuleName = "SctpPS";
    public const string HelpFileName = "SctpPS.dll-Help.xml";
    private readonly string _docs;
    private readonly ManPageMap _map;
    private readonly IReadOnlyList<CmdletMetadata> _cmdlets;

    public HelpBuilder(string docs, string manPath, Action<string> warn)
    {
        _docs = docs;
        _map = new ManPageMap(Path.Combine(docs, "ManPages.json"), manPath, warn);
        _cmdlets = CmdletMetadata.FromAssembly(typeof(SctpSocket).Assembly);
    }

    public IReadOnlyList<CmdletMetadata> Cmdlets => _cmdlets;

    /// <summary>Reads, checks and merges every cmdlet's help and the about topics, and writes them out.</summary>
    /// <exception cref="DocsSchemaException">A markdown file breaks the schema or disagrees with its cmdlet.</exception>
    /// <exception cref="ManPageMissingException">A mapped man page or section is not there.</exception>
    public void Build(string helpOut, string markdownOut)
    {
        foreach (var cmdlet in _map.Cmdlets.Where(c => _cmdlets.All(m => m.Name != c)))
            throw new DocsSchemaException(_map.MapFile, 1, $"'{cmdlet}' is not a cmdlet of the module.");
        foreach (var file in Directory.GetFiles(_docs, "*-*.md"))
            if (_cmdlets.All(m => m.Name != Path.GetFileNameWithoutExtension(file)))
                throw new DocsSchemaException(file, 1, "there is no cmdlet of that name in the module.");

        var merged = new List<(CmdletDoc, CmdletMetadata)>();
        foreach (var metadata in _cmdlets)
        {
            var doc = MarkdownReader.ReadCmdlet(DocPath(metadata));
            Check(doc, metadata);
            merged.Add((Merge(doc, metadata), metadata));
        }
        var abouts = Directory.GetFiles(_docs, "about_*.md").Select(MarkdownReader.ReadAbout).ToList();

        Directory.CreateDirectory(helpOut);
        Directory.CreateDirectory(markdownOut);
        foreach (var (doc, _) in merged)
            File.WriteAllText(Path.Combine(markdownOut, doc.Name + ".md"), MarkdownWriter.Write(doc));
        foreach (var about in abouts)
        {
            File.Copy(about.Path, Path.Combine(markdownOut, Path.GetFileName(about.Path)), overwrite: true);
            File.WriteAllText(Path.Combine(helpOut, about.Name + ".help.txt"), AboutTextWriter.Write(about));
        }
        MamlWriter.Write(merged).Save(Path.Combine(helpOut, HelpFileName));
    }

    private string DocPath(CmdletMetadata metadata)
    {
        string path = Path.Combine(_docs, metadata.Name + ".md");
        if (!File.Exists(path))
            throw new DocsSchemaException(path, 1, $"{metadata.Name} has no help file; 'build.ps1 -Task Help -UpdateDocs' writes one to fill in.");
        return path;
    }

    /// <summary>The markdown must describe the cmdlet as PowerShell sees it, in full and without placeholders.</summary>
    private static void Check(CmdletDoc doc, CmdletMetadata metadata)
    {
        string path = doc.Path;
        const string Fix = "run 'build.ps1 -Task Help -UpdateDocs' to bring the markdown in line with the cmdlet";
        var expected = metadata.Syntax.Select(s => s.Line).ToList();
        var found = doc.Syntax.Select(s => s.Line).ToList();
        if (!expected.SequenceEqual(found))
            throw new DocsSchemaException(path, 1, $"SYNTAX differs from the cmdlet ({Fix}). The cmdlet: {string.Join(" | ", expected)}");
        var parameters = metadata.Parameters.ToList();
        foreach (var p in parameters)
        {
            var d = doc.Parameters.FirstOrDefault(x => x.Name == p.Name)
                ?? throw new DocsSchemaException(path, 1, $"parameter -{p.Name} is not documented ({Fix}).");
            foreach (var (field, want, have) in new[]
            {
                ("Type", p.Type, d.Type), ("Parameter Sets", p.ParameterSets, d.ParameterSets), ("Aliases", p.Aliases, d.Aliases),
                ("Required", p.Required, d.Required), ("Position", p.Position, d.Position), ("Accept pipeline input", p.PipelineInput, d.PipelineInput),
            })
            {
                if (want != have)
                    throw new DocsSchemaException(path, d.Line, $"-{p.Name} says '{field}: {have}', the cmdlet has '{want}' ({Fix}).");
            }
            if (d.Description.Count == 0)
                throw new DocsSchemaException(path, d.Line, $"-{p.Name} has no description.");
        }
        foreach (var extra in doc.Parameters.Where(d => parameters.All(p => p.Name != d.Name)))
            throw new DocsSchemaException(path, extra.Line, $"-{extra.Name} is not a parameter of {metadata.Name} ({Fix}).");
        if (doc.Synopsis.Count == 0) throw new DocsSchemaException(path, 1, "SYNOPSIS is empty.");
        if (doc.Description.Count == 0) throw new DocsSchemaException(path, 1, "DESCRIPTION is empty.");
        if (doc.Examples.Count < 2) throw new DocsSchemaException(path, 1, $"{metadata.Name} needs at least two examples (has {doc.Examples.Count}).");
        if (doc.Inputs.Count == 0 || doc.Outputs.Count == 0) throw new DocsSchemaException(path, 1, "INPUTS and OUTPUTS each need at least one type (or None).");
        if (doc.Links.Count == 0) throw new DocsSchemaException(path, 1, "RELATED LINKS is empty.");
        string all = MarkdownWriter.Write(doc);
        int placeholder = all.IndexOf("{{", StringComparison.Ordinal);
        if (placeholder >= 0)
        {
            string text = all[placeholder..Math.Min(all.Length, placeholder + 60)].Split('\n')[0];
            throw new DocsSchemaException(path, 1, $"placeholder text left to fill in: '{text}'.");
        }
    }

    /// <summary>
    /// The project's words, then the mapped man page sections, for the kernel-setting cmdlets each
    /// setting's meaning, and the errors from the catalogue in NOTES.
    /// </summary>
    private CmdletDoc Merge(CmdletDoc doc, CmdletMetadata metadata)
    {
        foreach (var reference in _map.For(metadata.Name))
            doc.Description.AddRange(_map.Render(metadata.Name, reference));
        if (metadata.Name is "Get-SctpKernelSetting" or "Set-SctpKernelSetting")
            doc.Description.AddRange(KernelSettingsText());
        var errors = ErrorCatalog.For(metadata.Name).ToList();
        doc.Notes.Add(new HelpText($"ERRORS. {metadata.Name} writes these errors, by ErrorId (category; errno): when. " +
                                   "Scripts can branch on $_.FullyQualifiedErrorId or $_.CategoryInfo.Category."));
        foreach (var e in errors)
        {
            string errno = e.Errno is { } n ? $"; {n}, errno {(int)n}" : "";
            doc.Notes.Add(new HelpText($"{e.ErrorId} ({e.Category}{errno}): {e.When}"));
        }
        return doc;
    }

    /// <summary>
    /// What each net.sctp.* setting does, from the module's own table (SctpKernelSettings.Known): sctp(7)'s
    /// SYSCTLS section names none of them (it points to the kernel's ip-sysctl documentation).
    /// </summary>
    private static IEnumerable<HelpText> KernelSettingsText()
    {
        yield return new HelpText("THE SETTINGS. What each net.sctp.* setting of Linux 6.1 does, with its kind and unit " +
                                  "(a newer kernel's settings are listed too, without a description):");
        foreach (var d in SctpKernelSettings.Known)
        {
            string unit = d.Unit.Length > 0 ? $", {d.Unit}" : "";
            yield return new HelpText($"{d.Name} ({d.Kind}{unit}): {d.Description}");
        }
    }

    /// <summary>
    /// Brings docs/*.md in line with the cmdlets, as PlatyPS's Update-MarkdownHelp does: syntax and
    /// parameter metadata from the cmdlet; descriptions, examples and default values kept; a new
    /// cmdlet or parameter gets {{ placeholders }} that the build refuses until they are filled in.
    /// </summary>
    public IReadOnlyList<string> UpdateDocs()
    {
        var written = new List<string>();
        foreach (var metadata in _cmdlets)
        {
            string path = Path.Combine(_docs, metadata.Name + ".md");
            var doc = File.Exists(path) ? MarkdownReader.ReadCmdlet(path) : Skeleton(metadata);
            doc.Syntax.Clear();
            doc.Syntax.AddRange(metadata.Syntax);
            var old = doc.Parameters.ToDictionary(p => p.Name);
            doc.Parameters.Clear();
            foreach (var p in metadata.Parameters)
            {
                if (old.TryGetValue(p.Name, out var kept))
                {
                    p.Description.AddRange(kept.Description);
                    p.DefaultValue = kept.DefaultValue;
                }
                else
                {
                    p.Description.Add(new HelpText($"{{{{ Fill {p.Name} Description }}}}"));
                }
                doc.Parameters.Add(p);
            }
            string text = MarkdownWriter.Write(doc);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
                written.Add(path);
            }
        }
        return written;
    }

    private static CmdletDoc Skeleton(CmdletMetadata metadata)
    {
        var doc = new CmdletDoc { Name = metadata.Name };
        doc.Metadata["external help file"] = HelpFileName;
        doc.Metadata["Module Name"] = ModuleName;
        doc.Metadata["online version"] = "";
        doc.Metadata["schema"] = "2.0.0";
        doc.Synopsis.Add(new HelpText("{{ Fill in the Synopsis }}"));
        doc.Description.Add(new HelpText("{{ Fill in the Description }}"));
        for (int i = 1; i <= 2; i++)
        {
            var example = new ExampleDoc { Title = $"Example {i}: {{{{ Add title here }}}}", Code = "{{ Add code here }}" };
            example.Remarks.Add(new HelpText("{{ Add example description here }}"));
            doc.Examples.Add(example);
        }
        foreach (var type in metadata.PipelineTypes.DefaultIfEmpty())
            doc.Inputs.Add(new TypeDoc { Type = type?.FullName ?? "None", Description = { new HelpText("{{ Fill in the Description }}") } });
        foreach (var type in metadata.OutputTypes)
            doc.Outputs.Add(new TypeDoc { Type = type.FullName!, Description = { new HelpText("{{ Fill in the Description }}") } });
        doc.Links.Add(new LinkDoc { Text = "about_SctpPS", Uri = "about_SctpPS.md" });
        return doc;
    }
}
