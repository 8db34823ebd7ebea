using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>What a Secret's value is made from: operator input, or a random value bootstrap may generate.</summary>
/// <param name="Key">Name in the local store and in the environment variable.</param>
/// <param name="Default">Used when nothing is given (e.g. a user name); null = generate randomly (or required, see <see cref="Generate"/>).</param>
/// <param name="Generate">False for values nobody can invent (a registry token): missing ⇒ error.</param>
/// <param name="Generator">Makes the value when it is missing (a CA); null = 32 random URL-safe characters.</param>
public sealed record SecretInput(string Key, string? Default = null, bool Generate = true, Func<string>? Generator = null);

/// <summary>
/// Names of the operator inputs a Secret is made from: keys in .picluster/secrets.yaml and the last part of
/// PICLUSTER_SECRET_* variables. Declared here once, read by <see cref="SecretObjects"/>.
/// </summary>
public static class SecretInputKeys
{
    public const string User = "user";
    public const string Password = "password";
    public const string Registry = "registry";
    public const string Username = "username";
    public const string Ca = "ca";
    public const string Domain = "domain";
    public const string Hosts = "hosts";
}

/// <summary>One Secret the rendered tree references by name and bootstrap must create.</summary>
/// <param name="Consumer">Which model field names it, for messages ("Services.Traefik.DashboardAuthSecret").</param>
public sealed record ClusterSecret(string Namespace, string Name, string Consumer, SecretShape Shape, IReadOnlyList<SecretInput> Inputs)
{
    /// <summary>Key of the entry in .picluster/secrets.yaml: "&lt;namespace&gt;/&lt;name&gt;".</summary>
    public string StoreKey => $"{Namespace}/{Name}";
}

/// <summary>
/// The Secrets `bootstrap secrets` creates: the entries of the generated catalog (<see cref="DeclaredSecrets"/>, from the
/// model's [SecretName] attributes) whose source is bootstrap; optional ones appear only when the model sets them.
/// </summary>
public static class BootstrapSecrets
{
    /// <param name="time">The clock a generated CA's validity starts from.</param>
    public static IReadOnlyList<ClusterSecret> For(ClusterDefinition cluster, TimeProvider time) =>
        DeclaredSecrets.Of(cluster)
            .Where(s => s.Source == SecretSource.Bootstrap)
            .Select(s => new ClusterSecret(s.Namespace, s.Name, s.Field, s.Shape, Inputs(s, cluster, time)))
            .ToList();

    /// <summary>The inputs of one catalog entry: an OperatorValues Secret takes each of its keys as given, never generated.</summary>
    public static IReadOnlyList<SecretInput> Inputs(DeclaredSecret secret, ClusterDefinition cluster, TimeProvider time) =>
        secret.Shape == SecretShape.OperatorValues
            ? [.. secret.Keys.Select(key => new SecretInput(key, Generate: false))]
            : Inputs(secret.Shape, cluster, time);

    /// <summary>The operator's inputs each shape is computed from (see <see cref="SecretObjects.Build"/>).</summary>
    public static IReadOnlyList<SecretInput> Inputs(SecretShape shape, ClusterDefinition cluster, TimeProvider time) => shape switch
    {
        SecretShape.Htpasswd or SecretShape.GrafanaAdmin => [new(SecretInputKeys.User, Default: "admin"), new(SecretInputKeys.Password)],
        SecretShape.BcryptPasswordHash => [new(SecretInputKeys.Password)],
        SecretShape.DockerConfigJson => [new(SecretInputKeys.Registry, Default: "ghcr.io"), new(SecretInputKeys.Username, Generate: false), new(SecretInputKeys.Password, Generate: false)],
        // The CA is stored and reused (imported once by people); domain and hosts follow the model on every (re)issue.
        SecretShape.ClusterCaTls =>
        [
            new(SecretInputKeys.Ca, Generator: () => ClusterCertificateAuthority.Create(cluster.Name, time.GetUtcNow())),
            new(SecretInputKeys.Domain, Default: cluster.Network.Domain),
            new(SecretInputKeys.Hosts, Default: string.Join(",", RoutedHosts.Of(cluster).Order(StringComparer.Ordinal))),
        ],
        SecretShape.OperatorValues => throw new ArgumentException("an OperatorValues Secret's inputs are its declared keys: use Inputs(DeclaredSecret, ClusterDefinition)", nameof(shape)),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown secret shape"),
    };
}
