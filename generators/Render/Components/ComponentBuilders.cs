using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// Which builder renders which service. The visitor interface is generated from ClusterServices, so a new service
/// record does not compile here until it has a builder: no reflection, no hand-kept list to forget. Each builder gets
/// the record visited and the <see cref="RenderContext"/> computed once for the whole render.
/// </summary>
public sealed class ComponentBuilders(RenderContext context) : IClusterServiceVisitor<IEnumerable<ManifestFile>>
{
    public IEnumerable<ManifestFile> Visit(Flannel service) => FlannelNetwork.Build(service, context);

    public IEnumerable<ManifestFile> Visit(MetalLb service) => MetalLbComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(Traefik service) => TraefikComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(NfsStorage service) => NfsStorageComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(AdGuardHome service) => AdGuardComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(Torrent service) => TorrentComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(Monitoring service) => MonitoringComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(ClusterDashboard service) => HeadlampComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(EtcdBackup service) => EtcdBackupComponent.Build(service, context);

    public IEnumerable<ManifestFile> Visit(IReadOnlyList<WebApp> service) => WebAppComponent.Build(service, context);
}
