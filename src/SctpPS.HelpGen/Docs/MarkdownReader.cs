using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Serialization;

namespace SctpPS.HelpGen.Docs;

/// <summary>
/// Reads PlatyPS schema 2.0.0 markdown (cmdlet files and about_ topics) with Markdig, and
/// checks the schema as it goes: a file that breaks it fails with file and line.
/// </summary>
public static class MarkdownReader
{
    public static readonly string[] CmdletSections =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly string[] ParameterKeys =
        { "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" };

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static CmdletDoc ReadCmdlet(string path)
    {
        string source = File.ReadAllText(path).Replace("\r\n", "\n");
        var document = Markdown.Parse(source, Pipeline);
        var doc = new CmdletDoc { Path = path };
        var blocks = document.ToList();
        int Line(Block b) => b.Line + 1;
        DocsSchemaException Error(Block? b, string message) => new(path, b is null ? 1 : Line(b), message);

        if (blocks.FirstOrDefault() is not YamlFrontMatterBlock front)
            throw Error(null, "the file must start with a YAML front matter block (--- ... ---) holding 'schema: 2.0.0'.");
        ReadFrontMatter(front, source, doc.Metadata, path);
        if (!doc.Metadata.TryGetValue("schema", out var schema) || schema != "2.0.0")
            throw Error(front, $"the front matter must say 'schema: 2.0.0' (found '{schema}').");
        foreach (var key in new[] { "external help file", "Module Name" })
            if (!doc.Metadata.ContainsKey(key)) throw Error(front, $"the front matter lacks '{key}'.");

        int index = 1;
        if (index >= blocks.Count || blocks[index] is not HeadingBlock { Level: 1 } title)
            throw Error(index < blocks.Count ? blocks[index] : front, "a '# Cmdlet-Name' heading must follow the front matter.");
        doc.Name = HeadingText(title, source);
        string expected = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(doc.Name, expected, StringComparison.Ordinal))
            throw Error(title, $"the title '# {doc.Name}' must be the file's name, '{expected}'.");
        index++;

