using System.Text.Json.Nodes;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;

namespace PiCluster.Render.Charts;

/// <summary>What --charts found in one tree: the expansion, the tree with the chart objects added, and their schema problems.</summary>
/// <param name="Tree">The tree plus every chart object: what the cluster rules run on.</param>
public sealed record ChartCheckReport(ChartExpansionResult Expansion, RenderedTree Tree, IReadOnlyList<SchemaProblem> Problems)
{
    /// <summary>Releases that could not be expanded or whose chart refused the values: each an error line naming the release.</summary>
    public IReadOnlyList<string> ReleaseErrors =>
        Expansion.Unexpandable.Select(u => $"{u.Release.Display} ({u.Release.File}): cannot expand the chart: {u.Reason}")
            .Concat(Expansion.Refused.Select(r => r.RefusalLine))
            .ToList();

    /// <summary>What expansion could not reproduce of a release (valuesFrom, post-renderers): printed, not counted.</summary>
    public IReadOnlyList<string> Notes =>
        Expansion.Releases.SelectMany(r => r.Release.Notes.Select(n => $"note: {r.Release.Display}: {n}")).ToList();

    /// <summary>"4 releases → 212 objects (helm v4.1.4, 6 runs)".</summary>
    public string Summary(string helmVersion) =>
        $"{Expansion.Releases.Count} HelmRelease(s) expanded into {Expansion.Objects.Count} objects with helm {helmVersion} ({Expansion.HelmRuns} helm template run(s))";
}

/// <summary>
/// validate --charts and render --check --charts: expand every HelmRelease of a tree, check each chart object against
/// the models and CRD schemas, and hand the rules a tree that holds the chart objects too.
/// </summary>
public static class ChartChecks
{
    /// <exception cref="ChartCacheException">A chart is not cached (nothing was checked).</exception>
    /// <exception cref="ChartArchiveException">A cached file is not its chart.</exception>
    /// <exception cref="HelmMissingException">helm is missing.</exception>
    public static ChartCheckReport Run(RenderedTree tree, ChartExpander expander, VerifiedSchemas schemas)
    {
        var expansion = expander.Expand(tree);
        var crds = tree.Objects.Concat(expansion.Objects).Select(o => o.Body).Where(ClusterScope.IsCrd).ToList();
        var problems = ChartObjectValidator.Validate(expansion.Objects, schemas, crds);
        return new ChartCheckReport(expansion, tree.With(expansion.Objects), problems);
    }
}
