using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PiCluster.Analyzers.Generation;

/// <summary><see cref="SecretCatalogSpec"/> → <c>{Root}Secrets.From(root)</c>: every Secret the definition names, with keys and source.</summary>
internal static class SecretCatalogEmitter
{
    private const string Model = "global::PiCluster.Cluster.Model.";

    public static void Emit(SourceProductionContext context, SecretCatalogSpec spec) =>
        context.AddSource(spec.RootTypeName + "Secrets.g.cs", SourceText.From(Render(spec), CodeText.Utf8NoBom));

    public static string Render(SecretCatalogSpec spec)
    {
        var text = new CodeText();
        var list = "global::System.Collections.Generic.List<" + Model + "DeclaredSecret>";
        text.Header(nameof(SecretCatalogEmitter), spec.RootFullName.Replace("global::", ""), spec.SourceFile);
        text.Namespace(spec.Namespace);
        text.Line("/// <summary>Every Secret the definition names, read from the [SecretName] attributes of the model: the one catalog render, bootstrap and validate use.</summary>");
        text.Line("public static class " + spec.RootTypeName + "Secrets");
        text.Open();
        text.Line("public static global::System.Collections.Generic.IReadOnlyList<" + Model + "DeclaredSecret> From(" + spec.RootFullName + " definition)");
        text.Open();
        text.Line("var secrets = new " + list + "();");
        text.Line("Collect(definition, \"\", secrets);");
        text.Line("return secrets;");
        text.Close();
        foreach (var type in spec.Types)
        {
            text.Line();
            text.Line("private static void Collect(" + type.FullName + "? value, string path, " + list + " secrets)");
            text.Open();
            text.Line("if (value is null) return;");
            foreach (var member in type.Members) EmitMember(text, type, member);
            text.Close();
        }
        text.Line();
        text.Line("private static string Join(string path, string name) => path.Length == 0 ? name : path + \".\" + name;");
        text.Line();
        text.Line("private static string Index(int i) => i.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
        text.Close();
        return text.ToString();
    }

    private static void EmitMember(CodeText text, SecretTypeSpec type, SecretMemberSpec member)
    {
        var field = "Join(path, \"" + member.Name + "\")";
        var value = "value." + member.Name;
        switch (member.Shape)
        {
            case SecretMemberShape.Secret:
                if (!type.HasNamespace)
                {
                    text.Line("#error " + type.FullName.Replace("global::", "") + "." + member.Name + " carries [SecretName] but its record has no string Namespace member for the Secret to live in");
                    return;
                }
                var keys = "[" + string.Join(", ", member.Keys.Select(CodeText.Quote)) + "]";
                text.Line("if (" + value + " is { } " + Local(member) + ")");
                text.Line("    secrets.Add(new " + Model + "DeclaredSecret(value.Namespace, " + Local(member) + ", " + field + ", " + Model + "SecretShape." + member.ShapeName + ", " + keys + ", " + Model + "SecretSource." + member.SourceName + "));");
                break;
            case SecretMemberShape.Child:
                text.Line("Collect(" + value + ", " + field + ", secrets);");
                break;
            case SecretMemberShape.ChildList:
                text.Line("if (" + value + " is { } " + Local(member) + ")");
                text.Open();
                text.Line("var i = 0;");
                text.Line("foreach (var item in " + Local(member) + ")");
                text.Open();
                var key = member.KeyMember.Length == 0 ? "Index(i)" : "(item?." + member.KeyMember + " ?? Index(i))";
                text.Line("Collect(item, " + field + " + \"[\" + " + key + " + \"]\", secrets);");
                text.Line("i++;");
                text.Close();
                text.Close();
                break;
        }
    }

    private static string Local(SecretMemberSpec member) => char.ToLowerInvariant(member.Name[0]) + member.Name.Substring(1) + "Value";
}
