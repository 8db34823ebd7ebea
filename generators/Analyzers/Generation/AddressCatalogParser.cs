using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PiCluster.Analyzers.Common;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Generation;

/// <summary>
/// [AddressCatalog] class → <see cref="AddressCatalogSpec"/>: reads the member initializers with the analyzer's
/// <see cref="ConstantFactCollector"/>, so the catalog names exactly the facts the rules judge.
/// </summary>
internal static class AddressCatalogParser
{
    private static readonly HashSet<FactKind> Catalogued = new()
    {
        FactKind.Subnet, FactKind.InternalCidr, FactKind.PoolFirst, FactKind.PoolLast, FactKind.HostAddress,
        FactKind.LoadBalancerAddress, FactKind.ReferencedAddress, FactKind.HostName,
    };

    public static AddressCatalogSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration) return null;
        if (FactAttributes.From(context.SemanticModel.Compilation) is not { } attributes) return null;
        var collector = new ConstantFactCollector(attributes);
        var facts = new List<Fact>();
        foreach (var initializer in Initializers(declaration))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.SemanticModel.GetOperation(initializer.Value, cancellationToken) is { } operation) facts.AddRange(collector.Collect(operation));
        }

        var used = new HashSet<string>(System.StringComparer.Ordinal);
        var entries = new List<CatalogEntry>();
        foreach (var fact in facts.Where(f => Catalogued.Contains(f.Kind)))
        {
            var identifier = Identifier(fact.Field);
            for (var n = 2; !used.Add(identifier); n++) identifier = Identifier(fact.Field) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            entries.Add(new CatalogEntry(identifier, fact.Field, fact.Kind, fact.Value));
        }

        // First wins: a broken definition (duplicate node names) still yields a catalog; the analyzer reports the break.
        var addresses = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var fact in facts.Where(f => f.Kind == FactKind.HostAddress))
        {
            if (!addresses.ContainsKey(fact.Field)) addresses.Add(fact.Field, fact.Value);
        }
        var nodes = facts
            .Where(f => f.Kind == FactKind.NodeName)
            .Select(f => (f.Value, Prefix: f.Field.Substring(0, f.Field.LastIndexOf('.'))))
            .Where(n => addresses.ContainsKey(n.Prefix + ".Address"))
            .Select(n => new NodeEntry(n.Value, addresses[n.Prefix + ".Address"]));

        return new AddressCatalogSpec(
            SymbolShapes.Namespace(type),
            type.Name + "Addresses",
            SymbolShapes.SourceFile(type),
            entries.ToEquatableArray(),
            nodes.ToEquatableArray());
    }

    private static IEnumerable<EqualsValueClauseSyntax> Initializers(TypeDeclarationSyntax declaration)
    {
        foreach (var member in declaration.Members)
        {
            if (member is PropertyDeclarationSyntax { Initializer: { } propertyInitializer }) yield return propertyInitializer;
            else if (member is FieldDeclarationSyntax field)
            {
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } fieldInitializer) yield return fieldInitializer;
                }
            }
        }
    }

    /// <summary>"Nodes[pi2].Address" → "NodesPi2Address": each word of the path, capitalised.</summary>
    internal static string Identifier(string field)
    {
        var identifier = new StringBuilder();
        var startWord = true;
        foreach (var c in field)
        {
            if (!char.IsLetterOrDigit(c))
            {
                startWord = true;
                continue;
            }
            identifier.Append(startWord ? char.ToUpperInvariant(c) : c);
            startWord = false;
        }
        if (identifier.Length == 0 || char.IsDigit(identifier[0])) identifier.Insert(0, '_');
        return identifier.ToString();
    }
}
