using System.IO.Compression;
using System.Text;

namespace SctpPS.HelpGen.Roff;

/// <summary>A block of a man page section, in reading order.</summary>
public abstract record ManBlock;

/// <summary>Filled text (.PP, .LP, a blank line, or text after a heading).</summary>
public sealed record ManParagraph(string Text) : ManBlock;

/// <summary>A tagged paragraph (.TP, or .IP with a tag): "EBADF" and what it means.</summary>
public sealed record ManTaggedParagraph(string Tag, string Text) : ManBlock;

/// <summary>Lines kept as they are (.nf ... .fi): code, synopses.</summary>
public sealed record ManVerbatim(string Text) : ManBlock;

/// <summary>A subsection heading (.SS).</summary>
public sealed record ManSubheading(string Text) : ManBlock;

public sealed class ManSection
{
    public ManSection(string name) => Name = name;
    public string Name { get; }
    public List<ManBlock> Blocks { get; } = new();
}

/// <summary>One man page, read from its roff source.</summary>
public sealed class ManPage
{
    public ManPage(string path, string title, string section, List<ManSection> sections)
    {
        Path = path;
        Title = title;
        Section = section;
        Sections = sections;
    }

    public string Path { get; }

    /// <summary>.TH's first argument, e.g. SCTP_PEELOFF.</summary>
    public string Title { get; }
    public string Section { get; }
    public List<ManSection> Sections { get; }

    public ManSection? Find(string name) =>
        Sections.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a man page file, gzip-compressed (name ends in .gz) or not.</summary>
    public static ManPage Load(string path, Action<string> warn)
    {
        using var file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input, Encoding.UTF8);
        return RoffReader.Parse(reader.ReadToEnd(), path, warn);
    }
}

/// <summary>
/// Reads the roff (man macro) subset the lksctp pages use: .TH .SH .SS .TP .PP .LP .P .IP .B .I
/// .BI .BR .IR .RB .IB .RI .SB .SM .nf .fi .sp .br .in .ad .na .ne .hy .nh, the escapes \fB \fI \fR \fP \- \e
/// \&amp; and comments. An unknown macro is a warning naming file and line, and its arguments are
/// kept as text: nothing is dropped silently.
/// </summary>
public static class RoffReader
{
    // Macros that change only layout; their arguments are not text.
    private static readonly HashSet<string> LayoutOnly = new() { "in", "ad", "na", "ne", "hy", "nh", "PD", "RS", "RE", "UC", "ft", "ps", "vs", "ll" };

