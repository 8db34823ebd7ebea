using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;
using PiCluster.Cluster.Validation;

namespace PiCluster.Render.Components;

/// <summary>
/// What a builder may know beyond its own service record: the cluster's shared settings and the facts that cross
/// components (Traefik's address for routes, node scheduling, MetalLB's shared addresses, the NFS claims of every
/// service, the Secret catalog), each computed once per render. Builders get their record and this, never the services.
/// </summary>
public sealed class RenderContext
{
    public RenderContext(ClusterDefinition cluster)
    {
        Name = cluster.Name;
        Network = cluster.Network;
        Nodes = cluster.Nodes;
        Nfs = cluster.Nfs;
        Kubernetes = cluster.Kubernetes;
        Git = cluster.Git;
        Storage = cluster.Services.Storage;
        TraefikAddress = cluster.Services.Traefik.Address;
        RoutedHosts = Cluster.Model.RoutedHosts.Of(cluster);
        Facts = DefinitionFacts.From(cluster);
        SharingKeys = cluster.Services.MetalLb.SharedAddresses.GroupBy(s => s.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().SharingKey, StringComparer.Ordinal);
        _controlPlane = new Lazy<Node>(() => cluster.ControlPlane);
        ExcludedFromLoadBalancers = NodeScheduling.ExcludedFromLoadBalancers(cluster);
        NfsClaims = NfsStorageComponent.Claims(cluster.Services, cluster.Nfs).ToList();
        Secrets = ClusterDefinitionSecrets.From(cluster);
        EtcdBackup = cluster.Services.EtcdBackup;
    }

    public string Name { get; }

    public Network Network { get; }

    public IReadOnlyList<Node> Nodes { get; }

    public NfsServer Nfs { get; }

    public KubernetesSettings Kubernetes { get; }

    public GitSource Git { get; }

    /// <summary>The NFS storage settings every claim and volume uses (storage class, mount options).</summary>
    public NfsStorage Storage { get; }

    /// <summary>Where every routed host name resolves (AdGuard's rewrites).</summary>
    public string TraefikAddress { get; }

    /// <summary>Every host name Traefik routes, in declaration order (<see cref="Cluster.Model.RoutedHosts"/>).</summary>
    public IReadOnlyList<string> RoutedHosts { get; }

    /// <summary>The definition's facts (addresses, names, …) as the rules see them.</summary>
    public IReadOnlyList<Fact> Facts { get; }

    /// <summary>MetalLB sharing key per shared LoadBalancer address.</summary>
    public IReadOnlyDictionary<string, string> SharingKeys { get; }

    private readonly Lazy<Node> _controlPlane;

    /// <summary>The one control-plane node; asked for only by builders that place something there.</summary>
    public Node ControlPlane => _controlPlane.Value;

    /// <summary>Nodes MetalLB never announces from (<see cref="NodeScheduling.ExcludedFromLoadBalancers"/>).</summary>
    public IReadOnlyList<Node> ExcludedFromLoadBalancers { get; }

    /// <summary>One (namespace, export) pair per NFS claim any service makes.</summary>
    public IReadOnlyList<(string Namespace, NfsExport Export)> NfsClaims { get; }

    /// <summary>Every Secret the model references (generated catalog).</summary>
    public IReadOnlyList<DeclaredSecret> Secrets { get; }

    /// <summary>The backup whose alerts Prometheus carries (a cross-component fact of monitoring).</summary>
    public EtcdBackup EtcdBackup { get; }
}
