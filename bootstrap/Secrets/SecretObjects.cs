using System.Text;
using System.Text.Json;
using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>Builds the typed V1Secret for a resolved <see cref="ClusterSecret"/> (hashes computed here, never stored).</summary>
public static class SecretObjects
{
    /// <summary>bcrypt cost: Traefik and AdGuard check it on every login; 10 keeps a Pi's login fast enough.</summary>
    public const int BcryptCost = 10;

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <param name="now">When a server certificate issued for the Secret starts to be valid.</param>
    public static V1Secret Build(ClusterSecret secret, IReadOnlyList<SecretValue> values, DateTimeOffset now)
    {
        string Value(string key) => values.Single(v => v.Key == key).Value;
        var (type, data) = secret.Shape switch
        {
            SecretShape.Htpasswd => ("Opaque", new Dictionary<string, string> { [SecretKeys.Users] = Htpasswd(Value(SecretInputKeys.User), Value(SecretInputKeys.Password)) }),
            SecretShape.GrafanaAdmin => ("Opaque", new Dictionary<string, string> { [SecretKeys.AdminUser] = Value(SecretInputKeys.User), [SecretKeys.AdminPassword] = Value(SecretInputKeys.Password) }),
            SecretShape.BcryptPasswordHash => ("Opaque", new Dictionary<string, string> { [SecretKeys.PasswordHash] = Bcrypt(Value(SecretInputKeys.Password), 'a') }),
            SecretShape.DockerConfigJson => ("kubernetes.io/dockerconfigjson", new Dictionary<string, string> { [SecretKeys.DockerConfigJson] = DockerConfig(Value(SecretInputKeys.Registry), Value(SecretInputKeys.Username), Value(SecretInputKeys.Password)) }),
            SecretShape.ClusterCaTls => ("kubernetes.io/tls", ServerCertificate(Value(SecretInputKeys.Ca), Value(SecretInputKeys.Domain), Value(SecretInputKeys.Hosts), now)),
            SecretShape.OperatorValues => ("Opaque", secret.Inputs.ToDictionary(i => i.Key, i => Value(i.Key))),
            _ => throw new ArgumentOutOfRangeException(nameof(secret), secret.Shape, "unknown secret shape"),
        };
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = secret.Name,
                NamespaceProperty = secret.Namespace,
                Labels = new Dictionary<string, string> { [ManagedByLabel] = "picluster-bootstrap" },
            },
            Type = type,
            Data = data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value)),
        };
    }

    /// <summary>One htpasswd line with a $2y$ bcrypt hash (Apache's marker; Traefik accepts it).</summary>
    public static string Htpasswd(string user, string password)
    {
        if (user.Contains(':', StringComparison.Ordinal) || user.Contains('\n', StringComparison.Ordinal))
            throw new BootstrapException($"htpasswd user name '{user}' may not contain ':' or a line break.");
        return $"{user}:{Bcrypt(password, 'y')}";
    }

    public static string Bcrypt(string password, char revision) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(BcryptCost, revision));

    private static Dictionary<string, string> ServerCertificate(string ca, string domain, string hosts, DateTimeOffset now)
    {
        var (chain, key) = ClusterCertificateAuthority.IssueServerCertificate(ca, domain, hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), now);
        return new Dictionary<string, string> { [SecretKeys.TlsCertificate] = chain, [SecretKeys.TlsPrivateKey] = key };
    }

    private static string DockerConfig(string registry, string user, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object> { [registry] = new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["auth"] = auth } },
        });
    }
}
