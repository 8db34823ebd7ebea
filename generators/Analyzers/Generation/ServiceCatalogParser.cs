using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using PiCluster.Analyzers.Common;

namespace PiCluster.Analyzers.Generation;

/// <summary>[ServiceCatalog] record → <see cref="ServiceCatalogSpec"/>: one service per positional parameter, in order.</summary>
internal static class ServiceCatalogParser
{
    public static ServiceCatalogSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || SymbolShapes.PositionalConstructor(type) is not { } constructor) return null;
        cancellationToken.ThrowIfCancellationRequested();
        var services = constructor.Parameters
            .Select(p => new ServiceSpec(p.Name, SymbolShapes.FullName(p.Type)))
            .ToEquatableArray();
        var distinctTypes = services.Select(s => s.TypeFullName).Distinct().ToEquatableArray();
        var stem = type.Name.EndsWith("s", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - 1) : type.Name;
        return new ServiceCatalogSpec(
            SymbolShapes.Namespace(type),
            type.Name,
            "I" + stem + "Visitor",
            SymbolShapes.SourceFile(type),
            services,
            distinctTypes);
    }
}
