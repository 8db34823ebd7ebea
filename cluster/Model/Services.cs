namespace PiCluster.Cluster.Model;

/// <summary>Every service the cluster runs, one record each.</summary>
public sealed record ClusterServices(
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
    string Namespace,
    string Backend,
    string CniBinDir,
    Image Image,
    Image CniPluginImage);

/// <summary>MetalLB in L2 mode announcing <see cref="Network.LoadBalancerPool"/>.</summary>
public sealed record MetalLb(string Namespace, HelmChart Chart, string PoolName);

/// <summary>Traefik ingress on a fixed LoadBalancer address, with its dashboard behind basic auth.</summary>
/// <param name="Address">LoadBalancer address requested from MetalLB.</param>
/// <param name="DashboardHost">Host label of the dashboard under <see cref="Network.Domain"/> ("traefik" → traefik.local).</param>
/// <param name="DashboardAuthSecret">Name of the Secret (htpasswd "users" key) that bootstrap creates; never rendered.</param>
public sealed record Traefik(
    string Namespace,
    HelmChart Chart,
    string Address,
    string DashboardHost,
    string DashboardAuthSecret);

/// <summary>How the NFS exports become Kubernetes volumes: static PersistentVolumes, one per claim.</summary>
/// <param name="StorageClassName">Class name shared by the static PVs and their claims, so no dynamic provisioner ever answers.</param>
/// <param name="MountOptions">NFS mount options for every PV.</param>
public sealed record NfsStorage(string StorageClassName, IReadOnlyList<string> MountOptions);

/// <summary>A claim on an NFS export by a service.</summary>
/// <param name="Export">Name of an <see cref="NfsExport"/>.</param>
/// <param name="SubPath">Directory inside the export, relative; empty for the export root.</param>
public sealed record NfsVolume(string Export, string SubPath = "");

/// <summary>AdGuard Home DNS (apps issue renders it); addresses are fixed LoadBalancer IPs.</summary>
/// <param name="DnsAddress">Main DNS address clients use.</param>
/// <param name="CatchAllAddress">Second address, e.g. for clients with hard-coded DNS redirected by the router.</param>
public sealed record AdGuardHome(
    string Namespace,
    Image Image,
    string DnsAddress,
    string CatchAllAddress,
    /// <summary>Host label of the web UI under <see cref="Network.Domain"/>.</summary>
    string Host,
    int Replicas,
    NfsVolume Storage) : IUsesNfs
{
    public IEnumerable<NfsVolume> NfsVolumes => [Storage];
}

/// <summary>rTorrent + Flood (apps issue renders it).</summary>
/// <param name="Address">LoadBalancer address for the peer port.</param>
public sealed record Torrent(
    string Namespace,
    string Address,
    string Host,
    int Replicas,
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
