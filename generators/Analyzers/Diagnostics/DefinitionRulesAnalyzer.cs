using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PiCluster.Analyzers.Common;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Diagnostics;

/// <summary>
/// Runs the shared <see cref="DefinitionRules"/> on every definition written with constants and reports each violation
/// at the literal that causes it. A definition is an outermost object creation or collection (e.g. the
/// <c>new ClusterDefinition(...)</c> initializer): checking per definition, not per compilation, keeps two definitions from
/// colliding and lets the IDE report live (no compilation-end action).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefinitionRulesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => RuleDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (FactAttributes.From(start.Compilation) is not { } attributes) return;
            var collector = new ConstantFactCollector(attributes);
            start.RegisterOperationAction(
                operation => AnalyzeDefinition(operation, collector),
                OperationKind.ObjectCreation,
                OperationKind.CollectionExpression,
                OperationKind.ArrayCreation);
        });
    }

    private static void AnalyzeDefinition(OperationAnalysisContext context, ConstantFactCollector collector)
    {
        if (!ConstantFactCollector.IsOutermost(context.Operation)) return;
        var facts = collector.Collect(context.Operation);
        if (facts.Count == 0) return;
        foreach (var violation in DefinitionRules.Check(facts))
        {
            if (violation.Fact.Origin is Location location)
                context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.For(violation.RuleId), location, violation.Message));
        }
    }
}
