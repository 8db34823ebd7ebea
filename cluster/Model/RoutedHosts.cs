using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Model;

/// <summary>
/// Every host name Traefik routes, from the [ClusterFact(FactKind.HostName)] parameters of the model (WebApps included),
/// in declaration order: AdGuard's seeded DNS rewrites and validate's rewrite rule both use this one list.
/// </summary>
public static class RoutedHosts
{
    public static IReadOnlyList<string> Of(ClusterDefinition cluster) =>
        ClusterDefinitionFacts.From(cluster)
            .Where(f => f.Kind == FactKind.HostName)
            .Select(f => cluster.Network.HostName(f.Value))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
