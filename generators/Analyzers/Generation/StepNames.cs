namespace PiCluster.Analyzers.Generation;

/// <summary>Tracking names of the pipeline steps; the caching tests look them up by these constants.</summary>
public static class StepNames
{
    public const string ServiceCatalog = nameof(ServiceCatalog);
    public const string AddressCatalog = nameof(AddressCatalog);
    public const string DefinitionFacts = nameof(DefinitionFacts);
    public const string SecretCatalog = nameof(SecretCatalog);
}
