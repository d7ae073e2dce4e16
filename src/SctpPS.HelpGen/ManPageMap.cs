using System.Text.Json;
using SctpPS.HelpGen.Docs;
using SctpPS.HelpGen.Roff;

namespace SctpPS.HelpGen;

/// <summary>One mapped man page section: which page, which section, and optionally which .TP items of it.</summary>
public sealed class ManSectionRef
{
    public string Page { get; set; } = "";
    public string Section { get; set; } = "";
    public string Heading { get; set; } = "";

    /// <summary>Only these tagged items (sctp(7)'s SOCKET OPTIONS: "SCTP_PRIMARY_ADDR"); empty: the whole section.</summary>
    public List<string> Items { get; set; } = new();

    public override string ToString() => $"{Page}({Section}) {Heading}{(Items.Count > 0 ? $" [{string.Join(", ", Items)}]" : "")}";
}

/// <summary>A mapped man page or section that is not there: says which, and how to get it.</summary>
public sealed class ManPageMissingException : Exception
{
    public ManPageMissingException(string message) : base(message) { }
}

/// <summary>
/// docs/ManPages.json: which man page sections feed which cmdlet's help. The pages are read
/// at build time from the man path and never copied into the repository.
/// </summary>
public sealed class ManPageMap
{
    private readonly Dictionary<string, List<ManSectionRef>> _map;
    private readonly string _manPath;
    private readonly Action<string> _warn;
    private readonly Dictionary<string, ManPage> _pages = new();

    public ManPageMap(string mapFile, string manPath, Action<string> warn)
    {
        _map = JsonSerializer.Deserialize<Dictionary<string, List<ManSectionRef>>>(File.ReadAllText(mapFile),
                   new JsonSerializerOptions { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip })
               ?? new();
        MapFile = mapFile;
        _manPath = manPath;
        _warn = warn;
    }

    public string MapFile { get; }

    public IReadOnlyList<ManSectionRef> For(string cmdlet) => _map.TryGetValue(cmdlet, out var refs) ? refs : Array.Empty<ManSectionRef>();

    public IEnumerable<string> Cmdlets => _map.Keys;

    /// <summary>The help text of one mapped section, led by a line that names page and section.</summary>
    public List<HelpText> Render(string cmdlet, ManSectionRef reference)
    {
        var page = Load(reference.Page, reference.Section);
        var section = page.Find(reference.Heading)
            ?? throw new ManPageMissingException(
                $"{reference.Page}({reference.Section}) has no section '{reference.Heading}' (it has: {string.Join(", ", page.Sections.Select(s => s.Name))}); " +
                $"{MapFile} maps it to {cmdlet}. Fix the map, or check that {page.Path} is the lksctp page (Debian package libsctp-dev).");
        var blocks = section.Blocks;
        if (reference.Items.Count > 0)
        {
            blocks = new List<ManBlock>();
            foreach (var item in reference.Items)
            {
                int start = section.Blocks.FindIndex(b => b is ManTaggedParagraph t && Tag(t) == item);
                if (start < 0)
                    throw new ManPageMissingException($"{reference.Page}({reference.Section}) section '{reference.Heading}' has no item '{item}'; {MapFile} maps it to {cmdlet}.");
                blocks.Add(section.Blocks[start]);
                blocks.AddRange(section.Blocks.Skip(start + 1).TakeWhile(b => b is ManParagraph or ManVerbatim));
            }
        }
        var texts = new List<HelpText> { new($"From the man page {reference.Page}({reference.Section}), {reference.Heading}{(reference.Items.Count > 0 ? " (" + string.Join(", ", reference.Items) + ")" : "")}:") };
        foreach (var block in blocks)
        {
            texts.Add(block switch
            {
                ManParagraph p => new HelpText(p.Text),
                ManTaggedParagraph t when t.Text.Length == 0 => new HelpText(t.Tag),
                ManTaggedParagraph t => new HelpText($"{t.Tag}: {t.Text}"),
                ManVerbatim v => new HelpText(v.Text, IsCode: true),
                ManSubheading s => new HelpText(s.Text.ToUpperInvariant()),
                _ => throw new InvalidOperationException(block.GetType().Name),
            });
        }
        return texts;
    }

    private static string Tag(ManTaggedParagraph t) => t.Tag.TrimEnd('.', ' ');

    /// <summary>man{section}/{page}.{section}[.gz] under the man path.</summary>
    public ManPage Load(string name, string section)
    {
        string key = $"{name}.{section}";
        if (_pages.TryGetValue(key, out var cached)) return cached;
        string folder = Path.Combine(_manPath, $"man{section}");
        var candidates = new[] { Path.Combine(folder, $"{key}.gz"), Path.Combine(folder, key) };
        string path = candidates.FirstOrDefault(File.Exists)
            ?? throw new ManPageMissingException(
                $"The man page {name}({section}) is missing: looked for {string.Join(" and ", candidates)}. " +
                "The lksctp man pages come with the Debian package libsctp-dev (apt-get install libsctp-dev); " +
                "or point build.ps1 -ManPath at a folder that holds man3/ and man7/.");
        var page = ManPage.Load(path, _warn);
        _pages[key] = page;
        return page;
    }
}
