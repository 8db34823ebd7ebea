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

public sealed class DiffSettings : CommandLineSettings
{
    [CommandOption("--base <REF>")]
    [Description("Compare against the rendered tree committed at this revision (HEAD, main, origin/main, HEAD^1, a hash). Default: the merge base of HEAD with the default branch.")]
    public string? Base { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("text (default) or markdown (a pull-request comment: collapsible per-object sections, under GitHub's 65,536-character limit).")]
    [DefaultValue("text")]
    public string Format { get; init; } = "text";

    [CommandOption("--exit-code")]
    [Description("Exit 1 when anything differs (like git diff --exit-code); without it diff exits 0 either way.")]
    public bool ExitCode { get; init; }

    [CommandOption("--schemas <DIR>")]
    [Description("Schemas folder whose helm-values/<chart>.values.yaml hold chart defaults; HelmRelease values are compared merged over them. Default as validate: $PICLUSTER_SCHEMAS, else the user cache (schemas/update.sh fills it).")]
    public string? Schemas { get; init; }

    [CommandOption(ChartsOption.Template)]
    [Description("Compare what the charts make too: " + ChartsOption.Description + " Both sides are expanded the same way; pull the base side's charts with `charts pull --base REF`.")]
    public FlagValue<string> Charts { get; init; } = new();

    public override ValidationResult Validate() =>
        Format is not ("text" or "markdown")
            ? ValidationResult.Error($"--format {Format}: expected text or markdown")
            : Schemas is not null && !Directory.Exists(Schemas)
                ? ValidationResult.Error($"--schemas {Schemas}: no such folder")
                : ValidationResult.Success();
}

/// <summary>diff: the rendered tree at a git revision against a fresh in-memory render of the working tree, object by object.</summary>
public sealed class DiffCommand(IAnsiConsole console, ClusterDefinition definition, Checkout checkout, EnvironmentVariables environment) : Command<DiffSettings>
{
    public override int Execute(CommandContext context, DiffSettings settings, CancellationToken cancellationToken)
    {
        TreeComparison result;
        DiffLabels labels;
        try
        {
            var schemas = new SchemaCache(environment.Lookup).Open(settings.Schemas, SchemaSourceList.Load(checkout.Root));
            using var charts = settings.Charts.IsSet ? ChartsOption.Open(settings.Charts.Value, environment, definition) : null;
            (result, labels) = WorkingTreeDiff.Run(checkout.Root, definition, settings.Base, ChartDefaults.FromFolder(Path.Combine(schemas.Directory, "helm-values")), charts);
        }
        catch (Exception e) when (e is InvalidClusterDefinitionException or ClusterInputException or BrokenClusterRulesException or BaseTreeException or SchemaCacheException
                                      or ChartCacheException or ChartArchiveException or HelmMissingException)
        {
            throw new BadInputException(e.Message);
        }
        console.Writer().Write(settings.Format == "markdown" ? MarkdownDiffFormat.Format(result, labels) : TextDiffFormat.Format(result, labels));
        return settings.ExitCode && result.HasChanges ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