    public static ManPage Parse(string source, string path, Action<string> warn)
    {
        var sections = new List<ManSection>();
        ManSection? section = null;
        string title = "", manSection = "";
        var text = new StringBuilder();     // the paragraph being filled
        string? tag = null;                 // the tag of the current .TP/.IP paragraph
        bool expectTag = false;             // the next text line is a .TP tag
        bool verbatim = false;
        var lines = source.Replace("\r\n", "\n").Split('\n');

        void Flush()
        {
            if (section is null) { text.Clear(); tag = null; return; }
            string body = verbatim ? text.ToString().TrimEnd('\n') : Collapse(text.ToString());
            if (verbatim && body.Length > 0) section.Blocks.Add(new ManVerbatim(body));
            else if (tag is not null) section.Blocks.Add(new ManTaggedParagraph(tag, body));
            else if (body.Length > 0) section.Blocks.Add(new ManParagraph(body));
            text.Clear();
            tag = null;
        }

        void AddText(string value)
        {
            if (expectTag)
            {
                tag = Collapse(value);
                expectTag = false;
                return;
            }
            if (verbatim) text.Append(value).Append('\n');
            else text.Append(value).Append(' ');
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i];
            int lineNumber = i + 1;
            if (raw.StartsWith(".\\\"", StringComparison.Ordinal) || raw.StartsWith("'\\\"", StringComparison.Ordinal) || raw == ".")
                continue; // comment line, or an empty request
            string line = StripComment(raw);
            if (raw.Length > 0 && raw.Length != line.Length && line.Trim().Length == 0)
                continue; // a line that was only a comment

            if (line.StartsWith('.') || line.StartsWith('\''))
            {
                var (name, args) = SplitRequest(line[1..]);
                switch (name)
                {
                    case "TH":
                        title = args.ElementAtOrDefault(0) ?? "";
                        manSection = args.ElementAtOrDefault(1) ?? "";
                        break;
                    case "SH":
                    case "SS":
                        Flush();
                        expectTag = false;
                        string heading = args.Count > 0 ? Unescape(string.Join(' ', args)) : Unescape(lines.ElementAtOrDefault(++i) ?? "");
                        if (name == "SH")
                        {
                            section = new ManSection(heading.Trim());
                            sections.Add(section);
                        }
                        else
                        {
                            section?.Blocks.Add(new ManSubheading(heading.Trim()));
                        }
                        break;
                    case "PP":
                    case "LP":
                    case "P":
                        Flush();
                        expectTag = false;
                        break;
                    case "TP":
                        Flush();
                        expectTag = true;
                        break;
                    case "IP":
                        Flush();
                        if (args.Count > 0 && args[0].Length > 0) tag = Unescape(args[0]);
                        break;
                    case "B":
                    case "I":
                    case "SB":
                    case "SM":
                        if (args.Count > 0) AddText(Unescape(string.Join(' ', args)));
                        else if (i + 1 < lines.Length) AddText(Unescape(StripComment(lines[++i])));
                        break;
                    case "BI":
                    case "BR":
                    case "IR":
                    case "RB":
                    case "IB":
                    case "RI":
                        // Alternating fonts: the arguments run together without spaces.
                        AddText(Unescape(string.Concat(args)));
                        break;
                    case "nf":
                        Flush();
                        verbatim = true;
                        break;
                    case "fi":
                        Flush();
                        verbatim = false;
                        break;
                    case "sp":
                        if (verbatim) text.Append('\n');
                        else Flush();
                        break;
                    case "br":
                        if (verbatim) break;
                        if (expectTag) break;
                        text.Append('\n');
                        break;
                    default:
                        if (LayoutOnly.Contains(name)) break;
                        warn($"{path}:{lineNumber}: unknown roff macro .{name}; its text is kept as plain text.");
                        if (args.Count > 0) AddText(Unescape(string.Join(' ', args)));
                        break;
                }
                continue;
            }

            if (line.Trim().Length == 0)
            {
                if (verbatim) text.Append('\n');
                else { Flush(); expectTag = false; }
                continue;
            }
            AddText(Unescape(line));
        }
        Flush();
        return new ManPage(path, title, manSection, sections);
    }

    /// <summary>Removes a \" comment (but not an escaped backslash followed by a quote).</summary>
    private static string StripComment(string line)
    {
        for (int i = 0; i < line.Length - 1; i++)
        {
            if (line[i] != '\\') continue;
            if (line[i + 1] == '"') return line[..i];
            i++; // skip the escaped character
        }
        return line;
    }

    /// <summary>The request name and its arguments; double quotes group words.</summary>
    private static (string Name, List<string> Args) SplitRequest(string request)
    {
        request = request.TrimStart();
        int end = 0;
        while (end < request.Length && !char.IsWhiteSpace(request[end])) end++;
        string name = request[..end];
        var args = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = end; i < request.Length; i++)
        {
            char c = request[i];
            if (c == '"')
            {
                if (quoted && i + 1 < request.Length && request[i + 1] == '"') { current.Append('"'); i++; continue; }
                quoted = !quoted;
                any = true;
                continue;
            }
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any || current.Length > 0) args.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(c);
        }
        if (any || current.Length > 0) args.Add(current.ToString());
        return (name, args);
    }

    /// <summary>Font changes removed; \- \e \&amp; \(space) and the like turned into their characters.</summary>
    public static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length) { result.Append(c); continue; }
            char next = text[++i];
            switch (next)
            {
                case 'f':
                    // \fB \fI \fR \fP \f(XX: fonts are not kept in help text.
                    if (i + 1 < text.Length && text[i + 1] == '(') i += 3;
                    else i++;
                    break;
                case '-': result.Append('-'); break;
                case 'e': case '\\': result.Append('\\'); break;
                case '&': case '|': case '^': break;
                case ' ': case '~': result.Append(' '); break;
                case '(':
                    string glyph = i + 2 < text.Length ? text.Substring(i + 1, 2) : "";
                    result.Append(glyph switch { "em" => "--", "en" => "-", "bu" => "*", "co" => "(c)", "aq" => "'", "dq" => "\"", _ => glyph });
                    i += 2;
                    break;
                default: result.Append(next); break;
            }
        }
        return result.ToString();
    }

    private static string Collapse(string text) =>
        string.Join('\n', text.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\s+", " ").Trim()).Where(l => l.Length > 0));
}
