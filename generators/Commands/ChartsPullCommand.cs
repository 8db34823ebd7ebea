using System.ComponentModel;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.CommandLine;
using PiCluster.Render.Charts;
using PiCluster.Render.Diff;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

public sealed class ChartsPullSettings : CommandLineSettings
{
    [CommandOption("--charts <DIR>")]
    [Description("The charts cache to fill. Default: $PICLUSTER_CHARTS, else $XDG_CACHE_HOME/picluster/charts, else ~/.cache/picluster/charts.")]
    public string? Charts { get; init; }

    [CommandOption("--rendered <DIR>")]
    [Description("Also pull the charts of this tree (default: the model's Git.Path, rendered/, in the checkout, when it exists).")]
    public string? Rendered { get; init; }

    [CommandOption("--base <REF>")]
    [Description("Also pull the charts of the tree committed at this revision: what `diff --charts --base REF` expands on its base side.")]
    public string? Base { get; init; }

    public override ValidationResult Validate() =>
        Rendered is not null && !Directory.Exists(Rendered)
            ? ValidationResult.Error($"--rendered {Rendered}: no such folder")
            : ValidationResult.Success();
}

/// <summary>charts pull: every chart the HelmReleases use, downloaded from its repository, verified against the index digest, cached.</summary>
public sealed class ChartsPullCommand(IAnsiConsole console, StandardError errors, ClusterDefinition definition, Checkout checkout, EnvironmentVariables environment) : Command<ChartsPullSettings>
{
    public override int Execute(CommandContext context, ChartsPullSettings settings, CancellationToken cancellationToken)
    {
        var trees = new List<RenderedTree>();
        UserCacheFolder cache;
        try
        {
            cache = new ChartCache(environment.Lookup).Locate(settings.Charts);
            // What render would write now, what is on disk, and (--base) what diff compares against.
            var rendered = ClusterRenderer.Render(definition, FluxInstallInput.Read(checkout.Root, definition.Flux));
            trees.Add(RenderedTree.FromTexts(rendered.Where(f => SchemaValidator.IsYamlFile(f.Path)).Select(f => (f.Path, f.Content))));
            var onDisk = settings.Rendered ?? checkout.Tree;
            if (Directory.Exists(onDisk)) trees.Add(RenderedTree.FromDirectory(onDisk));
            if (settings.Base is not null)
            {
                var baseTree = GitBaseTree.Read(checkout.Root, settings.Base, definition.Git.Path, definition.Git.Branch);
                trees.Add(RenderedTree.FromTexts(baseTree.Files.Where(f => SchemaValidator.IsYamlFile(f.Key)).Select(f => (f.Key, f.Value))));
            }
        }
        catch (Exception e) when (e is ChartCacheException or InvalidClusterDefinitionException or ClusterInputException or BrokenClusterRulesException or BaseTreeException)
        {
            throw new BadInputException(e.Message);
        }

        var read = trees.Select(ChartReleases.From).ToList();
        var refused = read.SelectMany(r => r.Unexpandable).DistinctBy(u => u.ToString()).ToList();
        foreach (var release in refused) errors.WriteLine($"cannot pull: {release}");
        using var downloads = ChartDownloads.Create();
        var pulled = ChartPull.RunAsync(read.SelectMany(r => r.Releases), cache, downloads, cancellationToken).GetAwaiter().GetResult();
        var output = console.Writer();
        foreach (var chart in pulled)
        {
            if (chart.Outcome == PullOutcome.Failed) errors.WriteLine(chart.ToString());
            else output.WriteLine(chart.ToString());
        }
        var failed = pulled.Count(p => p.Outcome == PullOutcome.Failed) + refused.Count;
        output.WriteLine($"{pulled.Count} chart(s) in {cache.Path} ({cache.Origin}): {pulled.Count(p => p.Outcome == PullOutcome.Downloaded)} downloaded, " +
                         $"{pulled.Count(p => p.Outcome == PullOutcome.AlreadyCached)} already cached, {failed} failed.");
        return failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
