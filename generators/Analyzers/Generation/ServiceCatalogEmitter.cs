using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PiCluster.Analyzers.Generation;

/// <summary><see cref="ServiceCatalogSpec"/> → the visitor interface and Accept/All on the partial record.</summary>
internal static class ServiceCatalogEmitter
{
    public static void Emit(SourceProductionContext context, ServiceCatalogSpec spec) =>
        context.AddSource(spec.TypeName + ".ServiceCatalog.g.cs", SourceText.From(Render(spec), CodeText.Utf8NoBom));

    public static string Render(ServiceCatalogSpec spec)
    {
        var text = new CodeText();
        text.Header(nameof(ServiceCatalogEmitter), spec.Namespace + "." + spec.TypeName, spec.SourceFile);
        text.Namespace(spec.Namespace);
        text.Line("/// <summary>One method per service type of <see cref=\"" + spec.TypeName + "\"/>; a new service adds a method, so every visitor must handle it.</summary>");
        text.Line("public interface " + spec.VisitorName + "<out T>");
        text.Open();
        foreach (var type in spec.ServiceTypes) text.Line("T Visit(" + type + " service);");
        text.Close();
        text.Line();
        text.Line("partial record " + spec.TypeName);
        text.Open();
        text.Line("/// <summary>Calls the visitor once per service, in declaration order.</summary>");
        text.Line("public global::System.Collections.Generic.IEnumerable<T> Accept<T>(" + spec.VisitorName + "<T> visitor)");
        text.Open();
        foreach (var service in spec.Services) text.Line("yield return visitor.Visit(" + service.PropertyName + ");");
        text.Close();
        text.Line();
        text.Line("/// <summary>Every service with its property name, in declaration order.</summary>");
        text.Line("public global::System.Collections.Generic.IReadOnlyList<(string Name, object Service)> All =>");
        text.Line("[");
        foreach (var service in spec.Services) text.Line("    (\"" + service.PropertyName + "\", " + service.PropertyName + "),");
        text.Line("];");
        text.Close();
        return text.ToString();
    }
}
