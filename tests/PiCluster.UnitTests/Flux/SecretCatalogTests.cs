using PiCluster.Bootstrap.Secrets;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Flux;

/// <summary>One catalog: `bootstrap secrets` creates exactly the generated catalog's bootstrap entries, with exactly their keys.</summary>
public sealed class SecretCatalogTests
{
    private static readonly ClusterDefinition Everything = HomeCluster.Definition with
    {
        Services = HomeCluster.Definition.Services with { Torrent = HomeCluster.Definition.Services.Torrent with { ImagePullSecret = "ghcr-pull" } },
    };

    [Fact]
    public void Bootstrap_creates_the_catalogs_secrets_with_the_keys_the_catalog_declares()
    {
        var declared = DeclaredSecrets.Of(Everything);
        Assert.Equal(7, declared.Count);
        var bootstrap = BootstrapSecrets.For(Everything, TimeProvider.System);
        Assert.Equal(declared.Select(d => $"{d.Namespace}/{d.Name}"), bootstrap.Select(b => b.StoreKey));
        foreach (var (entry, secret) in declared.Zip(bootstrap))
        {
            Assert.Equal(entry.Field, secret.Consumer);
            var values = secret.Inputs.Select(i => new SecretValue(i.Key, i.Default ?? i.Generator?.Invoke() ?? "value-" + i.Key, SecretValueSource.Default)).ToList();
            Assert.Equal(entry.Keys.Order(StringComparer.Ordinal), SecretObjects.Build(secret, values, DateTimeOffset.UtcNow).Data.Keys.Order(StringComparer.Ordinal));
        }
    }
}
