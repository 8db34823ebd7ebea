using System.Collections;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>Every service record of the cluster, in declaration order, lists flattened (from the generated catalog).</summary>
public static class ServiceCatalog
{
    public static IEnumerable<object> All(ClusterServices services) =>
        services.All.SelectMany(entry => entry.Service is IEnumerable many ? many.Cast<object>() : [entry.Service]);
}
