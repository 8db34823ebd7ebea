using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Model;

/// <summary>The whole cluster: what it runs on, how it is reached and what it serves.</summary>
[DefinitionRoot]
public sealed record ClusterDefinition(
    [ClusterFact(FactKind.ObjectName)] string Name,
    Network Network,
    IReadOnlyList<Node> Nodes,
    NfsServer Nfs,
    KubernetesSettings Kubernetes,
    GitSource Git,
    BootstrapSettings Bootstrap,
    ClusterServices Services,
    FluxSettings Flux)
{
    /// <summary>The one node with the role ControlPlane (rule PI0011 holds a valid definition to exactly one).</summary>
    public Node ControlPlane =>
        Nodes.FirstOrDefault(n => n.Role == NodeRole.ControlPlane)
        ?? throw new ClusterInputException("Nodes: no node has the role ControlPlane; exactly one is needed (PI0011).");

    /// <summary>Every node with the role Worker, in definition order.</summary>
    public IReadOnlyList<Node> Workers => [.. Nodes.Where(n => n.Role == NodeRole.Worker)];
}

/// <summary>The LAN the Pis sit on and the address ranges carved out of it.</summary>
/// <param name="Subnet">The LAN as a CIDR, e.g. "192.168.50.0/24".</param>
/// <param name="Gateway">The router; nodes use it as default route and fallback DNS.</param>
/// <param name="UpstreamDns">Resolvers the nodes use (never only in-cluster DNS, so nodes boot without AdGuard).</param>
/// <param name="LoadBalancerPool">Addresses MetalLB may hand out to LoadBalancer Services.</param>
/// <param name="Domain">DNS domain under which every web UI is published (traefik.local, grafana.local, …); switch to e.g. "home.arpa" here.</param>
public sealed record Network(
    [ClusterFact(FactKind.Subnet)] string Subnet,
    [ClusterFact(FactKind.HostAddress)] string Gateway,
    [ClusterFact(FactKind.ReferencedAddress)] IReadOnlyList<string> UpstreamDns,
    [NestedFact(nameof(AddressRange.First), FactKind.PoolFirst), NestedFact(nameof(AddressRange.Last), FactKind.PoolLast)]
    AddressRange LoadBalancerPool,
    [ClusterFact(FactKind.Domain)] string Domain)
{
    /// <summary>The full host name for a service's host label, e.g. "grafana" → "grafana.local".</summary>
    public string HostName(string label) => $"{label}.{Domain}";
}

/// <summary>An inclusive IPv4 range such as 192.168.50.200–192.168.50.250.</summary>
public sealed record AddressRange(string First, string Last)
{
    public override string ToString() => $"{First}-{Last}";
}

public enum NodeRole
{
    ControlPlane,
    Worker,
}

/// <summary>One Raspberry Pi.</summary>
public sealed record Node(
    [ClusterFact(FactKind.NodeName), FactKey] string Name,
    [ClusterFact(FactKind.HostAddress)] string Address,
    [ClusterFact(FactKind.NodeRole)] NodeRole Role);

/// <summary>The LAN NFS server and the exports the cluster mounts.</summary>
/// <param name="Address">The server's LAN address.</param>
/// <param name="PlaceholderAddress">
/// The example address a definition ships with. While <see cref="Address"/> still equals it, `render` warns (it is not
/// an error: it may be your server's address too) and bootstrap's NFS preflight names it when a mount fails. Set
/// Address to your server's; leave this as it is.
/// </param>
public sealed record NfsServer(
    [ClusterFact(FactKind.HostAddress)] string Address,
    IReadOnlyList<NfsExport> Exports,
    string? PlaceholderAddress = null)
{
    /// <summary>True while the address is still the shipped example.</summary>
    public bool IsPlaceholder => PlaceholderAddress is not null && Address == PlaceholderAddress;
}

