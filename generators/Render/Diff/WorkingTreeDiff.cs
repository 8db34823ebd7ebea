using System.Text.Json.Nodes;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Diff;

/// <summary>The diff pipeline at the edge: read the base from git, render the definition in memory (nothing is written), compare.</summary>
public static class WorkingTreeDiff
{
    public const string NewLabel = "a fresh render of the working tree";

    public static (TreeComparison Result, DiffLabels Labels) Run(string repositoryRoot, ClusterDefinition cluster, string? baseRevision, Func<string, JsonNode?>? chartDefaults)
    {
        var baseTree = GitBaseTree.Read(repositoryRoot, baseRevision, cluster.Git.Path, cluster.Git.Branch);
        var rendered = ClusterRenderer.Render(cluster, FluxInstallInput.Read(repositoryRoot, cluster.Flux));
        var fresh = rendered.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        return (ClusterDiff.Compare(baseTree.Files, fresh, chartDefaults), new DiffLabels(baseTree.Label, NewLabel));
    }
}