        int sectionIndex = -1;
        while (index < blocks.Count)
        {
            var block = blocks[index];
            if (block is not HeadingBlock { Level: 2 } h2)
                throw Error(block, $"expected a '## SECTION' heading ({string.Join(", ", CmdletSections)}), found {Describe(block, source)}.");
            string name = HeadingText(h2, source);
            int position = Array.IndexOf(CmdletSections, name);
            if (position < 0)
                throw Error(h2, $"'## {name}' is not a section of the schema ({string.Join(", ", CmdletSections)}).");
            if (position <= sectionIndex)
                throw Error(h2, $"'## {name}' is out of order: the sections are {string.Join(", ", CmdletSections)}.");
            if (position > sectionIndex + 1)
                throw Error(h2, $"'## {CmdletSections[sectionIndex + 1]}' is missing before '## {name}'.");
            sectionIndex = position;
            index++;
            int end = index;
            while (end < blocks.Count && blocks[end] is not HeadingBlock { Level: <= 2 }) end++;
            var body = blocks.GetRange(index, end - index);
            switch (name)
            {
                case "SYNOPSIS": doc.Synopsis.AddRange(Texts(body, source, path)); break;
                case "SYNTAX": ReadSyntax(body, source, path, doc); break;
                case "DESCRIPTION": doc.Description.AddRange(Texts(body, source, path)); break;
                case "EXAMPLES": ReadExamples(body, source, path, doc); break;
                case "PARAMETERS": ReadParameters(body, source, path, doc); break;
                case "INPUTS": doc.Inputs.AddRange(ReadTypes(body, source, path)); break;
                case "OUTPUTS": doc.Outputs.AddRange(ReadTypes(body, source, path)); break;
                case "NOTES": doc.Notes.AddRange(Texts(body, source, path)); break;
                case "RELATED LINKS": doc.Links.AddRange(ReadLinks(body, source, path)); break;
            }
            index = end;
        }
        if (sectionIndex < CmdletSections.Length - 1)
            throw new DocsSchemaException(path, source.Count(c => c == '\n') + 1, $"'## {CmdletSections[sectionIndex + 1]}' is missing.");
        return doc;
    }

    public static AboutDoc ReadAbout(string path)
    {
        string source = File.ReadAllText(path).Replace("\r\n", "\n");
        var blocks = Markdown.Parse(source, Pipeline).ToList();
        var doc = new AboutDoc { Path = path };
        int index = blocks.FirstOrDefault() is YamlFrontMatterBlock ? 1 : 0;
        if (index >= blocks.Count || blocks[index] is not HeadingBlock { Level: 1 } title)
            throw new DocsSchemaException(path, 1, "an about topic starts with '# about_Name'.");
        doc.Name = HeadingText(title, source);
        if (doc.Name != Path.GetFileNameWithoutExtension(path))
            throw new DocsSchemaException(path, title.Line + 1, $"the title '# {doc.Name}' must be the file's name.");
        string? part = null;
        string? heading = null;
        foreach (var block in blocks.Skip(index + 1))
        {
            if (block is HeadingBlock h)
            {
                string text = HeadingText(h, source);
                if (h.Level == 1 && text is "SHORT DESCRIPTION" or "LONG DESCRIPTION") { part = text; heading = null; continue; }
                if (h.Level == 2 && part is null && text == doc.Name) continue; // PlatyPS repeats the name as ## 
                if (part == "LONG DESCRIPTION" && h.Level >= 2) { heading = text; continue; }
                throw new DocsSchemaException(path, h.Line + 1, $"unexpected heading '{text}': an about topic has '# SHORT DESCRIPTION' and '# LONG DESCRIPTION' (with ## subsections).");
            }
            if (part is null)
                throw new DocsSchemaException(path, block.Line + 1, "text before '# SHORT DESCRIPTION'.");
            foreach (var text in Texts(new List<Block> { block }, source, path))
            {
                if (part == "SHORT DESCRIPTION") doc.ShortDescription.Add(text);
                else doc.LongDescription.Add((heading, text));
                heading = null;
            }
        }
        if (doc.ShortDescription.Count == 0) throw new DocsSchemaException(path, 1, "'# SHORT DESCRIPTION' is missing or empty.");
        if (doc.LongDescription.Count == 0) throw new DocsSchemaException(path, 1, "'# LONG DESCRIPTION' is missing or empty.");
        return doc;
    }

    private static void ReadFrontMatter(YamlFrontMatterBlock front, string source, Dictionary<string, string> into, string path)
    {
        string yaml = string.Join('\n', front.Lines.Lines.Take(front.Lines.Count).Select(l => l.ToString()).Where(l => l.Trim() != "---"));
        try
        {
            var values = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string?>>(yaml) ?? new();
            foreach (var (k, v) in values) into[k] = v ?? "";
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new DocsSchemaException(path, front.Line + 1 + (int)e.Start.Line, $"the front matter is not valid YAML: {e.Message}");
        }
    }

    private static void ReadSyntax(List<Block> body, string source, string path, CmdletDoc doc)
    {
        string? set = null;
        bool isDefault = false;
        foreach (var block in body)
        {
            if (block is HeadingBlock { Level: 3 } h)
            {
                set = HeadingText(h, source);
                isDefault = set.EndsWith("(Default)", StringComparison.Ordinal);
                set = set.Replace("(Default)", "").Trim();
            }
            else if (block is FencedCodeBlock code && set is not null)
                doc.Syntax.Add((set, isDefault, CodeText(code).Trim()));
            else
                throw new DocsSchemaException(path, block.Line + 1, "SYNTAX holds '### SetName' headings, each followed by one code block.");
        }
    }

    private static void ReadExamples(List<Block> body, string source, string path, CmdletDoc doc)
    {
        ExampleDoc? example = null;
        foreach (var block in body)
        {
            if (block is HeadingBlock { Level: 3 } h)
            {
                string title = HeadingText(h, source);
                if (!title.StartsWith("Example", StringComparison.Ordinal))
                    throw new DocsSchemaException(path, h.Line + 1, $"an example's heading starts with 'Example' (found '### {title}').");
                example = new ExampleDoc { Title = title };
                doc.Examples.Add(example);
            }
            else if (example is null)
                throw new DocsSchemaException(path, block.Line + 1, "EXAMPLES starts with an '### Example N: title' heading.");
            else if (block is FencedCodeBlock code && example.Code.Length == 0)
                example.Code = CodeText(code).TrimEnd();
            else
                example.Remarks.AddRange(Texts(new List<Block> { block }, source, path));
        }
        foreach (var e in doc.Examples.Where(e => e.Code.Length == 0))
            throw new DocsSchemaException(path, 1, $"'### {e.Title}' has no code block.");
    }

    private static void ReadParameters(List<Block> body, string source, string path, CmdletDoc doc)
    {
        ParameterDoc? parameter = null;
        bool common = false;
        foreach (var block in body)
        {
            if (block is HeadingBlock { Level: 3 } h)
            {
                string name = HeadingText(h, source);
                common = name == "CommonParameters";
                if (common) { doc.CommonParameters = true; parameter = null; continue; }
                if (!name.StartsWith('-'))
                    throw new DocsSchemaException(path, h.Line + 1, $"a parameter heading is '### -Name' (found '### {name}').");
                parameter = new ParameterDoc { Name = name[1..], Line = h.Line + 1 };
                doc.Parameters.Add(parameter);
                continue;
            }
            if (common) continue;
            if (parameter is null)
                throw new DocsSchemaException(path, block.Line + 1, "PARAMETERS starts with a '### -Name' heading.");
            if (block is FencedCodeBlock { Info: "yaml" } yaml)
                ReadParameterYaml(parameter, CodeText(yaml), path, yaml.Line + 1);
            else
                parameter.Description.AddRange(Texts(new List<Block> { block }, source, path));
        }
        foreach (var p in doc.Parameters.Where(p => p.Type.Length == 0))
            throw new DocsSchemaException(path, p.Line, $"'### -{p.Name}' has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, ...).");
    }

    private static void ReadParameterYaml(ParameterDoc parameter, string yaml, string path, int line)
    {
        Dictionary<string, string?> values;
        try
        {
            values = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string?>>(yaml) ?? new();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new DocsSchemaException(path, line + (int)e.Start.Line, $"the yaml block of -{parameter.Name} is not valid YAML: {e.Message}");
        }
        foreach (var key in ParameterKeys)
            if (!values.ContainsKey(key))
                throw new DocsSchemaException(path, line, $"the yaml block of -{parameter.Name} lacks '{key}:'.");
        foreach (var key in values.Keys.Except(ParameterKeys))
            throw new DocsSchemaException(path, line, $"the yaml block of -{parameter.Name} has an unknown key '{key}:'.");
        parameter.Type = values["Type"] ?? "";
        parameter.ParameterSets = values["Parameter Sets"] ?? "";
        parameter.Aliases = values["Aliases"] ?? "None";
        parameter.Required = values["Required"] ?? "";
        parameter.Position = values["Position"] ?? "";
        parameter.DefaultValue = values["Default value"] ?? "None";
        parameter.PipelineInput = values["Accept pipeline input"] ?? "";
        parameter.Wildcard = values["Accept wildcard characters"] ?? "";
    }

    private static List<TypeDoc> ReadTypes(List<Block> body, string source, string path)
    {
        var types = new List<TypeDoc>();
        foreach (var block in body)
        {
            if (block is HeadingBlock { Level: 3 } h) types.Add(new TypeDoc { Type = HeadingText(h, source) });
            else if (types.Count == 0) throw new DocsSchemaException(path, block.Line + 1, "INPUTS and OUTPUTS hold '### TypeName' headings, each with a description.");
            else types[^1].Description.AddRange(Texts(new List<Block> { block }, source, path));
        }
        return types;
    }

    private static List<LinkDoc> ReadLinks(List<Block> body, string source, string path)
    {
        var links = new List<LinkDoc>();
        foreach (var block in body)
        {
            string text = Slice(block, source);
            var matches = Regex.Matches(text, @"\[([^\]]+)\]\(([^)]*)\)");
            if (matches.Count == 0)
                throw new DocsSchemaException(path, block.Line + 1, "RELATED LINKS holds markdown links, [text](uri), one per line.");
            links.AddRange(matches.Select(m => new LinkDoc { Text = m.Groups[1].Value, Uri = m.Groups[2].Value }));
        }
        return links;
    }

    /// <summary>Paragraphs reflowed to one line each; list items one each; code blocks kept line by line.</summary>
    private static IEnumerable<HelpText> Texts(List<Block> blocks, string source, string path)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    yield return new HelpText(Reflow(Slice(p, source)));
                    break;
                case FencedCodeBlock code:
                    yield return new HelpText(CodeText(code).TrimEnd(), IsCode: true);
                    break;
                case CodeBlock indented:
                    yield return new HelpText(string.Join('\n', indented.Lines.Lines.Take(indented.Lines.Count).Select(l => l.ToString())).TrimEnd(), IsCode: true);
                    break;
                case ListBlock list:
                    foreach (var item in list.OfType<ListItemBlock>())
                        yield return new HelpText("- " + Reflow(Regex.Replace(Slice(item, source), @"^\s*([-*+]|\d+[.)])\s+", "")));
                    break;
                case HeadingBlock h:
                    throw new DocsSchemaException(path, h.Line + 1, $"a heading is not allowed here ('{HeadingText(h, source)}').");
                default:
                    throw new DocsSchemaException(path, block.Line + 1, $"{Describe(block, source)} is not allowed here: use paragraphs, lists and code blocks.");
            }
        }
    }

    private static string Slice(Block block, string source) => source.Substring(block.Span.Start, block.Span.Length);

    private static string Reflow(string text) => Regex.Replace(text.Trim(), @"\s*\n\s*", " ");

    private static string HeadingText(HeadingBlock heading, string source) => Slice(heading, source).TrimStart('#').Trim();

    private static string CodeText(FencedCodeBlock code) =>
        string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString()));

    private static string Describe(Block block, string source) => block switch
    {
        HeadingBlock h => $"heading '{Slice(h, source).Trim()}'",
        ParagraphBlock => "a paragraph",
        FencedCodeBlock => "a code block",
        _ => block.GetType().Name,
    };
}