/// <summary>Values of a definition that are still examples: render prints them as warnings.</summary>
public static class Placeholders
{
    public static IEnumerable<string> Of(ClusterDefinition cluster)
    {
        if (cluster.Nfs.IsPlaceholder)
        {
            yield return $"Nfs.Address {cluster.Nfs.Address} is the example placeholder: set it to your NFS server's LAN address " +
                "(bootstrap's NFS preflight will fail until a server answers there).";
        }
    }
}

/// <summary>One exported directory; apps refer to it by <see cref="Name"/>.</summary>
/// <param name="Path">
/// Absolute path on the server. No export may lie inside another (PI0015): every client of the outer export reaches the
/// inner folder with the outer export's options, so the inner one could not be restricted further.
/// </param>
/// <param name="Capacity">Informational size for the PersistentVolume (NFS does not enforce it).</param>
/// <param name="Clients">
/// Which node addresses the server exports it to (rendered/README.md lists the /etc/exports line): the kubelet mounts
/// from the node, so nothing else on the LAN needs it. ControlPlane also pins every pod using it to the control plane
/// (node affinity on its PersistentVolume).
/// </param>
public sealed record NfsExport(
    [ClusterFact(FactKind.NfsExportName), FactKey] string Name,
    [ClusterFact(FactKind.NfsExportPath)] string Path,
    string Capacity = "100Gi",
    NfsClients Clients = NfsClients.AllNodes);

/// <summary>The node addresses an export is exported to; never the subnet (any LAN host could mount it as root).</summary>
public enum NfsClients
{
    /// <summary>Every node of the cluster (pods may run anywhere; bootstrap's NFS preflight mounts from the control plane).</summary>
    AllNodes,

    /// <summary>Only the control-plane node: for the etcd backups, which hold every Secret and the cluster CA's private key.</summary>
    ControlPlane,
}

/// <summary>Kubernetes itself, as kubeadm sets it up.</summary>
/// <param name="Version">
/// The Kubernetes minor the cluster runs and the lowest patch accepted, e.g. "v1.36.1": an Alpine branch keeps only its
/// newest package, so nodes get the newest patch of this minor the @k8s branch offers. Raise it (one minor at a time)
/// and run `bootstrap upgrade`.
/// </param>
/// <param name="PodCidr">Pod network; flannel's Network and kubeadm's podSubnet use this one value.</param>
/// <param name="ServiceCidr">ClusterIP range.</param>
/// <param name="PackageBranch">
/// The Alpine branch (e.g. "v3.25") whose community repository the nodes take kubeadm, kubelet and kubectl from, as the
/// tagged repository @k8s; null = the branch of <see cref="BootstrapSettings.AlpineVersion"/>. Each branch carries one
/// Kubernetes minor, so the next minor can come from the next branch before the OS moves (`bootstrap upgrade`).
/// </param>
public sealed record KubernetesSettings(
    string Version,
    [ClusterFact(FactKind.InternalCidr)] string PodCidr,
    [ClusterFact(FactKind.InternalCidr)] string ServiceCidr,
    string? PackageBranch = null);

/// <summary>The Git repository Flux syncs from.</summary>
/// <param name="Url">ssh:// or https:// clone URL.</param>
/// <param name="Path">Folder inside the repository that holds the rendered tree.</param>
public sealed record GitSource(string Url, string Branch, string Path = "rendered");

/// <summary>The Flux release bootstrap installs; its install manifest is cluster/Flux/install.yaml, which render copies to rendered/flux-system/gotk-components.yaml.</summary>
/// <param name="Version">Release tag of fluxcd/flux2, e.g. "v2.9.4".</param>
/// <param name="InstallManifestSha256">
/// SHA-256 (hex) of that release's install.yaml asset. `bootstrap flux-manifest` fetches against it, render and `bootstrap flux`
/// refuse a file that does not match. Null = not pinned yet: fetching then needs --sha256 &lt;hex&gt; or --from &lt;file&gt;.
/// </param>
public sealed record FluxSettings(string Version, string? InstallManifestSha256);
