using PiCluster.Render;
using k8s.Models;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>
/// bootstrap secrets: resolve a referenced Secret from the local store / environment (generating what is missing), then
/// create it on the control plane with kubectl over SSH (stdin only). <see cref="SecretsPhase"/> leaves an existing
/// Secret alone unless --rotate, so a second run changes nothing.
/// </summary>
public sealed class SecretsInstaller(ClusterDefinition cluster, SecretStore store, TextWriter log, TimeProvider time)
{
    public IReadOnlyList<ClusterSecret> Secrets { get; } = BootstrapSecrets.For(cluster, time);

    /// <summary>
    /// Resolves one Secret's values (generating and saving what is missing) and applies it; prints sources, never values.
    /// Returns the manifest applied (it holds the values: keep it in memory only), so the step can verify what it wrote.
    /// </summary>
    public async Task<string> ApplyAsync(RemoteKubectl kubectl, ClusterSecret secret, bool rotate, CancellationToken cancellationToken)
    {
        var values = store.Resolve([secret])[secret];
        var objects = new object[]
        {
            // Flux creates the app namespaces too; creating it here lets the Secret exist before Flux gets there.
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = secret.Namespace } },
            SecretObjects.Build(secret, values, time.GetUtcNow()),
        };
        var manifest = RemoteKubectl.Yaml(objects);
        await kubectl.ApplyAsync(manifest, $"Secret {secret.StoreKey}", sensitive: true, cancellationToken);
        if (secret.Shape == SecretShape.ClusterCaTls)
        {
            var caFile = SaveCaCertificate(store.Path, values.Single(v => v.Key == SecretInputKeys.Ca).Value);
            log.WriteLine($"Cluster CA certificate in {caFile}: import it once into your browser or OS trust store (it signs every *.{values.Single(v => v.Key == SecretInputKeys.Domain).Value} UI).");
        }
        var sources = string.Join(", ", values.Select(v => $"{v.Key}: {Describe(v.Source)}"));
        log.WriteLine($"Secret {secret.StoreKey} ({secret.Consumer}) {(rotate ? "replaced (--rotate)" : "created")} — {sources}");
        return manifest;
    }

    /// <summary>Writes the CA's certificate (public, no key) next to the secret store as picluster-ca.crt; returns its path.</summary>
    public static string SaveCaCertificate(string storePath, string caPem)
    {
        var path = Path.Combine(Path.GetDirectoryName(storePath)!, PiCluster.Render.Overview.ClusterOverview.CaCertificateFile);
        AtomicFile.Write(path, ClusterCertificateAuthority.CertificatePem(caPem));
        return path;
    }

    private string Describe(SecretValueSource source) => source switch
    {
        SecretValueSource.Environment => "from the environment",
        SecretValueSource.StoreFile => $"from {store.Path}",
        SecretValueSource.Default => "default",
        SecretValueSource.Generated => $"generated, saved in {store.Path}",
        _ => source.ToString(),
    };
}
