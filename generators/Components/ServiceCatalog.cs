using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>Every service record of the cluster, in declaration order.</summary>
public static class ServiceCatalog
{
    public static IEnumerable<object> All(ClusterServices services) =>
    [
        services.Flannel, services.MetalLb, services.Traefik, services.Storage, services.AdGuard, services.Torrent,
        services.Monitoring, services.Dashboard, services.EtcdBackup,
    ];
}
