using PiCluster.Analyzers.Common;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Generation;

// Everything the emitters need, as plain equatable values: strings, numbers, enums and EquatableArray.
// No ISymbol, Location, SyntaxNode or Compilation, so an unrelated edit yields equal specs and the outputs stay cached.

/// <summary>A [ServiceCatalog] record: its services in declaration order.</summary>
internal sealed record ServiceCatalogSpec(
    string Namespace,
    string TypeName,
    string VisitorName,
    string SourceFile,
    EquatableArray<ServiceSpec> Services,
    EquatableArray<string> ServiceTypes);

/// <param name="TypeFullName">Fully qualified, with global::.</param>
internal sealed record ServiceSpec(string PropertyName, string TypeFullName);

/// <summary>An [AddressCatalog] class: the constant addresses, CIDRs and host names of its definition.</summary>
internal sealed record AddressCatalogSpec(
    string Namespace,
    string ClassName,
    string SourceFile,
    EquatableArray<CatalogEntry> Entries,
    EquatableArray<NodeEntry> Nodes);

/// <param name="Field">Where the value lives in the definition, e.g. "Nodes[pi2].Address".</param>
internal sealed record CatalogEntry(string Identifier, string Field, FactKind Kind, string Value);

internal sealed record NodeEntry(string Name, string Address);

/// <summary>A [DefinitionRoot] record and every record reachable from it that carries facts.</summary>
internal sealed record DefinitionFactsSpec(
    string Namespace,
    string RootTypeName,
    string RootFullName,
    string SourceFile,
    EquatableArray<FactTypeSpec> Types);

internal sealed record FactTypeSpec(string FullName, EquatableArray<FactMemberSpec> Members);

internal enum FactMemberShape
{
    /// <summary>A string fact.</summary>
    Text,
    /// <summary>An integer fact, rendered invariant.</summary>
    Number,
    /// <summary>An enum fact, rendered by member name.</summary>
    EnumName,
    /// <summary>A list of string facts, "Field[i]".</summary>
    TextList,
    /// <summary>A record that holds facts itself.</summary>
    Child,
    /// <summary>A list of such records, "Field[key]".</summary>
    ChildList,
    /// <summary>[NestedFact]: named members of the nested record, with the kinds the attribute gives.</summary>
    Nested,
}

/// <param name="KeyMember">For <see cref="FactMemberShape.ChildList"/>: the element's [FactKey] member, or empty.</param>
internal sealed record FactMemberSpec(
    string Name,
    FactMemberShape Shape,
    FactKind Kind,
    string ChildFullName,
    string KeyMember,
    EquatableArray<NestedFactSpec> Nested);

internal sealed record NestedFactSpec(string Member, FactKind Kind);

/// <summary>A [DefinitionRoot] record and every record reachable from it that names a Secret ([SecretName]).</summary>
internal sealed record SecretCatalogSpec(
    string Namespace,
    string RootTypeName,
    string RootFullName,
    string SourceFile,
    EquatableArray<SecretTypeSpec> Types);

/// <param name="HasNamespace">Whether the record has a string Namespace member the Secrets live in.</param>
internal sealed record SecretTypeSpec(string FullName, bool HasNamespace, EquatableArray<SecretMemberSpec> Members);

internal enum SecretMemberShape
{
    /// <summary>A string parameter carrying [SecretName].</summary>
    Secret,
    /// <summary>A record that names Secrets itself.</summary>
    Child,
    /// <summary>A list of such records, "Field[key]".</summary>
    ChildList,
}

/// <param name="ShapeName">Member name of the SecretShape enum, e.g. "Htpasswd".</param>
/// <param name="SourceName">Member name of the SecretSource enum, e.g. "Bootstrap".</param>
internal sealed record SecretMemberSpec(
    string Name,
    SecretMemberShape Shape,
    string ShapeName,
    EquatableArray<string> Keys,
    string SourceName,
    string ChildFullName,
    string KeyMember);
