using System.Text;
using SctpPS.HelpGen.Docs;

namespace SctpPS.HelpGen;

/// <summary>Writes an about_ topic as the about_*.help.txt that Get-Help about_Name shows.</summary>
public static class AboutTextWriter
{
    private const int Width = 80;

    public static string Write(AboutDoc doc)
    {
        var text = new StringBuilder();
        text.Append("TOPIC\n    ").Append(doc.Name).Append("\n\n");
        text.Append("SHORT DESCRIPTION\n");
        foreach (var t in doc.ShortDescription) Block(text, t, 4);
        text.Append("LONG DESCRIPTION\n");
        foreach (var (heading, t) in doc.LongDescription)
        {
            if (heading is not null) text.Append("  ").Append(heading.ToUpperInvariant()).Append('\n');
            Block(text, t, 4);
        }
        return text.ToString();
    }

    private static void Block(StringBuilder text, HelpText block, int indent)
    {
        if (block.IsCode)
        {
            foreach (var line in block.Text.Split('\n')) text.Append(' ', indent + 4).Append(line).Append('\n');
            text.Append('\n');
            return;
        }
        var line2 = new StringBuilder();
        foreach (var word in block.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line2.Length > 0 && indent + line2.Length + 1 + word.Length > Width)
            {
                text.Append(' ', indent).Append(line2).Append('\n');
                line2.Clear();
            }
            if (line2.Length > 0) line2.Append(' ');
            line2.Append(word);
        }
        if (line2.Length > 0) text.Append(' ', indent).Append(line2).Append('\n');
        text.Append('\n');
    }
}
