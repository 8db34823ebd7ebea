// Shared source (see Ipv4.cs). The analyzers match these attributes by metadata name; the generator reads them
// to emit the run-time facts extraction, so one attribute on a record parameter feeds both.
namespace PiCluster.Cluster.Rules;

/// <summary>The parameter's value is a fact of <see cref="Kind"/> (a string, an int, an enum, or a list of strings).</summary>
[System.AttributeUsage(System.AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ClusterFactAttribute : System.Attribute
{
    public ClusterFactAttribute(FactKind kind) => Kind = kind;

    public FactKind Kind { get; }
}

/// <summary>The parameter names its record inside a list, so facts read "Nodes[pi2].Address" rather than "Nodes[2].Address".</summary>
[System.AttributeUsage(System.AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class FactKeyAttribute : System.Attribute
{
}

/// <summary>
/// A fact that depends on where a general record is used: an <c>AddressRange</c> is only a MetalLB pool as
/// <c>Network.LoadBalancerPool</c>. Only the named members of the nested record become facts, with this kind.
/// </summary>
[System.AttributeUsage(System.AttributeTargets.Parameter, AllowMultiple = true, Inherited = false)]
public sealed class NestedFactAttribute : System.Attribute
{
    public NestedFactAttribute(string member, FactKind kind)
    {
        Member = member;
        Kind = kind;
    }

    public string Member { get; }

    public FactKind Kind { get; }
}

/// <summary>The record is a whole definition; the generator emits its run-time facts extraction (<c>{Type}Facts.From</c>).</summary>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DefinitionRootAttribute : System.Attribute
{
}
