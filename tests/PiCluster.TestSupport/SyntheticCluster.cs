using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;

namespace PiCluster.TestSupport;

/// <summary>Clusters of any size for the render benchmark and the size-limit tests.</summary>
public static class SyntheticCluster
{
    /// <summary>The home cluster plus enough web apps to reach N services; every tenth app mounts the general export.</summary>
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
                Storage: i % 10 == 0 ? new NfsVolume("general", $"apps/app{i:D4}") : null))
            .ToList();
        return home with { Services = home.Services with { WebApps = apps } };
    }
}
