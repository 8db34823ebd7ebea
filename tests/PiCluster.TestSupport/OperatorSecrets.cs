using PiCluster.Bootstrap.Secrets;
using PiCluster.Cluster.Model;

namespace PiCluster.TestSupport;

/// <summary>
/// The Secret inputs `bootstrap secrets` cannot generate for a definition (the alert receiver's URL, a registry login),
/// as an operator sets them: PICLUSTER_SECRET_* variables with made-up values, for runs that create every Secret.
/// </summary>
public static class OperatorSecrets
{
    public static Dictionary<string, string> Environment(ClusterDefinition cluster) =>
        BootstrapSecrets.For(cluster, TimeProvider.System)
            .SelectMany(secret => secret.Inputs.Where(i => !i.Generate && i.Default is null).Select(input => (secret, input)))
            .ToDictionary(p => SecretStore.VariableName(p.secret, p.input), p => $"operator-{p.secret.Name}-{p.input.Key}", StringComparer.Ordinal);
}
