using Microsoft.CodeAnalysis;
using PiCluster.Analyzers.Common;

namespace PiCluster.Analyzers.Generation;

/// <summary>
/// The pipeline only: four attribute-driven inputs, each parsed into an equatable spec and emitted on its own.
/// Rule violations are the analyzer's job (<c>DefinitionRulesAnalyzer</c>); this generator reports nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ClusterGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The transforms re-run on every compilation change, but return equal specs for unrelated edits,
        // so the source outputs below stay Cached and nothing is re-emitted.
        var serviceCatalogs = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.ServiceCatalog, static (node, _) => true, ServiceCatalogParser.Parse)
            .WithTrackingName(StepNames.ServiceCatalog)
            .Where(static spec => spec is not null);
        context.RegisterSourceOutput(serviceCatalogs, static (output, spec) => ServiceCatalogEmitter.Emit(output, spec!));

        // Reads the constant literals of the definition; only a changed literal changes the spec.
        var addressCatalogs = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.AddressCatalog, static (node, _) => true, AddressCatalogParser.Parse)
            .WithTrackingName(StepNames.AddressCatalog)
            .Where(static spec => spec is not null);
        context.RegisterSourceOutput(addressCatalogs, static (output, spec) => AddressCatalogEmitter.Emit(output, spec!));

        // Walks the record types from the root; only attribute or shape changes in the model change the spec.
        var definitionFacts = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DefinitionRoot, static (node, _) => true, DefinitionFactsParser.Parse)
            .WithTrackingName(StepNames.DefinitionFacts)
            .Where(static spec => spec is not null);
        context.RegisterSourceOutput(definitionFacts, static (output, spec) => DefinitionFactsEmitter.Emit(output, spec!));

        // The Secret catalog: only [SecretName] attributes (shape, keys, source) or the model's shape change the spec.
        var secretCatalogs = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DefinitionRoot, static (node, _) => true, SecretCatalogParser.Parse)
            .WithTrackingName(StepNames.SecretCatalog)
            .Where(static spec => spec is not null);
        context.RegisterSourceOutput(secretCatalogs, static (output, spec) => SecretCatalogEmitter.Emit(output, spec!));
    }
}
