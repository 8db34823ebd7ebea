// Shared source (see Ipv4.cs).
namespace PiCluster.Cluster.Rules;

/// <summary>What a fact says about the definition; each kind is judged by its own rules.</summary>
public enum FactKind
{
    /// <summary>The LAN subnet (CIDR).</summary>
    Subnet,
    /// <summary>An in-cluster range that must not collide with the LAN: pod or service CIDR.</summary>
    InternalCidr,
    /// <summary>First address of the MetalLB pool.</summary>
    PoolFirst,
    /// <summary>Last address of the MetalLB pool.</summary>
    PoolLast,
    /// <summary>A LAN address that something outside MetalLB claims: a node, the gateway, the NFS server (carved out of the pool if inside it).</summary>
    HostAddress,
    /// <summary>A LAN address that a LoadBalancer Service claims through MetalLB.</summary>
    LoadBalancerAddress,
    /// <summary>A LAN address that is used but not claimed (an upstream resolver).</summary>
    ReferencedAddress,
    NodeName,
    /// <summary>The role of a node; value is the NodeRole member's name (<see cref="Fact.ControlPlaneRole"/> or "Worker").</summary>
    NodeRole,
    /// <summary>A host label routed by Traefik under the cluster domain (e.g. "grafana" for grafana.local).</summary>
    HostName,
    /// <summary>The DNS domain every host label lives under (e.g. "local", "home.arpa").</summary>
    Domain,
    /// <summary>A Kubernetes object name that must be an RFC 1123 label (namespace, pool name).</summary>
    ObjectName,
    NfsExportName,
    NfsExportPath,
    /// <summary>The export a volume names.</summary>
    NfsVolumeExport,
    /// <summary>A sub-directory inside an export; must be relative.</summary>
    NfsSubPath,
    /// <summary>A cron schedule (five fields or a macro such as @daily).</summary>
    CronSchedule,
    /// <summary>Replica count of a service that must have a single writer.</summary>
    SingleWriterReplicas,
    /// <summary>A LoadBalancer address that several Services may claim because it has a sharing key.</summary>
    SharedAddress,
    /// <summary>How many backups are kept (a whole number, at least 1).</summary>
    BackupRetention,
    /// <summary>The MetalLB sharing key of a shared LoadBalancer address; must be a non-empty label.</summary>
    SharingKey,
    /// <summary>The digest an image is pinned by: "sha256:" and 64 lower-case hex digits.</summary>
    ImageDigest,
}

/// <summary>
/// One value in a cluster definition, with the field it came from. Render builds facts from the records,
/// the analyzers from constant syntax; both hand them to <see cref="DefinitionRules"/>.
/// </summary>
public sealed class Fact
{
    /// <summary>
    /// A NodeRole fact's value for the control plane. The analyzer compiles these rules without the model, so the name is a
    /// constant here, held equal to nameof(NodeRole.ControlPlane) by a test.
    /// </summary>
    public const string ControlPlaneRole = "ControlPlane";

    public Fact(FactKind kind, string field, string value, object? origin = null)
    {
        Kind = kind;
        Field = field;
        Value = value;
        Origin = origin;
    }

    public FactKind Kind { get; }

    /// <summary>Where the value lives, e.g. "Nodes[pi2].Address".</summary>
    public string Field { get; }

    public string Value { get; }

    /// <summary>Opaque handle of the caller (the analyzer keeps the literal's location here).</summary>
    public object? Origin { get; }

    public override string ToString() => Field + " = \"" + Value + "\"";
}

/// <summary>A broken rule, reported at the fact that breaks it.</summary>
public sealed class Violation
{
    public Violation(string ruleId, Fact fact, string message)
    {
        RuleId = ruleId;
        Fact = fact;
        Message = message;
    }

    /// <summary>Stable identifier, PI0001…; the analyzers report it as the diagnostic ID.</summary>
    public string RuleId { get; }

    public Fact Fact { get; }

    /// <summary>Names the field and the value.</summary>
    public string Message { get; }

    public override string ToString() => RuleId + ": " + Message;
}
