using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PiCluster.Analyzers.Generation;

/// <summary>Symbol questions the parsers share. Only parsers touch symbols; what they return is text.</summary>
internal static class SymbolShapes
{
    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    public static string Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    /// <summary>File name only, so the header is the same on every machine.</summary>
    public static string SourceFile(ISymbol symbol) =>
        symbol.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree?.FilePath is { Length: > 0 } path
            ? Path.GetFileName(path)
            : "(unknown)";

    /// <summary>A positional record's primary constructor: the widest public one that is not the copy constructor.</summary>
    public static IMethodSymbol? PositionalConstructor(INamedTypeSymbol type) =>
        type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();

    /// <summary>The element type of IReadOnlyList&lt;T&gt;, IEnumerable&lt;T&gt;, T[] and the like; null for other types and for string.</summary>
    public static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String) return null;
        if (type is IArrayTypeSymbol array) return array.ElementType;
        if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            return named.TypeArguments[0];
        return type.AllInterfaces
            .FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            ?.TypeArguments[0];
    }
}
