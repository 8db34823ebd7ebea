using System.ComponentModel;
using System.Text.Json.Nodes;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render.Diff;
using PiCluster.Render.Validation;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

public sealed class DiffSettings : CommandSettings
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

    public override Spectre.Console.ValidationResult Validate() =>
        Format is not ("text" or "markdown")
            ? Spectre.Console.ValidationResult.Error($"--format {Format}: expected text or markdown")
            : Schemas is not null && !Directory.Exists(Schemas)
                ? Spectre.Console.ValidationResult.Error($"--schemas {Schemas}: no such folder")
                : Spectre.Console.ValidationResult.Success();
}

/// <summary>diff: the rendered tree at a git revision against a fresh in-memory render of the working tree, object by object.</summary>
public sealed class DiffCommand(CliOutput output) : Command<DiffSettings>
{
    public override int Execute(CommandContext context, DiffSettings settings, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        TreeComparison result;
        DiffLabels labels;
        try
        {
            var schemas = new SchemaCache(Environment.GetEnvironmentVariable).Open(settings.Schemas, SchemaSourceList.Load(root));
            (result, labels) = WorkingTreeDiff.Run(root, HomeCluster.Definition, settings.Base, ChartDefaults.FromFolder(Path.Combine(schemas.Directory, "helm-values")));
        }
        catch (Exception e) when (e is InvalidClusterDefinitionException or BaseTreeException or InvalidOperationException or SchemaCacheException)
        {
            output.Error.WriteLine(e.Message);
            return 2;
        }
        output.Out.Write(settings.Format == "markdown" ? MarkdownDiffFormat.Format(result, labels) : TextDiffFormat.Format(result, labels));
        return settings.ExitCode && result.HasChanges ? 1 : 0;
    }
}
