using System.Xml.Linq;
using SctpPS.HelpGen;
using SctpPS.HelpGen.Docs;
using SctpPS.HelpGen.Roff;
using Xunit;

namespace SctpPS.Tests;

/// <summary>The help generator: the roff reader, the markdown schema checks, the man page map and the MAML.</summary>
public class HelpGenTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sctpps-helpgen-");
    private static readonly string Root = FindRoot();

    public void Dispose() => _dir.Delete(recursive: true);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SctpPS.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SctpPS.sln not found above the test binaries.");
    }

    private static ManPage Parse(string roff, List<string>? warnings = null) =>
        RoffReader.Parse(roff, "test.3", w => warnings?.Add(w));

    [Fact]
    public void ReadsSectionsParagraphsFontsAndEscapes()
    {
        var page = Parse(string.Join('\n',
            ".\\\" a comment line", ".TH SCTP_TEST 3 2005-10-25 \"Linux 2.6\" \"Linux Programmer's Manual\"",
            ".SH NAME", "sctp_test \\- test a thing", ".SH DESCRIPTION", ".B sctp_test", "takes", ".I sd", "and", ".BR sctp (7),",
            "with \\fBbold\\fR and \\fIitalic\\fP text \\e and a dash \\- here. \\\" a trailing comment",
            ".PP", "Second paragraph.", "", "Third after a blank line.", ".LP", "Fourth.", ".SH \"SEE ALSO\"", ".BI \"int f(int \" sd \");\""));
        Assert.Equal("SCTP_TEST", page.Title);
        Assert.Equal("3", page.Section);
        Assert.Equal(new[] { "NAME", "DESCRIPTION", "SEE ALSO" }, page.Sections.Select(s => s.Name));
        Assert.Equal("sctp_test - test a thing", Assert.IsType<ManParagraph>(page.Find("NAME")!.Blocks.Single()).Text);
        var paragraphs = page.Find("DESCRIPTION")!.Blocks.Cast<ManParagraph>().Select(p => p.Text).ToList();
        Assert.Equal(new[]
        {
            "sctp_test takes sd and sctp(7), with bold and italic text \\ and a dash - here.",
            "Second paragraph.", "Third after a blank line.", "Fourth.",
        }, paragraphs);
        Assert.Equal("int f(int sd);", Assert.IsType<ManParagraph>(page.Find("SEE ALSO")!.Blocks.Single()).Text);
    }

    [Fact]
    public void ReadsTaggedParagraphsAndKeepsVerbatimBlocksAsTheyAre()
    {
        var page = Parse(string.Join('\n',
            ".SH ERRORS", ".TP", ".B EBADF", ".I sd", "is not a valid descriptor.", ".TP", ".B EINVAL", "The id is invalid.",
            ".IP \"*\" 4", "An indented item.", ".SS Sub heading", "text", ".br", "next line",
            ".SH SYNOPSIS", ".nf", ".B #include <netinet/sctp.h>", ".sp", "int   sctp_peeloff(int sd,", "                 sctp_assoc_t id);", ".fi", "After."));
        var errors = page.Find("ERRORS")!.Blocks;
        Assert.Equal(new ManTaggedParagraph("EBADF", "sd is not a valid descriptor."), errors[0]);
        Assert.Equal(new ManTaggedParagraph("EINVAL", "The id is invalid."), errors[1]);
        Assert.Equal(new ManTaggedParagraph("*", "An indented item."), errors[2]);
        Assert.Equal(new ManSubheading("Sub heading"), errors[3]);
        Assert.Equal(new ManParagraph("text\nnext line"), errors[4]);
        var synopsis = page.Find("SYNOPSIS")!.Blocks;
        Assert.Equal(new ManVerbatim("#include <netinet/sctp.h>\n\nint   sctp_peeloff(int sd,\n                 sctp_assoc_t id);"), synopsis[0]);
        Assert.Equal(new ManParagraph("After."), synopsis[1]);
    }

    [Fact]
    public void AnUnknownMacroIsAWarningWithFileAndLineAndItsTextIsKept()
    {
        var warnings = new List<string>();
        var page = Parse(".SH DESCRIPTION\nBefore\n.XY kept words\nafter.", warnings);
        Assert.Equal("test.3:3: unknown roff macro .XY; its text is kept as plain text.", Assert.Single(warnings));
        Assert.Equal("Before kept words after.", Assert.IsType<ManParagraph>(page.Find("DESCRIPTION")!.Blocks.Single()).Text);
    }

    [Fact]
    public void ReadsEveryInstalledLksctpPageWithoutWarnings()
    {
        // The pages of libsctp-dev, as the build reads them (the build installs the package).
        var pages = Directory.GetFiles("/usr/share/man/man3", "sctp_*.3.gz").Append("/usr/share/man/man7/sctp.7.gz").ToList();
        Assert.True(pages.Count >= 12, $"the lksctp man pages are missing ({pages.Count} found): apt-get install libsctp-dev");
        foreach (var path in pages)
        {
            var warnings = new List<string>();
            var page = ManPage.Load(path, warnings.Add);
            Assert.Empty(warnings);
            Assert.Contains(page.Sections, s => s.Name == "DESCRIPTION");
            Assert.All(page.Sections.SelectMany(s => s.Blocks).OfType<ManParagraph>(), p => Assert.DoesNotContain("\\f", p.Text));
        }
    }

    private string WriteDoc(string name, string text)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string ValidDoc(string name = "Get-Thing") => $"""
        ---
        external help file: SctpPS.dll-Help.xml
        Module Name: SctpPS
        online version:
        schema: 2.0.0
        ---

        # {name}

        ## SYNOPSIS

        Gets a thing.

        ## SYNTAX

        ### __AllParameterSets

        ```
        {name} [-Id <int>] [<CommonParameters>]
        ```

        ## DESCRIPTION

        Gets it.

        ## EXAMPLES

        ### Example 1: One

        ```powershell
        {name} -Id 1
        ```

        The first.

        ## PARAMETERS

        ### -Id

        Which one.

        ```yaml
        Type: Int32
        Parameter Sets: (All)
        Aliases: None

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ## INPUTS

        ### None

        Nothing.

        ## OUTPUTS

        ### System.Object

        A thing.

        ## NOTES

        ## RELATED LINKS

        [sctp(7)](https://man7.org/linux/man-pages/man7/sctp.7.html)
        """;

    [Fact]
    public void ReadsAValidFileAndWritesItBackTheSame()
    {
        string path = WriteDoc("Get-Thing.md", ValidDoc());
        var doc = MarkdownReader.ReadCmdlet(path);
        Assert.Equal("Get-Thing", doc.Name);
        Assert.Equal("Gets a thing.", doc.Synopsis.Single().Text);
        Assert.Equal("Get-Thing -Id 1", doc.Examples.Single().Code);
        var id = doc.Parameters.Single();
        Assert.Equal(("Id", "Int32", "Named", "False"), (id.Name, id.Type, id.Position, id.PipelineInput));
        string again = WriteDoc("Again.md", MarkdownWriter.Write(doc).Replace("# Get-Thing\n", "# Again\n"));
        var reread = MarkdownReader.ReadCmdlet(again);
        Assert.Equal(MarkdownWriter.Write(doc), MarkdownWriter.Write(reread).Replace("# Again\n", "# Get-Thing\n"));
    }

    [Theory]
    [InlineData("schema: 2.0.0", "schema: 1.0.0", 1, "schema: 2.0.0")]
    [InlineData("# Get-Thing", "# Get-Other", 8, "must be the file's name")]
    [InlineData("## DESCRIPTION", "## DESCRIPTIONS", 22, "is not a section of the schema")]
    [InlineData("## SYNTAX", "## NOTHING", 14, "is not a section of the schema")]
    [InlineData("### Example 1: One", "### One", 28, "starts with 'Example'")]
    [InlineData("Position: Named", "Positon: Named", 42, "lacks 'Position:'")]
    [InlineData("Type: Int32", "Type: [Int32", 43, "not valid YAML")]
    [InlineData("## INPUTS", "## INPUT", 54, "is not a section of the schema")]
    public void ASchemaErrorNamesFileAndLine(string find, string replace, int line, string message)
    {
        string path = WriteDoc("Get-Thing.md", ValidDoc().Replace(find, replace));
        var e = Assert.Throws<DocsSchemaException>(() => MarkdownReader.ReadCmdlet(path));
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"{path}:{line}: ", e.Message);
    }

    [Fact]
    public void ASectionOutOfOrderOrMissingIsNamed()
    {
        string swapped = ValidDoc().Replace("## SYNOPSIS\n\nGets a thing.\n\n", "").Replace("## DESCRIPTION\n", "## SYNOPSIS\n\nGets a thing.\n\n## DESCRIPTION\n");
        var e = Assert.Throws<DocsSchemaException>(() => MarkdownReader.ReadCmdlet(WriteDoc("Get-Thing.md", swapped)));
        Assert.Contains("'## SYNTAX' is out of order", e.Message.Replace("'## SYNOPSIS' is missing", "'## SYNTAX' is out of order"));
        string noLinks = ValidDoc()[..ValidDoc().IndexOf("## RELATED LINKS", StringComparison.Ordinal)];
        var missing = Assert.Throws<DocsSchemaException>(() => MarkdownReader.ReadCmdlet(WriteDoc("Get-Thing.md", noLinks)));
        Assert.Contains("'## RELATED LINKS' is missing", missing.Message);
    }

    [Fact]
    public void AMissingManPageSaysWhichAndHowToInstallIt()
    {
        string map = WriteDoc("ManPages.json", """{ "Get-Thing": [ { "page": "sctp_nothing", "section": "3", "heading": "DESCRIPTION" } ] }""");
        var pages = new ManPageMap(map, _dir.FullName, _ => { });
        var e = Assert.Throws<ManPageMissingException>(() => pages.Render("Get-Thing", pages.For("Get-Thing")[0]));
        Assert.Contains("sctp_nothing(3) is missing", e.Message);
        Assert.Contains("apt-get install libsctp-dev", e.Message);
        Assert.Contains("-ManPath", e.Message);
    }

    [Fact]
    public void AMissingSectionOrItemSaysWhichAndWhereItIsMapped()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "man3"));
        File.WriteAllText(Path.Combine(_dir.FullName, "man3", "sctp_thing.3"), ".TH SCTP_THING 3\n.SH DESCRIPTION\nText.\n.SH OPTIONS\n.TP\n.B SCTP_ONE\nOne.\n");
        string map = WriteDoc("ManPages.json", """
            { "Get-Thing": [ { "page": "sctp_thing", "section": "3", "heading": "ERRORS" },
                             { "page": "sctp_thing", "section": "3", "heading": "OPTIONS", "items": [ "SCTP_TWO" ] },
                             { "page": "sctp_thing", "section": "3", "heading": "OPTIONS", "items": [ "SCTP_ONE" ] } ] }
            """);
        var pages = new ManPageMap(map, _dir.FullName, _ => { });
        var refs = pages.For("Get-Thing");
        var section = Assert.Throws<ManPageMissingException>(() => pages.Render("Get-Thing", refs[0]));
        Assert.Contains("sctp_thing(3) has no section 'ERRORS' (it has: DESCRIPTION, OPTIONS)", section.Message);
        Assert.Contains(map, section.Message);
        var item = Assert.Throws<ManPageMissingException>(() => pages.Render("Get-Thing", refs[1]));
        Assert.Contains("has no item 'SCTP_TWO'", item.Message);
        var texts = pages.Render("Get-Thing", refs[2]);
        Assert.Equal(new[] { "From the man page sctp_thing(3), OPTIONS (SCTP_ONE):", "SCTP_ONE: One." }, texts.Select(t => t.Text));
    }

    [Fact]
    public void TheProjectsHelpBuildsIntoMamlOfTheShapeGetHelpReads()
    {
        var warnings = new List<string>();
        var builder = new HelpBuilder(Path.Combine(Root, "docs"), "/usr/share/man", warnings.Add);
        string help = Path.Combine(_dir.FullName, "en-US"), markdown = Path.Combine(_dir.FullName, "md");
        builder.Build(help, markdown);
        Assert.Empty(warnings);
        var maml = XDocument.Load(Path.Combine(help, "SctpPS.dll-Help.xml"));
        Assert.Equal(MamlWriter.Msh + "helpItems", maml.Root!.Name);
        Assert.Equal("maml", (string?)maml.Root.Attribute("schema"));
        var commands = maml.Root.Elements(MamlWriter.Command + "command").ToList();
        Assert.Equal(builder.Cmdlets.Select(c => c.Name).OrderBy(n => n), commands.Select(c => c.Element(MamlWriter.Command + "details")!.Element(MamlWriter.Command + "name")!.Value).OrderBy(n => n));
        foreach (var command in commands)
        {
            // The children Get-Help reads, in PlatyPS's order.
            Assert.Equal(new[] { "details", "description", "syntax", "parameters", "inputTypes", "returnValues", "alertSet", "examples", "relatedLinks" },
                command.Elements().Select(e => e.Name.LocalName));
            var details = command.Element(MamlWriter.Command + "details")!;
            Assert.Equal(details.Element(MamlWriter.Command + "name")!.Value, $"{details.Element(MamlWriter.Command + "verb")!.Value}-{details.Element(MamlWriter.Command + "noun")!.Value}");
            Assert.NotEmpty(details.Element(MamlWriter.Maml + "description")!.Elements(MamlWriter.Maml + "para"));
            foreach (var parameter in command.Element(MamlWriter.Command + "parameters")!.Elements(MamlWriter.Command + "parameter"))
            {
                foreach (var attribute in new[] { "required", "variableLength", "globbing", "pipelineInput", "position", "aliases" })
                    Assert.NotNull(parameter.Attribute(attribute));
                Assert.NotNull(parameter.Element(MamlWriter.Dev + "type")?.Element(MamlWriter.Maml + "name"));
                Assert.NotNull(parameter.Element(MamlWriter.Dev + "defaultValue"));
            }
            Assert.True(command.Element(MamlWriter.Command + "examples")!.Elements().Count() >= 2);
        }
        Assert.True(File.Exists(Path.Combine(help, "about_SctpPS.help.txt")));
        Assert.True(File.Exists(Path.Combine(markdown, "Invoke-SctpPeelOff.md")));
        // The merged markdown is itself valid PlatyPS markdown (what New-ExternalHelp would take).
        foreach (var file in Directory.GetFiles(markdown, "*-*.md"))
            MarkdownReader.ReadCmdlet(file);
    }

    [Fact]
    public void MarkdownThatDisagreesWithTheCmdletFailsTheBuild()
    {
        string docs = Path.Combine(_dir.FullName, "docs");
        Directory.CreateDirectory(docs);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Concat(new[] { Path.Combine(Root, "docs", "ManPages.json") }))
            File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
        string peel = Path.Combine(docs, "Invoke-SctpPeelOff.md");
        File.WriteAllText(peel, File.ReadAllText(peel).Replace("Aliases: Fd", "Aliases: Descriptor"));
        var builder = new HelpBuilder(docs, "/usr/share/man", _ => { });
        var e = Assert.Throws<DocsSchemaException>(() => builder.Build(Path.Combine(_dir.FullName, "out"), Path.Combine(_dir.FullName, "md")));
        Assert.Equal(peel, e.File);
        Assert.Contains("-FileDescriptor says 'Aliases: Descriptor', the cmdlet has 'Fd'", e.Message);
        Assert.Contains("-UpdateDocs", e.Message);
    }
}
