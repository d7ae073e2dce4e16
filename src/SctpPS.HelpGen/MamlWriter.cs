using System.Xml.Linq;
using SctpPS.HelpGen.Docs;

namespace SctpPS.HelpGen;

/// <summary>
/// Writes MAML (the XML Get-Help reads for compiled cmdlets) in the shape PlatyPS's
/// New-ExternalHelp gives it: one command:command per cmdlet, with details, description,
/// syntax, parameters, inputs, outputs, notes (alertSet), examples and related links.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Write(IEnumerable<(CmdletDoc Doc, CmdletMetadata Metadata)> cmdlets)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            cmdlets.Select(c => CommandElement(c.Doc, c.Metadata)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement CommandElement(CmdletDoc doc, CmdletMetadata metadata)
    {
        var parameters = doc.Parameters.ToDictionary(p => p.Name);
        string[] verbNoun = doc.Name.Split('-', 2);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", doc.Name),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun[1]),
                Description(doc.Synopsis)),
            Description(doc.Description),
            new XElement(Command + "syntax",
                metadata.Info.ParameterSets.OrderByDescending(s => s.IsDefault).Select(set =>
                    new XElement(Command + "syntaxItem",
                        new XElement(Maml + "name", doc.Name),
                        set.Parameters
                            .Where(p => parameters.ContainsKey(p.Name))
                            .OrderBy(p => p.Position == int.MinValue ? int.MaxValue : p.Position)
                            .Select(p => Parameter(parameters[p.Name], p.IsMandatory, p.Position, CmdletMetadata.Pipeline(p)))))),
            new XElement(Command + "parameters",
                doc.Parameters.Select(p => Parameter(p, p.Required.StartsWith("True", StringComparison.Ordinal),
                    int.TryParse(p.Position, out int position) ? position : int.MinValue, p.PipelineInput))),
            new XElement(Command + "inputTypes", doc.Inputs.Select(t =>
                new XElement(Command + "inputType", TypeElement(t.Type), Description(t.Description)))),
            new XElement(Command + "returnValues", doc.Outputs.Select(t =>
                new XElement(Command + "returnValue", TypeElement(t.Type), Description(t.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(doc.Notes))),
            new XElement(Command + "examples", doc.Examples.Select(e =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paras(e.Remarks))))),
            new XElement(Command + "relatedLinks", doc.Links.Select(l =>
                new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", l.Text),
                    new XElement(Maml + "uri", l.Uri.EndsWith(".md", StringComparison.Ordinal) ? "" : l.Uri)))));
    }

    private static XElement Parameter(ParameterDoc p, bool required, int position, string pipeline)
    {
        bool isSwitch = p.Type == "SwitchParameter";
        var element = new XElement(Command + "parameter",
            new XAttribute("required", required ? "true" : "false"),
            new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Wildcard.Equals("True", StringComparison.OrdinalIgnoreCase) ? "true" : "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position == int.MinValue ? "named" : position.ToString()),
            new XAttribute("aliases", p.Aliases == "None" ? "none" : p.Aliases),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));
        if (!isSwitch)
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"),
                new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"), p.Type));
        element.Add(TypeElement(p.Type));
        element.Add(new XElement(Dev + "defaultValue", p.DefaultValue));
        return element;
    }

    private static XElement TypeElement(string type) =>
        new(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<HelpText> texts) => new(Maml + "description", Paras(texts));

    /// <summary>One maml:para per paragraph; code keeps its line breaks, indented.</summary>
    private static IEnumerable<XElement> Paras(IEnumerable<HelpText> texts) =>
        texts.Select(text => new XElement(Maml + "para",
            text.IsCode ? string.Join("\n", text.Text.Split('\n').Select(line => "    " + line)) : text.Text));
}
