using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PiCluster.Analyzers.Generation;

/// <summary><see cref="AddressCatalogSpec"/> → a static class of constants named after their place in the definition.</summary>
internal static class AddressCatalogEmitter
{
    public static void Emit(SourceProductionContext context, AddressCatalogSpec spec) =>
        context.AddSource(spec.ClassName + ".g.cs", SourceText.From(Render(spec), CodeText.Utf8NoBom));

    public static string Render(AddressCatalogSpec spec)
    {
        var text = new CodeText();
        text.Header(nameof(AddressCatalogEmitter), spec.Namespace + "." + spec.ClassName.Substring(0, spec.ClassName.Length - "Addresses".Length), spec.SourceFile);
        text.Namespace(spec.Namespace);
        text.Line("/// <summary>");
        text.Line("/// The addresses, networks and host names of the definition, as constants named after where they live in it");
        text.Line("/// (\"Nodes[pi2].Address\" → <c>NodesPi2Address</c>). Refer to these instead of repeating a literal: a changed");
        text.Line("/// address then changes everywhere, and a removed one breaks the build where it was used.");
        text.Line("/// </summary>");
        text.Line("public static class " + spec.ClassName);
        text.Open();
        foreach (var entry in spec.Entries)
        {
            text.Line("/// <summary>" + CodeText.Xml(entry.Field) + " (" + entry.Kind + ").</summary>");
            text.Line("public const string " + entry.Identifier + " = " + CodeText.Quote(entry.Value) + ";");
            text.Line();
        }
        text.Line("/// <summary>Every node by name with its address, in definition order.</summary>");
        text.Line("public static global::System.Collections.Generic.IReadOnlyList<(string Name, string Address)> Nodes { get; } =");
        text.Line("[");
        foreach (var node in spec.Nodes) text.Line("    (" + CodeText.Quote(node.Name) + ", " + CodeText.Quote(node.Address) + "),");
        text.Line("];");
        text.Close();
        return text.ToString();
    }
}
