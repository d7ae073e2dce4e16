using System.Text;

namespace SctpPS.HelpGen.Docs;

/// <summary>Writes a cmdlet's help as PlatyPS schema 2.0.0 markdown (what New-MarkdownHelp writes).</summary>
public static class MarkdownWriter
{
    public static string Write(CmdletDoc doc)
    {
        var md = new StringBuilder();
        md.Append("---\n");
        foreach (var key in new[] { "external help file", "Module Name", "online version", "schema" })
            md.Append($"{key}: {doc.Metadata.GetValueOrDefault(key, "")}\n".Replace(": \n", ":\n"));
        foreach (var (key, value) in doc.Metadata.Where(m => m.Key is not ("external help file" or "Module Name" or "online version" or "schema")))
            md.Append($"{key}: {value}\n");
        md.Append("---\n\n");
        md.Append($"# {doc.Name}\n\n");

        md.Append("## SYNOPSIS\n\n");
        Texts(md, doc.Synopsis);

        md.Append("## SYNTAX\n\n");
        foreach (var (set, isDefault, line) in doc.Syntax)
            md.Append($"### {set}{(isDefault && doc.Syntax.Count > 1 ? " (Default)" : "")}\n\n```\n{line}\n```\n\n");

        md.Append("## DESCRIPTION\n\n");
        Texts(md, doc.Description);

        md.Append("## EXAMPLES\n\n");
        foreach (var example in doc.Examples)
        {
            md.Append($"### {example.Title}\n\n```powershell\n{example.Code}\n```\n\n");
            Texts(md, example.Remarks);
        }

        md.Append("## PARAMETERS\n\n");
        foreach (var p in doc.Parameters)
        {
            md.Append($"### -{p.Name}\n\n");
            Texts(md, p.Description);
            md.Append("```yaml\n");
            md.Append($"Type: {p.Type}\n");
            md.Append($"Parameter Sets: {p.ParameterSets}\n");
            md.Append($"Aliases: {p.Aliases}\n\n");
            md.Append($"Required: {p.Required}\n");
            md.Append($"Position: {p.Position}\n");
            md.Append($"Default value: {p.DefaultValue}\n");
            md.Append($"Accept pipeline input: {p.PipelineInput}\n");
            md.Append($"Accept wildcard characters: {p.Wildcard}\n");
            md.Append("```\n\n");
        }
        md.Append("### CommonParameters\n\n");
        md.Append("This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, " +
                  "-InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. " +
                  "For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n\n");

        md.Append("## INPUTS\n\n");
        foreach (var t in doc.Inputs) { md.Append($"### {t.Type}\n\n"); Texts(md, t.Description); }
        md.Append("## OUTPUTS\n\n");
        foreach (var t in doc.Outputs) { md.Append($"### {t.Type}\n\n"); Texts(md, t.Description); }

        md.Append("## NOTES\n\n");
        Texts(md, doc.Notes);

        md.Append("## RELATED LINKS\n\n");
        foreach (var link in doc.Links)
            md.Append($"[{link.Text}]({link.Uri})\n\n");
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static void Texts(StringBuilder md, IEnumerable<HelpText> texts)
    {
        foreach (var text in texts)
        {
            if (text.IsCode) md.Append($"```\n{text.Text}\n```\n\n");
            else md.Append(text.Text).Append("\n\n");
        }
    }
}
