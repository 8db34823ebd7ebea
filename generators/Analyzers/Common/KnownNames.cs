namespace PiCluster.Analyzers.Common;

/// <summary>Metadata names of the attributes in cluster/; matched by name so the analyzer needs no reference to that assembly.</summary>
internal static class KnownNames
{
    public const string ClusterFact = "PiCluster.Cluster.Rules.ClusterFactAttribute";
    public const string FactKey = "PiCluster.Cluster.Rules.FactKeyAttribute";
    public const string NestedFact = "PiCluster.Cluster.Rules.NestedFactAttribute";
    public const string DefinitionRoot = "PiCluster.Cluster.Rules.DefinitionRootAttribute";
    public const string ServiceCatalog = "PiCluster.Cluster.Model.ServiceCatalogAttribute";
    public const string AddressCatalog = "PiCluster.Cluster.Model.AddressCatalogAttribute";
    public const string SecretName = "PiCluster.Cluster.Model.SecretNameAttribute";
}
