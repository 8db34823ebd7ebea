using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Model;

/// <summary>Every service the cluster runs, one record each.</summary>
[ServiceCatalog]
public sealed partial record ClusterServices(
    Flannel Flannel,
    MetalLb MetalLb,
    Traefik Traefik,
    NfsStorage Storage,
    AdGuardHome AdGuard,
    Torrent Torrent,
    IReadOnlyList<WebApp> WebApps);

/// <summary>A pinned Helm chart: which repository, which chart, which exact version.</summary>
public sealed record HelmChart(string Repository, string Name, string Version);

/// <summary>A container image pinned by tag.</summary>
public sealed record Image(string Repository, string Tag)
{
    public override string ToString() => $"{Repository}:{Tag}";
}

/// <summary>Pod network with flannel; rendered as plain manifests so bootstrap can apply it before Flux runs.</summary>
/// <param name="Backend">flannel backend; host-gw needs every node on one L2 segment.</param>
/// <param name="CniBinDir">Where the node's CNI plugins live; Alpine's cni-plugins package uses /usr/libexec/cni.</param>
public sealed record Flannel(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    string Backend,
    string CniBinDir,
    Image Image,
    Image CniPluginImage);

/// <summary>MetalLB in L2 mode announcing <see cref="Network.LoadBalancerPool"/>.</summary>
public sealed record MetalLb(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    HelmChart Chart,
    [ClusterFact(FactKind.ObjectName)] string PoolName);

/// <summary>Traefik ingress on a fixed LoadBalancer address, with its dashboard behind basic auth.</summary>
/// <param name="Address">LoadBalancer address requested from MetalLB.</param>
/// <param name="DashboardHost">Host label of the dashboard under <see cref="Network.Domain"/> ("traefik" → traefik.local).</param>
/// <param name="DashboardAuthSecret">Name of the Secret (htpasswd "users" key) that bootstrap creates; never rendered.</param>
public sealed record Traefik(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    HelmChart Chart,
    [ClusterFact(FactKind.LoadBalancerAddress)] string Address,
    [ClusterFact(FactKind.HostName)] string DashboardHost,
    string DashboardAuthSecret);

/// <summary>How the NFS exports become Kubernetes volumes: static PersistentVolumes, one per claim.</summary>
/// <param name="StorageClassName">Class name shared by the static PVs and their claims, so no dynamic provisioner ever answers.</param>
/// <param name="MountOptions">NFS mount options for every PV.</param>
public sealed record NfsStorage(string StorageClassName, IReadOnlyList<string> MountOptions);

/// <summary>A claim on an NFS export by a service.</summary>
/// <param name="Export">Name of an <see cref="NfsExport"/>.</param>
/// <param name="SubPath">Directory inside the export, relative; empty for the export root.</param>
public sealed record NfsVolume(
    [ClusterFact(FactKind.NfsVolumeExport)] string Export,
    [ClusterFact(FactKind.NfsSubPath)] string SubPath = "");

/// <summary>AdGuard Home DNS (apps issue renders it); addresses are fixed LoadBalancer IPs.</summary>
/// <param name="DnsAddress">Main DNS address clients use.</param>
/// <param name="CatchAllAddress">Second address, e.g. for clients with hard-coded DNS redirected by the router.</param>
public sealed record AdGuardHome(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    Image Image,
    [ClusterFact(FactKind.LoadBalancerAddress)] string DnsAddress,
    [ClusterFact(FactKind.LoadBalancerAddress)] string CatchAllAddress,
    /// <summary>Host label of the web UI under <see cref="Network.Domain"/>.</summary>
    [ClusterFact(FactKind.HostName)] string Host,
    [ClusterFact(FactKind.SingleWriterReplicas)] int Replicas,
    NfsVolume Storage) : IUsesNfs
{
    public IEnumerable<NfsVolume> NfsVolumes => [Storage];
}

/// <summary>rTorrent + Flood (apps issue renders it).</summary>
/// <param name="Address">LoadBalancer address for the peer port.</param>
public sealed record Torrent(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    [ClusterFact(FactKind.LoadBalancerAddress)] string Address,
    [ClusterFact(FactKind.HostName)] string Host,
    [ClusterFact(FactKind.SingleWriterReplicas)] int Replicas,
    int PeerPort,
    NfsVolume Storage) : IUsesNfs
{
    public IEnumerable<NfsVolume> NfsVolumes => [Storage];
}

/// <summary>A service that keeps data on NFS exports; the storage component gives it one static volume per export.</summary>
public interface IUsesNfs
{
    string Namespace { get; }

    IEnumerable<NfsVolume> NfsVolumes { get; }
}
