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

    // Rendered by the apps issue; the model already reserves their addresses and NFS volumes.
    public IEnumerable<ManifestFile> Visit(AdGuardHome service) => [];

    public IEnumerable<ManifestFile> Visit(Torrent service) => [];

    public IEnumerable<ManifestFile> Visit(IReadOnlyList<WebApp> service) => WebAppComponent.Build(cluster);
}
