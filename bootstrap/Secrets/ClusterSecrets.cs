using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>What a Secret's value is made from: operator input, or a random value bootstrap may generate.</summary>
/// <param name="Key">Name in the local store and in the environment variable.</param>
/// <param name="Default">Used when nothing is given (e.g. a user name); null = generate randomly (or required, see <see cref="Generate"/>).</param>
/// <param name="Generate">False for values nobody can invent (a registry token): missing ⇒ error.</param>
/// <param name="Generator">Makes the value when it is missing (a CA); null = 32 random URL-safe characters.</param>
public sealed record SecretInput(string Key, string? Default = null, bool Generate = true, Func<string>? Generator = null);

/// <summary>The kind of Secret and how its data keys are computed from the inputs.</summary>
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

    /// <summary>kubernetes.io/tls: a server certificate for *.domain (+ hosts) issued from the stored cluster CA; inputs ca, domain, hosts.</summary>
    ClusterCaTls,
}

/// <summary>One Secret the rendered tree references by name and bootstrap must create.</summary>
/// <param name="Consumer">Which model field names it, for messages ("Services.Traefik.DashboardAuthSecret").</param>
public sealed record ClusterSecret(string Namespace, string Name, string Consumer, SecretShape Shape, IReadOnlyList<SecretInput> Inputs)
{
    /// <summary>Key of the entry in .picluster/secrets.yaml: "&lt;namespace&gt;/&lt;name&gt;".</summary>
    public string StoreKey => $"{Namespace}/{Name}";
}

/// <summary>Every Secret the services reference (rendered/ only names them); optional ones only when the model sets them.</summary>
public static class ClusterSecrets
{
    public static IReadOnlyList<ClusterSecret> For(ClusterDefinition cluster)
    {
        var services = cluster.Services;
        List<ClusterSecret> secrets =
        [
            new(services.Traefik.Namespace, services.Traefik.DashboardAuthSecret, "Services.Traefik.DashboardAuthSecret", SecretShape.Htpasswd,
                [new("user", Default: "admin"), new("password")]),
            new(services.AdGuard.Namespace, services.AdGuard.AdminSecret, "Services.AdGuard.AdminSecret", SecretShape.BcryptPasswordHash,
                [new("password")]),
            new(services.Monitoring.Namespace, services.Monitoring.GrafanaAdminSecret, "Services.Monitoring.GrafanaAdminSecret", SecretShape.GrafanaAdmin,
                [new("user", Default: "admin"), new("password")]),
            new(services.Torrent.Namespace, services.Torrent.WebAuthSecret, "Services.Torrent.WebAuthSecret", SecretShape.Htpasswd,
                [new("user", Default: "admin"), new("password")]),
            // The CA is stored and reused (imported once by people); domain and hosts follow the model on every (re)issue.
            new(services.Traefik.Namespace, services.Traefik.TlsSecret, "Services.Traefik.TlsSecret", SecretShape.ClusterCaTls,
                [
                    new("ca", Generator: () => ClusterCertificateAuthority.Create(cluster.Name, DateTimeOffset.UtcNow)),
                    new("domain", Default: cluster.Network.Domain),
                    new("hosts", Default: string.Join(",", HostNames(cluster))),
                ]),
        ];
        if (services.Torrent.ImagePullSecret is { } pull)
        {
            secrets.Add(new(services.Torrent.Namespace, pull, "Services.Torrent.ImagePullSecret", SecretShape.DockerConfigJson,
                [new("registry", Default: "ghcr.io"), new("username", Generate: false), new("password", Generate: false)]));
        }
        return secrets;
    }

    /// <summary>Every host name Traefik routes (the model's HostName facts under Network.Domain), sorted.</summary>
    public static IEnumerable<string> HostNames(ClusterDefinition cluster) =>
        PiCluster.Cluster.Validation.DefinitionFacts.From(cluster)
            .Where(f => f.Kind == PiCluster.Cluster.Rules.FactKind.HostName)
            .Select(f => cluster.Network.HostName(f.Value))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
}
