using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using PiCluster.Analyzers.Common;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Generation;

/// <summary>
/// [DefinitionRoot] record → <see cref="DefinitionFactsSpec"/>: follows positional parameters from the root through
/// every record that (transitively) carries [ClusterFact]/[NestedFact], the same attributes the analyzer reads.
/// </summary>
internal static class DefinitionFactsParser
{
    public static DefinitionFactsSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol root) return null;
        if (FactAttributes.From(context.SemanticModel.Compilation) is not { } attributes) return null;
        var walk = new TypeWalk(attributes, cancellationToken);
        if (!walk.HasFacts(root)) return null;
        return new DefinitionFactsSpec(
            SymbolShapes.Namespace(root),
            root.Name,
            SymbolShapes.FullName(root),
            SymbolShapes.SourceFile(root),
            walk.Types.ToEquatableArray());
    }

    private sealed class TypeWalk
    {
        private readonly FactAttributes attributes;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<INamedTypeSymbol, bool> visited = new(SymbolEqualityComparer.Default);

        public TypeWalk(FactAttributes attributes, CancellationToken cancellationToken)
        {
            this.attributes = attributes;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>Types with facts, in first-visit order (deterministic: parameter order from the root).</summary>
        public List<FactTypeSpec> Types { get; } = new();

        public bool HasFacts(INamedTypeSymbol type)
        {
            if (visited.TryGetValue(type, out var known)) return known;
            visited[type] = false; // a cycle contributes nothing until the type is done
            cancellationToken.ThrowIfCancellationRequested();
            if (type.TypeKind != TypeKind.Class || !type.Locations.Any(l => l.IsInSource) || SymbolShapes.PositionalConstructor(type) is not { } constructor)
                return false;
            var members = new List<FactMemberSpec>();
            var index = Types.Count;
            Types.Add(null!); // reserve the slot so the root comes first
            foreach (var parameter in constructor.Parameters)
            {
                if (Member(parameter) is { } member) members.Add(member);
            }
            var hasFacts = members.Count > 0;
            visited[type] = hasFacts;
            if (hasFacts) Types[index] = new FactTypeSpec(SymbolShapes.FullName(type), members.ToEquatableArray());
            else Types.RemoveAt(index);
            return hasFacts;
        }

        private FactMemberSpec? Member(IParameterSymbol parameter)
        {
            var read = attributes.Read(parameter);
            var none = EquatableArray<NestedFactSpec>.Empty;
            if (read.Kind is { } kind)
            {
                var shape = ScalarShape(parameter.Type);
                if (shape is null && SymbolShapes.ElementType(parameter.Type) is { SpecialType: SpecialType.System_String }) shape = FactMemberShape.TextList;
                return shape is null ? null : new FactMemberSpec(parameter.Name, shape.Value, kind, "", "", none);
            }
            if (read.Nested is { } nested)
            {
                var members = nested.Select(n => new NestedFactSpec(n.Key, n.Value)).OrderBy(n => n.Member, System.StringComparer.Ordinal);
                return new FactMemberSpec(parameter.Name, FactMemberShape.Nested, default, SymbolShapes.FullName(parameter.Type), "", members.ToEquatableArray());
            }
            if (parameter.Type is INamedTypeSymbol child && HasFacts(child))
                return new FactMemberSpec(parameter.Name, FactMemberShape.Child, default, SymbolShapes.FullName(child), "", none);
            if (SymbolShapes.ElementType(parameter.Type) is INamedTypeSymbol element && HasFacts(element))
                return new FactMemberSpec(parameter.Name, FactMemberShape.ChildList, default, SymbolShapes.FullName(element), KeyMember(element), none);
            return null;
        }

        private string KeyMember(INamedTypeSymbol element) =>
            SymbolShapes.PositionalConstructor(element)?.Parameters.FirstOrDefault(p => attributes.Read(p).IsKey)?.Name ?? "";

        private static FactMemberShape? ScalarShape(ITypeSymbol type) => type switch
        {
            { SpecialType: SpecialType.System_String } => FactMemberShape.Text,
            { SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 } => FactMemberShape.Number,
            { TypeKind: TypeKind.Enum } => FactMemberShape.EnumName,
            _ => null,
        };
    }
}
