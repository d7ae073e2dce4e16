namespace SctpPS.HelpGen.Docs;

/// <summary>A block of help text: a paragraph, or code kept line by line.</summary>
public sealed record HelpText(string Text, bool IsCode = false);

public sealed class ExampleDoc
{
    public string Title { get; set; } = "";
    public string Code { get; set; } = "";
    public List<HelpText> Remarks { get; } = new();
}

/// <summary>One parameter as PlatyPS's yaml block describes it, plus its description.</summary>
public sealed class ParameterDoc
{
    public string Name { get; set; } = "";
    public List<HelpText> Description { get; } = new();
    public string Type { get; set; } = "";
    public string ParameterSets { get; set; } = "(All)";
    public string Aliases { get; set; } = "None";
    public string Required { get; set; } = "False";
    public string Position { get; set; } = "Named";
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public string Wildcard { get; set; } = "False";

    /// <summary>Where the yaml block is, for messages.</summary>
    public int Line { get; set; }
}

public sealed class TypeDoc
{
    public string Type { get; set; } = "";
    public List<HelpText> Description { get; } = new();
}

public sealed class LinkDoc
{
    public string Text { get; set; } = "";
    public string Uri { get; set; } = "";
}

/// <summary>One cmdlet's help, as in a PlatyPS schema 2.0.0 markdown file.</summary>
public sealed class CmdletDoc
{
    public string Path { get; set; } = "";
    public Dictionary<string, string> Metadata { get; } = new();
    public string Name { get; set; } = "";
    public List<HelpText> Synopsis { get; } = new();

    /// <summary>Parameter set name to syntax line, as the markdown has them (rewritten from the cmdlet).</summary>
    public List<(string Set, bool IsDefault, string Line)> Syntax { get; } = new();
    public List<HelpText> Description { get; } = new();
    public List<ExampleDoc> Examples { get; } = new();
    public List<ParameterDoc> Parameters { get; } = new();
    public bool CommonParameters { get; set; }
    public List<TypeDoc> Inputs { get; } = new();
    public List<TypeDoc> Outputs { get; } = new();
    public List<HelpText> Notes { get; } = new();
    public List<LinkDoc> Links { get; } = new();
}

/// <summary>An about_ topic (PlatyPS's about template): a short description and a long one with subsections.</summary>
public sealed class AboutDoc
{
    public string Path { get; set; } = "";
    public string Name { get; set; } = "";
    public List<HelpText> ShortDescription { get; } = new();

    /// <summary>The long description: headings (level 2 and 3 in the markdown) and their text, in order.</summary>
    public List<(string? Heading, HelpText Text)> LongDescription { get; } = new();
}

/// <summary>A markdown file that does not follow the schema: file and line, and what is wrong.</summary>
public sealed class DocsSchemaException : Exception
{
    public DocsSchemaException(string path, int line, string message) : base($"{path}:{line}: {message}")
    {
        File = path;
        Line = line;
    }

    public string File { get; }
    public int Line { get; }
}
