using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using PiCluster.Analyzers.Common;

namespace PiCluster.Analyzers.Generation;

/// <summary>
/// [DefinitionRoot] record → <see cref="SecretCatalogSpec"/>: follows positional parameters from the root through every
/// record that (transitively) has a parameter with [SecretName], reading the shape, keys and source the attribute gives.
/// </summary>
internal static class SecretCatalogParser
{
    public static SecretCatalogSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol root) return null;
        if (context.SemanticModel.Compilation.GetTypeByMetadataName(KnownNames.SecretName) is not { } attribute) return null;
        var factKey = context.SemanticModel.Compilation.GetTypeByMetadataName(KnownNames.FactKey);
        var walk = new TypeWalk(attribute, factKey, cancellationToken);
        if (!walk.NamesSecrets(root)) return null;
        return new SecretCatalogSpec(
            SymbolShapes.Namespace(root),
            root.Name,
            SymbolShapes.FullName(root),
            SymbolShapes.SourceFile(root),
            walk.Types.ToEquatableArray());
    }

    private sealed class TypeWalk
    {
        private readonly INamedTypeSymbol attribute;
        private readonly INamedTypeSymbol? factKey;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<INamedTypeSymbol, bool> visited = new(SymbolEqualityComparer.Default);

        public TypeWalk(INamedTypeSymbol attribute, INamedTypeSymbol? factKey, CancellationToken cancellationToken)
        {
            this.attribute = attribute;
            this.factKey = factKey;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>Types naming Secrets, in first-visit order (deterministic: parameter order from the root).</summary>
        public List<SecretTypeSpec> Types { get; } = new();

        public bool NamesSecrets(INamedTypeSymbol type)
        {
            if (visited.TryGetValue(type, out var known)) return known;
            visited[type] = false; // a cycle contributes nothing until the type is done
            cancellationToken.ThrowIfCancellationRequested();
            if (type.TypeKind != TypeKind.Class || !type.Locations.Any(l => l.IsInSource) || SymbolShapes.PositionalConstructor(type) is not { } constructor)
                return false;
            var index = Types.Count;
            Types.Add(null!); // reserve the slot so the root comes first
            var members = constructor.Parameters.Select(Member).Where(m => m is not null).Select(m => m!).ToList();
            var names = members.Count > 0;
            visited[type] = names;
            if (names)
            {
                var hasNamespace = type.GetMembers("Namespace").Any(m => m is IPropertySymbol { Type.SpecialType: SpecialType.System_String });
                Types[index] = new SecretTypeSpec(SymbolShapes.FullName(type), hasNamespace, members.ToEquatableArray());
            }
            else
            {
                Types.RemoveAt(index);
            }
            return names;
        }

        private SecretMemberSpec? Member(IParameterSymbol parameter)
        {
            var secret = parameter.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
            if (secret is not null)
            {
                if (parameter.Type.SpecialType != SpecialType.System_String || secret.ConstructorArguments.Length != 2) return null;
                var shape = EnumMemberName(secret.ConstructorArguments[0]);
                var keys = secret.ConstructorArguments[1].Kind == TypedConstantKind.Array
                    ? secret.ConstructorArguments[1].Values.Select(v => v.Value as string ?? "").ToEquatableArray()
                    : EquatableArray<string>.Empty;
                var source = secret.NamedArguments.Where(n => n.Key == "Source").Select(n => EnumMemberName(n.Value)).FirstOrDefault() ?? "Bootstrap";
                return new SecretMemberSpec(parameter.Name, SecretMemberShape.Secret, shape, keys, source, "", "");
            }
            if (parameter.Type is INamedTypeSymbol child && NamesSecrets(child))
                return new SecretMemberSpec(parameter.Name, SecretMemberShape.Child, "", EquatableArray<string>.Empty, "", SymbolShapes.FullName(child), "");
            if (SymbolShapes.ElementType(parameter.Type) is INamedTypeSymbol element && NamesSecrets(element))
                return new SecretMemberSpec(parameter.Name, SecretMemberShape.ChildList, "", EquatableArray<string>.Empty, "", SymbolShapes.FullName(element), KeyMember(element));
            return null;
        }

        private string KeyMember(INamedTypeSymbol element) =>
            SymbolShapes.PositionalConstructor(element)?.Parameters
                .FirstOrDefault(p => p.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, factKey)))?.Name ?? "";

        /// <summary>The enum member's name for a constant (emitted by name so the generated code reads like the model).</summary>
        private static string EnumMemberName(TypedConstant constant) =>
            constant.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } type
                ? type.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name ?? constant.Value?.ToString() ?? ""
                : constant.Value?.ToString() ?? "";
    }
}
