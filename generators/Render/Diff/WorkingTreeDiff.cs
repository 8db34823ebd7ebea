using System.Text.Json.Nodes;
using PiCluster.Cluster.Model;
using PiCluster.Render.Charts;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;

namespace PiCluster.Render.Diff;

/// <summary>The diff pipeline at the edge: read the base from git, render the definition in memory (nothing is written), compare.</summary>
public static class WorkingTreeDiff
{
    public const string NewLabel = "a fresh render of the working tree";

    /// <param name="charts">
    /// With --charts: every HelmRelease of both sides is expanded the same way (helm template on the cached chart) and the
    /// chart's objects are compared like the tree's, so a values change or a chart bump shows what it does to them.
    /// </param>
    /// <exception cref="ChartCacheException">A chart of either side is not cached (for the base side the message says to pull with --base).</exception>
    public static (TreeComparison Result, DiffLabels Labels) Run(string repositoryRoot, ClusterDefinition cluster, string? baseRevision, Func<string, JsonNode?>? chartDefaults, ChartExpander? charts = null)
    {
        var baseTree = GitBaseTree.Read(repositoryRoot, baseRevision, cluster.Git.Path, cluster.Git.Branch);
        var rendered = ClusterRenderer.Render(cluster, FluxInstallInput.Read(repositoryRoot, cluster.Flux));
        var fresh = rendered.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        if (charts is null) return (ClusterDiff.Compare(baseTree.Files, fresh, chartDefaults), new DiffLabels(baseTree.Label, NewLabel));

        (IReadOnlyDictionary<string, string> Files, ChartExpansionResult Expansion) baseSide;
        try
        {
            baseSide = WithCharts(baseTree.Files, charts);
        }
        catch (ChartCacheException e)
        {
            throw new ChartCacheException($"{e.Message}\nThese charts belong to the base side ({baseTree.Label}): pull them with `{ChartCache.FixCommand(charts.Cache)} --base {baseRevision ?? "<the same revision>"}`.");
        }
        var newSide = WithCharts(fresh, charts);
        var notes = new List<string>
        {
            $"chart objects compared too (--charts, helm {charts.Helm.Version}): {Count(baseSide.Expansion)} on the base side, {Count(newSide.Expansion)} on the new side",
        };
        notes.AddRange(Problems(baseSide.Expansion, "base"));
        notes.AddRange(Problems(newSide.Expansion, "new"));
        return (ClusterDiff.Compare(baseSide.Files, newSide.Files, chartDefaults), new DiffLabels(baseTree.Label, NewLabel) { Notes = notes });
    }

    /// <summary>The tree's files plus one virtual file per chart file that made objects ("…/traefik.yaml#traefik/templates/deployment.yaml").</summary>
    public static (IReadOnlyDictionary<string, string> Files, ChartExpansionResult Expansion) WithCharts(IReadOnlyDictionary<string, string> files, ChartExpander charts)
    {
        var tree = RenderedTree.FromTexts(files.Where(f => SchemaValidator.IsYamlFile(f.Key)).Select(f => (f.Key, f.Value)));
        var expansion = charts.Expand(tree);
        var merged = new Dictionary<string, string>(files, StringComparer.Ordinal);
        foreach (var (path, text) in expansion.AsFiles())
        {
            // Chart files that are not *.yaml (a templates/x.json) are still read as YAML documents.
            merged[SchemaValidator.IsYamlFile(path) ? path : path + ".yaml"] = text;
        }
        return (merged, expansion);
    }

    private static string Count(ChartExpansionResult expansion) =>
        $"{expansion.Releases.Count(r => r.Refusal is null)} release(s) → {expansion.Objects.Count} objects";

    private static IEnumerable<string> Problems(ChartExpansionResult expansion, string side) =>
        expansion.Unexpandable.Select(u => $"{side} side: {u.Release.Display} ({u.Release.File}): not expanded: {u.Reason}")
            .Concat(expansion.Refused.Select(r => $"{side} side: {r.RefusalLine}"));
}
