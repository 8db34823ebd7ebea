using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;

namespace PiCluster.TestSupport;

/// <summary>Clusters of any size for the render benchmark and the size-limit tests.</summary>
public static class SyntheticCluster
{
    /// <summary>An export beside the home cluster's own (not inside one: PI0015), open to every node.</summary>
    public static readonly NfsExport AppsExport = new("apps", "/media/nfs/apps", Capacity: "100Gi");

    /// <summary>The home cluster plus enough web apps to reach N services; every tenth app mounts an "apps" export (all nodes).</summary>
    public static ClusterDefinition WithServices(int services)
    {
        var home = HomeCluster.Definition;
        var fixedCount = ServiceCatalog.All(home.Services).Count() - home.Services.WebApps.Count;
        var apps = Enumerable.Range(1, Math.Max(0, services - fixedCount))
            .Select(i => new WebApp(
                Name: $"app{i:D4}",
                Image: new Image("nginxinc/nginx-unprivileged", "1.29-alpine"),
                Port: 8080,
                Host: $"app{i:D4}",
                Storage: i % 10 == 0 ? new NfsVolume(AppsExport.Name, $"app{i:D4}") : null))
            .ToList();
        return home with { Nfs = home.Nfs with { Exports = [.. home.Nfs.Exports, AppsExport] }, Services = home.Services with { WebApps = apps } };
    }
}
