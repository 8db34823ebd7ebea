using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// Which builder renders which service. The visitor interface is generated from ClusterServices, so a new service
/// record does not compile here until it has a builder: no reflection, no hand-kept list to forget.
/// </summary>
public sealed class ComponentBuilders(ClusterDefinition cluster) : IClusterServiceVisitor<IEnumerable<ManifestFile>>
{
    public IEnumerable<ManifestFile> Visit(Flannel service) => FlannelNetwork.Build(cluster);

    public IEnumerable<ManifestFile> Visit(MetalLb service) => MetalLbComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(Traefik service) => TraefikComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(NfsStorage service) => NfsStorageComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(AdGuardHome service) => AdGuardComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(Torrent service) => TorrentComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(Monitoring service) => MonitoringComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(ClusterDashboard service) => HeadlampComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(EtcdBackup service) => EtcdBackupComponent.Build(cluster);

    public IEnumerable<ManifestFile> Visit(IReadOnlyList<WebApp> service) => WebAppComponent.Build(cluster);
}
