namespace PiCluster.Cluster.Model;

/// <summary>Data keys of the Secrets the model names; builders, bootstrap and validate's rules all use these constants.</summary>
public static class SecretKeys
{
    /// <summary>htpasswd lines (Traefik basicAuth reads this key).</summary>
    public const string Users = "users";

    /// <summary>bcrypt hash of AdGuard's admin password.</summary>
    public const string PasswordHash = "password-hash";

    /// <summary>Grafana admin login (the chart's admin.userKey / admin.passwordKey).</summary>
    public const string AdminUser = "admin-user";

    public const string AdminPassword = "admin-password";

    /// <summary>kubernetes.io/dockerconfigjson registry credentials.</summary>
    public const string DockerConfigJson = ".dockerconfigjson";

    /// <summary>kubernetes.io/tls certificate chain and private key (PEM).</summary>
    public const string TlsCertificate = "tls.crt";

    public const string TlsPrivateKey = "tls.key";

    /// <summary>The alert receiver's secret value: a URL, a bot token or a password (<see cref="AlertReceiver.Credential"/>).</summary>
    public const string ReceiverCredential = "credential";

    /// <summary>A URL that is itself the secret (a heartbeat ping URL).</summary>
    public const string Url = "url";
}

/// <summary>The kind of Secret: which keys it holds and how bootstrap computes them from the operator's inputs.</summary>
public enum SecretShape
{
    /// <summary>htpasswd "users" key (bcrypt $2y$) for Traefik's basicAuth middleware; inputs user + password.</summary>
    Htpasswd,

    /// <summary>Grafana's admin-user / admin-password keys, plain.</summary>
    GrafanaAdmin,

    /// <summary>AdGuard's "password-hash" (bcrypt); input password (the user name is in the model).</summary>
    BcryptPasswordHash,

    /// <summary>kubernetes.io/dockerconfigjson from registry + username + password.</summary>
    DockerConfigJson,

    /// <summary>kubernetes.io/tls: a server certificate for *.domain (+ every routed host) issued from the stored cluster CA; inputs ca, domain, hosts.</summary>
    ClusterCaTls,

    /// <summary>
    /// Opaque; each key holds a value only the operator has (a webhook URL, a bot token, an SMTP password), stored as given.
    /// Never generated: `bootstrap secrets` stops with the key and the variable to set while one is missing.
    /// </summary>
    OperatorValues,
}

/// <summary>Who creates a Secret the model names.</summary>
public enum SecretSource
{
    /// <summary>`bootstrap secrets` creates it from the local store, the environment or random values.</summary>
    Bootstrap,

    /// <summary>A Helm chart of the cluster creates it; nothing outside the chart has to.</summary>
    Chart,

    /// <summary>The operator creates it by hand (kubectl); bootstrap never touches it.</summary>
    User,
}

/// <summary>
/// On a record parameter whose value names a Secret in the record's <c>Namespace</c>: the keys the Secret holds and who
/// creates it. The generator turns every such parameter into one entry of <c>ClusterDefinitionSecrets.From</c>, the one
/// catalog render, `bootstrap secrets` and validate's secret rule read.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SecretNameAttribute(SecretShape shape, params string[] keys) : Attribute
{
    public SecretShape Shape { get; } = shape;

    public IReadOnlyList<string> Keys { get; } = keys;

    public SecretSource Source { get; set; } = SecretSource.Bootstrap;
}

/// <summary>One Secret the definition names (a null optional name yields no entry).</summary>
/// <param name="Field">The model field that names it, e.g. "Services.Traefik.DashboardAuthSecret".</param>
public sealed record DeclaredSecret(string Namespace, string Name, string Field, SecretShape Shape, IReadOnlyList<string> Keys, SecretSource Source)
{
    public override string ToString() => $"{Namespace}/{Name} ({Field}; {Shape}; keys {string.Join(", ", Keys)}; {Source})";
}

/// <summary>Every Secret the definition names, from the generated catalog.</summary>
public static class DeclaredSecrets
{
    public static IReadOnlyList<DeclaredSecret> Of(ClusterDefinition cluster) => ClusterDefinitionSecrets.From(cluster);
}
