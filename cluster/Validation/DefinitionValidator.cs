using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Validation;

/// <summary>Thrown when a definition breaks a rule; the message lists every violation, one per line.</summary>
public sealed class InvalidClusterDefinitionException(IReadOnlyList<Violation> violations)
    : Exception("The cluster definition is invalid:\n" + string.Join("\n", violations.Select(v => "  " + v)))
{
    public IReadOnlyList<Violation> Violations { get; } = violations;
}

public static class DefinitionValidator
{
    public static IReadOnlyList<Violation> Check(ClusterDefinition cluster) => DefinitionRules.Check(DefinitionFacts.From(cluster));

    public static void ThrowIfInvalid(ClusterDefinition cluster)
    {
        var violations = Check(cluster);
        if (violations.Count > 0) throw new InvalidClusterDefinitionException(violations);
    }
}
