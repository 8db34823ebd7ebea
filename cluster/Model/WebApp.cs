using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Model;

/// <summary>
/// A small web app published through Traefik at Host under the cluster domain: the way to add a service with one
/// record and no builder of its own. Runs in its own namespace named after it.
/// </summary>
/// <param name="Name">App name, also its namespace and object names.</param>
/// <param name="Port">Container port serving HTTP.</param>
/// <param name="Host">Host label under <see cref="Network.Domain"/>.</param>
/// <param name="Storage">Optional NFS export mounted at <paramref name="MountPath"/>.</param>
public sealed record WebApp(
    [ClusterFact(FactKind.ObjectName), FactKey] string Name,
    Image Image,
    int Port,
    [ClusterFact(FactKind.HostName)] string Host,
    int Replicas = 1,
    NfsVolume? Storage = null,
    string MountPath = "/data") : IUsesNfs
{
    public string Namespace => Name;

    public IEnumerable<NfsVolume> NfsVolumes => Storage is null ? [] : [Storage];
}
