using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Validation;

/// <summary>
/// Turns a definition into the facts <see cref="DefinitionRules"/> judges. The extraction is generated from the
/// [ClusterFact] attributes on the model (cluster/Generated/…/ClusterDefinitionFacts.g.cs), the same attributes
/// the analyzers read, so a new service record only needs its attributes.
/// </summary>
public static class DefinitionFacts
{
    public static IReadOnlyList<Fact> From(ClusterDefinition cluster) => ClusterDefinitionFacts.From(cluster);
}
