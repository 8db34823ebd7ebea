using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PiCluster.Analyzers.Generation;

/// <summary>
/// <see cref="DefinitionFactsSpec"/> → <c>{Root}Facts.From(root)</c>, the run-time twin of the analyzer's constant walk:
/// same attributes, same field paths, same rules.
/// </summary>
internal static class DefinitionFactsEmitter
{
    private const string FactKind = "global::PiCluster.Cluster.Rules.FactKind.";

    public static void Emit(SourceProductionContext context, DefinitionFactsSpec spec) =>
        context.AddSource(spec.RootTypeName + "Facts.g.cs", SourceText.From(Render(spec), CodeText.Utf8NoBom));

    public static string Render(DefinitionFactsSpec spec)
    {
        var text = new CodeText();
        text.Header(nameof(DefinitionFactsEmitter), spec.RootFullName.Replace("global::", ""), spec.SourceFile);
        text.Namespace(spec.Namespace);
        text.Line("/// <summary>The facts <see cref=\"global::PiCluster.Cluster.Rules.DefinitionRules\"/> judges, read from the [ClusterFact] attributes of the model.</summary>");
        text.Line("public static class " + spec.RootTypeName + "Facts");
        text.Open();
        text.Line("public static global::System.Collections.Generic.IReadOnlyList<global::PiCluster.Cluster.Rules.Fact> From(" + spec.RootFullName + " definition)");
        text.Open();
        text.Line("var facts = new global::System.Collections.Generic.List<global::PiCluster.Cluster.Rules.Fact>();");
        text.Line("Collect(definition, \"\", facts);");
        text.Line("return facts;");
        text.Close();
        foreach (var type in spec.Types)
        {
            text.Line();
            text.Line("private static void Collect(" + type.FullName + "? value, string path, global::System.Collections.Generic.List<global::PiCluster.Cluster.Rules.Fact> facts)");
            text.Open();
            text.Line("if (value is null) return;");
            foreach (var member in type.Members) EmitMember(text, member);
            text.Close();
        }
        text.Line();
        text.Line("// A missing value is a different mistake (null in a record); render reports it where the value is used.");
        text.Line("private static void Add(global::System.Collections.Generic.List<global::PiCluster.Cluster.Rules.Fact> facts, global::PiCluster.Cluster.Rules.FactKind kind, string field, string? value)");
        text.Open();
        text.Line("if (value is not null) facts.Add(new global::PiCluster.Cluster.Rules.Fact(kind, field, value));");
        text.Close();
        text.Line();
        text.Line("private static void AddAll(global::System.Collections.Generic.List<global::PiCluster.Cluster.Rules.Fact> facts, global::PiCluster.Cluster.Rules.FactKind kind, string field, global::System.Collections.Generic.IEnumerable<string?>? values)");
        text.Open();
        text.Line("if (values is null) return;");
        text.Line("var i = 0;");
        text.Line("foreach (var value in values) Add(facts, kind, field + \"[\" + Index(i++) + \"]\", value);");
        text.Close();
        text.Line();
        text.Line("private static string Join(string path, string name) => path.Length == 0 ? name : path + \".\" + name;");
        text.Line();
        text.Line("private static string Index(int i) => i.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
        text.Close();
        return text.ToString();
    }

    private static void EmitMember(CodeText text, FactMemberSpec member)
    {
        var field = "Join(path, \"" + member.Name + "\")";
        var value = "value." + member.Name;
        switch (member.Shape)
        {
            case FactMemberShape.Text:
                text.Line("Add(facts, " + FactKind + member.Kind + ", " + field + ", " + value + ");");
                break;
            case FactMemberShape.Number:
                text.Line("Add(facts, " + FactKind + member.Kind + ", " + field + ", " + value + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
                break;
            case FactMemberShape.EnumName:
                text.Line("Add(facts, " + FactKind + member.Kind + ", " + field + ", " + value + ".ToString());");
                break;
            case FactMemberShape.TextList:
                text.Line("AddAll(facts, " + FactKind + member.Kind + ", " + field + ", " + value + ");");
                break;
            case FactMemberShape.Child:
                text.Line("Collect(" + value + ", " + field + ", facts);");
                break;
            case FactMemberShape.ChildList:
                text.Line("if (" + value + " is { } " + Local(member) + ")");
                text.Open();
                text.Line("var i = 0;");
                text.Line("foreach (var item in " + Local(member) + ")");
                text.Open();
                var key = member.KeyMember.Length == 0 ? "Index(i)" : "(item?." + member.KeyMember + " ?? Index(i))";
                text.Line("Collect(item, " + field + " + \"[\" + " + key + " + \"]\", facts);");
                text.Line("i++;");
                text.Close();
                text.Close();
                break;
            case FactMemberShape.Nested:
                foreach (var nested in member.Nested)
                    text.Line("Add(facts, " + FactKind + nested.Kind + ", " + field + " + \"." + nested.Member + "\", " + value + "?." + nested.Member + ");");
                break;
        }
    }

    private static string Local(FactMemberSpec member) => char.ToLowerInvariant(member.Name[0]) + member.Name.Substring(1) + "List";
}
