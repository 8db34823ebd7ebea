using System.ComponentModel;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

public sealed class ValidateSettings : CommandLineSettings
{
    [CommandOption("--schemas <DIR>")]
    [Description("Folder holding the files pinned in schemas/sources.tsv (each checked against its SHA-256). Default: $PICLUSTER_SCHEMAS, else $XDG_CACHE_HOME/picluster/schemas, else ~/.cache/picluster/schemas; schemas/update.sh fills it.")]
    public string? Schemas { get; init; }

    [CommandOption(ChartsOption.Template)]
    [Description(ChartsOption.Description)]
    public FlagValue<string> Charts { get; init; } = new();

    [CommandOption("--rendered <DIR>")]
    [Description("Tree to check; default the model's Git.Path (rendered/) in the checkout.")]
    public string? Rendered { get; init; }

    public override ValidationResult Validate() =>
        Schemas is null || Directory.Exists(Schemas)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--schemas {Schemas}: no such folder");
}

/// <summary>validate: every rendered custom resource against its CRD schema, HelmRelease values against the chart's schema, and the cluster rules (PI1xxx) over the whole tree.</summary>
public sealed class ValidateCommand(IAnsiConsole console, StandardError errors, ClusterDefinition definition, Checkout checkout, EnvironmentVariables environment) : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var rendered = settings.Rendered ?? checkout.Tree;
        if (!Directory.Exists(rendered))
        {
            throw new BadInputException($"--rendered {rendered}: no such folder; run render first.");
        }
        VerifiedSchemas schemas;
        try
        {
            schemas = new SchemaCache(environment.Lookup).Open(settings.Schemas, SchemaSourceList.Load(checkout.Root));
        }
        catch (SchemaCacheException e)
        {
            throw new BadInputException(e.Message);
        }
        var output = console.Writer();
        var problems = SchemaValidator.ValidateTree(rendered, schemas);
        foreach (var problem in problems) output.WriteLine(problem);
        // Said out loud: a custom resource whose group has no pinned CRD passes only because nothing checked it.
        var notChecked = SchemaValidator.NotChecked(rendered, schemas);
        if (notChecked.Count > 0) output.WriteLine($"not checked (no schema pinned in {schemas.Directory}): {string.Join(", ", notChecked)}");
        var tree = RenderedTree.FromDirectory(rendered);
        var chartErrors = 0;
        if (settings.Charts.IsSet) (tree, chartErrors) = ChartsOption.Check(tree, settings.Charts.Value, definition, schemas, environment, output, errors);
        // The cluster rules read the definition from the repository, whichever tree is checked.
        var findings = ClusterRules.Check(definition, tree);
        foreach (var finding in findings) output.WriteLine(finding);
        var ruleErrors = findings.Count(f => f.Severity == RuleSeverity.Error);
        var documents = Directory.EnumerateFiles(rendered, "*.yaml", SearchOption.AllDirectories).Count();
        if (problems.Count > 0 || ruleErrors > 0 || chartErrors > 0)
        {
            errors.WriteLine($"{problems.Count} schema problem(s), {(settings.Charts.IsSet ? $"{chartErrors} chart problem(s) " : "")}and {ruleErrors} cluster rule error(s) in {rendered}.");
            return ExitCodes.Failed;
        }
        output.WriteLine($"{rendered}: {documents} files{(settings.Charts.IsSet ? " and the charts' objects" : "")} checked against {schemas.Directory} and {ClusterRules.All.Count} cluster rules ({findings.Count} warning(s)), no errors" +
            (notChecked.Count > 0 ? $"; {notChecked.Count} custom resource kind(s) not checked (no schema pinned)." : "."));
        return ExitCodes.Ok;
    }
}
