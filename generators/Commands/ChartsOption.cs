using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render.Charts;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;

namespace PiCluster.Render.Cli.Commands;

/// <summary>The --charts option of validate, render --check and diff, and the chart check validate and render --check share.</summary>
internal static class ChartsOption
{
    public const string Template = "--charts [DIR]";

    public const string Description =
        "Also run helm template for every HelmRelease on its chart from the charts cache (DIR, else $PICLUSTER_CHARTS, else $XDG_CACHE_HOME/picluster/charts, " +
        "else ~/.cache/picluster/charts; `charts pull` fills it) and check what the charts make. Needs helm 3 or 4 on PATH.";

    /// <summary>The expander --charts uses.</summary>
    /// <exception cref="BadInputException">No charts folder can be named.</exception>
    public static ChartExpander Open(string? folder, EnvironmentVariables environment, ClusterDefinition definition)
    {
        try
        {
            return ChartExpander.Open(folder, environment.Lookup, definition.Kubernetes.Version);
        }
        catch (ChartCacheException e)
        {
            throw new BadInputException(e.Message);
        }
    }

    /// <summary>Expands the tree's charts and prints their problems; the returned tree (with chart objects) is what the rules get.</summary>
    /// <returns>The tree with the chart objects, and the number of errors found in them.</returns>
    /// <exception cref="BadInputException">A chart is not cached, a cached file is not its chart, or helm is missing: nothing was checked.</exception>
    public static (RenderedTree Tree, int Errors) Check(RenderedTree tree, string? folder, ClusterDefinition definition, VerifiedSchemas schemas, EnvironmentVariables environment, TextWriter output, StandardError errors)
    {
        using var expander = Open(folder, environment, definition);
        ChartCheckReport report;
        try
        {
            report = ChartChecks.Run(tree, expander, schemas);
        }
        catch (Exception e) when (e is ChartCacheException or ChartArchiveException or HelmMissingException)
        {
            throw new BadInputException(e.Message);
        }
        foreach (var note in report.Notes) errors.WriteLine(note);
        foreach (var error in report.ReleaseErrors) output.WriteLine(error);
        foreach (var problem in report.Problems) output.WriteLine(problem);
        output.WriteLine(report.Summary(report.Expansion.Releases.Count > 0 ? expander.Helm.Version : "(not needed)"));
        return (report.Tree, report.ReleaseErrors.Count + report.Problems.Count);
    }
}
