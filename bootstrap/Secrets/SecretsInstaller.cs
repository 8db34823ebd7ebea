using k8s.Models;
using PiCluster.Bootstrap.Remote;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>What happened to one Secret (names and sources only, never values).</summary>
public sealed record SecretOutcome(ClusterSecret Secret, string Action, IReadOnlyList<(string Key, SecretValueSource Source)> Sources);

/// <summary>
/// bootstrap secrets: resolve every referenced Secret from the local store / environment (generating what is missing),
/// then create it on the control plane with kubectl over SSH (stdin only). An existing Secret is left alone unless
/// rotate is set, so a second run changes nothing.
/// </summary>
public sealed class SecretsInstaller(ClusterDefinition cluster, SecretStore store, TextWriter log)
{
    public IReadOnlyList<ClusterSecret> Secrets { get; } = ClusterSecrets.For(cluster);

    public async Task<IReadOnlyList<SecretOutcome>> RunAsync(RemoteKubectl kubectl, bool rotate, CancellationToken cancellationToken)
    {
        var outcomes = new List<SecretOutcome>();
        // Only resolve (and so generate) values for Secrets that will be written.
        var wanted = new List<ClusterSecret>();
        foreach (var secret in Secrets)
        {
            if (!rotate && await kubectl.ExistsAsync("secret", secret.Namespace, secret.Name, cancellationToken))
            {
                outcomes.Add(new(secret, "exists, left unchanged (use --rotate to replace it)", []));
                continue;
            }
            wanted.Add(secret);
        }
        var resolved = store.Resolve(wanted);
        foreach (var secret in wanted)
        {
            var values = resolved[secret];
            var objects = new object[]
            {
                // Flux creates the app namespaces too; creating it here lets the Secret exist before Flux gets there.
                new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = secret.Namespace } },
                SecretObjects.Build(secret, values),
            };
            await kubectl.ApplyAsync(objects, $"Secret {secret.StoreKey}", sensitive: true, cancellationToken);
            outcomes.Add(new(secret, rotate ? "applied (--rotate)" : "created", values.Select(v => (v.Key, v.Source)).ToList()));
        }
        foreach (var outcome in outcomes.OrderBy(o => o.Secret.StoreKey, StringComparer.Ordinal))
        {
            var sources = string.Join(", ", outcome.Sources.Select(s => $"{s.Key}: {Describe(s.Source)}"));
            log.WriteLine($"Secret {outcome.Secret.StoreKey} ({outcome.Secret.Consumer}): {outcome.Action}{(sources.Length > 0 ? $" — {sources}" : "")}");
        }
        if (outcomes.Any(o => o.Sources.Any(s => s.Source is SecretValueSource.Generated or SecretValueSource.StoreFile)))
            log.WriteLine($"Values are kept in {store.Path} (git-ignored, mode 0600); the passwords to log in are there.");
        return outcomes;
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
