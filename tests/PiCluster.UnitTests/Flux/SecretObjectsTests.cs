using System.Text;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Secrets;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Flux;

public class SecretObjectsTests
{
    private static readonly Cluster.Model.ClusterDefinition WithPullSecret = HomeCluster.Definition with
    {
        Services = HomeCluster.Definition.Services with { Torrent = HomeCluster.Definition.Services.Torrent with { ImagePullSecret = "ghcr-pull" } },
    };

    private static ClusterSecret Pull => BootstrapSecrets.For(WithPullSecret, TimeProvider.System).Single(s => s.Shape == Cluster.Model.SecretShape.DockerConfigJson);

    [Fact]
    public void Every_secret_the_model_names_is_listed_and_the_pull_secret_only_when_set()
    {
        // Declaration order of the generated catalog (ClusterServices, then each record's parameters).
        Assert.Equal(["traefik/traefik-dashboard-auth", "traefik/picluster-tls", "adguard/adguard-admin", "torrent/torrent-web-auth", "monitoring/grafana-admin", "monitoring/alert-receiver"],
            BootstrapSecrets.For(HomeCluster.Definition, TimeProvider.System).Select(s => s.StoreKey));
        Assert.Equal("torrent/ghcr-pull", Pull.StoreKey);
    }

    [Fact]
    public void A_pull_secret_needs_given_credentials_and_becomes_a_dockerconfigjson()
    {
        using var temp = new TempDir();
        var pull = Pull;
        var missing = Assert.Throws<BootstrapException>(() => new SecretStore(temp.Sub("secrets.yaml"), _ => null).Resolve([pull]));
        Assert.Contains("$PICLUSTER_SECRET_TORRENT_GHCR_PULL_USERNAME", missing.Message);
        Assert.False(File.Exists(temp.Sub("secrets.yaml")));

        var env = new Dictionary<string, string> { ["PICLUSTER_SECRET_TORRENT_GHCR_PULL_USERNAME"] = "me", ["PICLUSTER_SECRET_TORRENT_GHCR_PULL_PASSWORD"] = "ghp_token" };
        var values = new SecretStore(temp.Sub("secrets.yaml"), env.GetValueOrDefault).Resolve([pull])[pull];
        var secret = SecretObjects.Build(pull, values, DateTimeOffset.UtcNow);
        Assert.Equal("kubernetes.io/dockerconfigjson", secret.Type);
        var json = Encoding.UTF8.GetString(secret.Data[".dockerconfigjson"]);
        Assert.Contains("\"ghcr.io\"", json);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("me:ghp_token")), json);
    }

    [Fact]
    public void Generated_values_are_long_random_and_reused_from_the_store()
    {
        using var temp = new TempDir();
        var secrets = BootstrapSecrets.For(HomeCluster.Definition, TimeProvider.System);
        // The alert receiver's URL cannot be generated: the operator gives it (here through the environment).
        var env = new Dictionary<string, string> { ["PICLUSTER_SECRET_MONITORING_ALERT_RECEIVER_CREDENTIAL"] = "https://ntfy.sh/picluster-test" };
        var first = new SecretStore(temp.Sub("secrets.yaml"), env.GetValueOrDefault).Resolve(secrets);
        var second = new SecretStore(temp.Sub("secrets.yaml"), env.GetValueOrDefault).Resolve(secrets);
        var passwords = first.Values.SelectMany(v => v).Where(v => v.Key == "password").ToList();
        Assert.Equal(4, passwords.Distinct().Count());
        Assert.All(passwords, p => Assert.Matches("^[A-Za-z0-9_-]{32}$", p.Value));
        Assert.All(passwords, p => Assert.Equal(SecretValueSource.Generated, p.Source));
        Assert.Equal(passwords.Select(p => p.Value), second.Values.SelectMany(v => v).Where(v => v.Key == "password").Select(v => v.Value));
        Assert.All(second.Values.SelectMany(v => v).Where(v => v.Key == "password"), p => Assert.Equal(SecretValueSource.StoreFile, p.Source));
        File.WriteAllText(temp.Sub("secrets.yaml"), "[not: a map");
        Assert.Throws<BootstrapException>(() => new SecretStore(temp.Sub("secrets.yaml"), env.GetValueOrDefault).Resolve(secrets));
    }

    [Fact]
    public void The_alert_receivers_credential_is_never_generated_and_lands_as_given()
    {
        using var temp = new TempDir();
        var receiver = BootstrapSecrets.For(HomeCluster.Definition, TimeProvider.System).Single(s => s.Shape == Cluster.Model.SecretShape.OperatorValues);
        Assert.Equal("monitoring/alert-receiver", receiver.StoreKey);
        var input = Assert.Single(receiver.Inputs);
        Assert.Equal("credential", input.Key);
        Assert.False(input.Generate);
        var missing = Assert.Throws<BootstrapException>(() => new SecretStore(temp.Sub("secrets.yaml"), _ => null).Resolve([receiver]));
        Assert.Contains("$PICLUSTER_SECRET_MONITORING_ALERT_RECEIVER_CREDENTIAL", missing.Message);
        Assert.Contains("Services.Monitoring.AlertReceiverSecret", missing.Message);

        File.WriteAllText(temp.Sub("secrets.yaml"), "monitoring/alert-receiver:\n  credential: https://ntfy.sh/from-the-store\n");
        var values = new SecretStore(temp.Sub("secrets.yaml"), _ => null).Resolve([receiver])[receiver];
        var secret = SecretObjects.Build(receiver, values, DateTimeOffset.UnixEpoch);
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("https://ntfy.sh/from-the-store", Encoding.UTF8.GetString(Assert.Single(secret.Data).Value));
    }

    [Fact]
    public void Htpasswd_lines_verify_and_refuse_a_colon_in_the_user()
    {
        var line = SecretObjects.Htpasswd("admin", "s3cret");
        Assert.StartsWith("admin:$2y$10$", line);
        Assert.True(BCrypt.Net.BCrypt.Verify("s3cret", line["admin:".Length..]));
        Assert.Throws<BootstrapException>(() => SecretObjects.Htpasswd("ad:min", "x"));
    }
}
