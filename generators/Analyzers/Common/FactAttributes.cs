using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Common;

/// <summary>What the fact attributes on one record parameter say.</summary>
internal sealed class ParameterFacts
{
    public static readonly ParameterFacts None = new(null, false, null);

    public ParameterFacts(FactKind? kind, bool isKey, IReadOnlyDictionary<string, FactKind>? nested)
    {
        Kind = kind;
        IsKey = isKey;
        Nested = nested;
    }

    /// <summary>Set by [ClusterFact(kind)].</summary>
    public FactKind? Kind { get; }

    /// <summary>Set by [FactKey].</summary>
    public bool IsKey { get; }

    /// <summary>Member name → kind, from [NestedFact(member, kind)]; null when absent.</summary>
    public IReadOnlyDictionary<string, FactKind>? Nested { get; }
}

/// <summary>The fact attribute types of one compilation; reads a parameter's attributes into <see cref="ParameterFacts"/>.</summary>
internal sealed class FactAttributes
{
    private readonly INamedTypeSymbol clusterFact;
    private readonly INamedTypeSymbol? factKey;
    private readonly INamedTypeSymbol? nestedFact;

    private FactAttributes(INamedTypeSymbol clusterFact, INamedTypeSymbol? factKey, INamedTypeSymbol? nestedFact)
    {
        this.clusterFact = clusterFact;
        this.factKey = factKey;
        this.nestedFact = nestedFact;
    }

    /// <summary>Null when the compilation does not see the attributes (then there is nothing to check).</summary>
    public static FactAttributes? From(Compilation compilation)
    {
        var clusterFact = compilation.GetTypeByMetadataName(KnownNames.ClusterFact);
        return clusterFact is null
            ? null
            : new FactAttributes(clusterFact, compilation.GetTypeByMetadataName(KnownNames.FactKey), compilation.GetTypeByMetadataName(KnownNames.NestedFact));
    }

    public ParameterFacts Read(IParameterSymbol parameter)
    {
        var attributes = parameter.GetAttributes();
        if (attributes.IsEmpty) return ParameterFacts.None;
        FactKind? kind = null;
        var isKey = false;
        Dictionary<string, FactKind>? nested = null;
        foreach (var attribute in attributes)
        {
            var type = attribute.AttributeClass;
            if (type is null) continue;
            if (SymbolEqualityComparer.Default.Equals(type, clusterFact))
            {
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value) kind = (FactKind)value;
            }
            else if (SymbolEqualityComparer.Default.Equals(type, factKey))
            {
                isKey = true;
            }
            else if (SymbolEqualityComparer.Default.Equals(type, nestedFact)
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is string member
                && attribute.ConstructorArguments[1].Value is int nestedKind)
            {
                nested ??= new Dictionary<string, FactKind>(System.StringComparer.Ordinal);
                nested[member] = (FactKind)nestedKind;
            }
        }
        return kind is null && !isKey && nested is null ? ParameterFacts.None : new ParameterFacts(kind, isKey, nested);
    }
}
