using System.Management.Automation;
using System.Reflection;
using SctpPS.HelpGen.Docs;

namespace SctpPS.HelpGen;

/// <summary>
/// What PowerShell itself knows of a cmdlet (its CmdletInfo): syntax per parameter set and each
/// parameter's type, sets, aliases, position and pipeline input. The markdown must agree with it.
/// </summary>
public sealed class CmdletMetadata
{
    private CmdletMetadata(Type type, CmdletInfo info)
    {
        Type = type;
        Info = info;
    }

    public Type Type { get; }
    public CmdletInfo Info { get; }
    public string Name => Info.Name;

    public static IReadOnlyList<CmdletMetadata> FromAssembly(Assembly assembly) => assembly.GetTypes()
        .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
        .Where(x => x.Attribute is not null)
        .Select(x => new CmdletMetadata(x.Type, new CmdletInfo($"{x.Attribute!.VerbName}-{x.Attribute.NounName}", x.Type)))
        .OrderBy(m => m.Name, StringComparer.Ordinal)
        .ToList();

    public bool SupportsShouldProcess => Type.GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess;

    /// <summary>(set, is default, syntax line) as Get-Command -Syntax prints it.</summary>
    public IEnumerable<(string Set, bool IsDefault, string Line)> Syntax =>
        Info.ParameterSets.Select(s => (s.Name, s.IsDefault, $"{Name} {s}"));

    /// <summary>The documented parameters: the cmdlet's own, and -WhatIf/-Confirm where it supports ShouldProcess (as PlatyPS does).</summary>
    public IEnumerable<ParameterDoc> Parameters
    {
        get
        {
            var sets = Info.ParameterSets.ToList();
            var names = sets.SelectMany(s => s.Parameters).Select(p => p.Name).Distinct()
                .Where(n => !Cmdlet.CommonParameters.Contains(n) && !Cmdlet.OptionalCommonParameters.Contains(n) || n is "WhatIf" or "Confirm");
            foreach (var name in names)
            {
                var inSets = sets.Where(s => s.Parameters.Any(p => p.Name == name)).ToList();
                var each = inSets.Select(s => (Set: s.Name, Info: s.Parameters.First(p => p.Name == name))).ToList();
                var first = each[0].Info;
                bool all = inSets.Count == sets.Count;
                yield return new ParameterDoc
                {
                    Name = name,
                    Type = TypeName(first.ParameterType),
                    ParameterSets = all ? "(All)" : string.Join(", ", each.Select(e => e.Set)),
                    Aliases = first.Aliases.Count == 0 ? "None" : string.Join(", ", first.Aliases),
                    Required = PerSet(each, p => p.IsMandatory ? "True" : "False"),
                    Position = PerSet(each, p => p.Position == int.MinValue ? "Named" : p.Position.ToString()),
                    PipelineInput = PerSet(each, Pipeline),
                    Wildcard = first.Attributes.OfType<SupportsWildcardsAttribute>().Any() ? "True" : "False",
                    DefaultValue = DefaultOf(name),
                };
            }
        }
    }

    /// <summary>Types a parameter takes from the pipeline (for INPUTS).</summary>
    public IEnumerable<Type> PipelineTypes => Info.ParameterSets.SelectMany(s => s.Parameters)
        .Where(p => (p.ValueFromPipeline || p.ValueFromPipelineByPropertyName) && !Cmdlet.CommonParameters.Contains(p.Name))
        .Select(p => p.ParameterType.IsArray ? p.ParameterType.GetElementType()! : p.ParameterType).Distinct();

    public IEnumerable<Type> OutputTypes => Type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type).Select(t => t.Type).OfType<Type>();

    private static string PerSet(List<(string Set, CommandParameterInfo Info)> each, Func<CommandParameterInfo, string> value)
    {
        var values = each.Select(e => (e.Set, Value: value(e.Info))).ToList();
        if (values.Select(v => v.Value).Distinct().Count() == 1) return values[0].Value;
        return string.Join(", ", values.Select(v => $"{v.Value} ({v.Set})"));
    }

    /// <summary>"Accept pipeline input" as help shows it.</summary>
    internal static string Pipeline(CommandParameterInfo p) => (p.ValueFromPipeline, p.ValueFromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    /// <summary>A type as help shows it: SctpSocket, Int32[], SwitchParameter, Nullable types as their value type.</summary>
    public static string TypeName(Type type)
    {
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        var underlying = Nullable.GetUnderlyingType(type);
        return underlying is not null ? TypeName(underlying) : type.Name;
    }

    /// <summary>The value a fresh cmdlet object holds: the starting point for "Default value" (a writer may say more).</summary>
    private string DefaultOf(string parameter)
    {
        if (parameter is "WhatIf" or "Confirm") return "False";
        var property = Type.GetProperty(parameter);
        if (property is null) return "None";
        object? value;
        try { value = property.GetValue(Activator.CreateInstance(Type)); }
        catch (Exception) { return "None"; }
        return value switch
        {
            null => "None",
            SwitchParameter s => s.IsPresent ? "True" : "False",
            Array { Length: 0 } => "None",
            string { Length: 0 } => "None",
            System.Net.IPAddress a when a.Equals(System.Net.IPAddress.None) => "None",
            _ => value.ToString() ?? "None",
        };
    }
}
