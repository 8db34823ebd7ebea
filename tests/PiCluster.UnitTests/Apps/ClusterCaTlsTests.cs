using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiCluster.Bootstrap.Secrets;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 8: bootstrap's cluster CA and the websecure certificate. Checked with .NET's own chain builder, trusting
/// only the CA (what a browser does after the import), and through the real secret store file.
/// </summary>
public class ClusterCaTlsTests
{
    // One instance per test: ClusterSecret is a record whose inputs hold a delegate, so two For() calls give unequal keys.
    private readonly ClusterSecret _tlsSecret = Assert.Single(BootstrapSecrets.For(HomeCluster.Definition, TimeProvider.System), s => s.Shape == SecretShape.ClusterCaTls);

    [Fact]
    public void The_tls_secret_is_declared_for_traefiks_namespace_under_the_model_name()
    {
        Assert.Equal(("traefik", "picluster-tls"), (_tlsSecret.Namespace, _tlsSecret.Name));
        Assert.Equal("Services.Traefik.TlsSecret", _tlsSecret.Consumer);
    }

    [Fact]
    public void The_server_certificate_chains_to_the_stored_ca_and_names_every_routed_host()
    {
        using var temp = new TempDir();
        var store = new SecretStore(Path.Combine(temp.Path, "secrets.yaml"), _ => null);
        var values = store.Resolve([_tlsSecret])[_tlsSecret];
        var secret = SecretObjects.Build(_tlsSecret, values, DateTimeOffset.UtcNow);
        Assert.Equal("kubernetes.io/tls", secret.Type);
        var chainPem = Encoding.UTF8.GetString(secret.Data["tls.crt"]);
        using var server = X509Certificate2.CreateFromPem(chainPem, Encoding.UTF8.GetString(secret.Data["tls.key"]));
        Assert.True(server.HasPrivateKey);

        using var ca = X509Certificate2.CreateFromPem(ClusterCertificateAuthority.CertificatePem(values.Single(v => v.Key == "ca").Value));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        Assert.True(chain.Build(server), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        foreach (var host in new[] { "traefik.local", "grafana.local", "adguard.local", "k8s.local", "torrent.local", "anything.local" })
            Assert.True(server.MatchesHostname(host), host);
        Assert.False(server.MatchesHostname("grafana.home.arpa"));
        Assert.True(server.NotAfter - server.NotBefore <= TimeSpan.FromDays(826));
    }

    [Fact]
    public void The_ca_is_made_once_and_reused_so_people_import_it_once()
    {
        using var temp = new TempDir();
        var path = Path.Combine(temp.Path, "secrets.yaml");
        var first = new SecretStore(path, _ => null).Resolve([_tlsSecret])[_tlsSecret].Single(v => v.Key == "ca");
        var second = new SecretStore(path, _ => null).Resolve([_tlsSecret])[_tlsSecret].Single(v => v.Key == "ca");
        Assert.Equal(SecretValueSource.Generated, first.Source);
        Assert.Equal(SecretValueSource.StoreFile, second.Source);
        Assert.Equal(first.Value, second.Value);
        var caFile = SecretsInstaller.SaveCaCertificate(path, second.Value);
        Assert.Equal(Path.Combine(temp.Path, "picluster-ca.crt"), caFile);
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(caFile));
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        Assert.Contains(ca.Extensions.OfType<X509BasicConstraintsExtension>(), e => e.CertificateAuthority);
    }

    [Fact]
    public void A_broken_stored_ca_gives_a_clear_error()
    {
        var error = Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() =>
            ClusterCertificateAuthority.IssueServerCertificate("not a pem", "local", [], DateTimeOffset.UtcNow));
        Assert.Contains("delete it from the secret store", error.Message);
    }
}
