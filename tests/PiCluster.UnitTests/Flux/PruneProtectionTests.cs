namespace PiCluster.UnitTests.Flux;

/// <summary>
/// Issue 20 item 7: renaming a namespace or an export in the model must not make Flux delete data. Every
/// PersistentVolume and claim, and every Namespace holding a claim (Prometheus' comes from its chart's volume claim
/// template), carries kustomize.toolkit.fluxcd.io/prune: disabled.
/// </summary>
public sealed class PruneProtectionTests
{
    private const string Prune = "kustomize.toolkit.fluxcd.io/prune";

    [Fact]
    public void Volumes_claims_and_the_namespaces_holding_them_are_never_pruned()
    {
        var volumes = RenderedObjects.OfKind("PersistentVolume").ToList();
        var claims = RenderedObjects.OfKind("PersistentVolumeClaim").ToList();
        Assert.Equal(4, volumes.Count);
        Assert.All(volumes.Concat(claims), o => Assert.Equal("disabled", o.Str("metadata", "annotations", Prune)));

        var dataNamespaces = claims.Select(c => c.Str("metadata", "namespace")!)
            .Append(Cluster.HomeCluster.Definition.Services.Monitoring.Namespace)
            .Distinct()
            .Where(ns => RenderedObjects.OfKind("Namespace").Any(n => n.Str("metadata", "name") == ns))
            .ToList();
        Assert.Equal(["adguard", "monitoring", "torrent"], dataNamespaces.Order(StringComparer.Ordinal));
        foreach (var ns in dataNamespaces)
            Assert.Equal("disabled", RenderedObjects.Object("Namespace", ns).Str("metadata", "annotations", Prune));
        // Namespaces without data stay Flux's to clean up.
        Assert.Null(RenderedObjects.Object("Namespace", "headlamp").Str("metadata", "annotations", Prune));
    }

    [Fact]
    public void The_docs_say_how_to_recover_a_released_volume()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        Assert.Contains("Recovering a Released or Lost volume", readme);
        Assert.Contains("kubectl patch pv", readme);
        Assert.Contains("\"path\":\"/spec/claimRef\"", readme);
    }
}
