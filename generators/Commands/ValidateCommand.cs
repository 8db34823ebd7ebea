using System.ComponentModel;
using PiCluster.Cluster;
using PiCluster.Render.Rules;
using PiCluster.Render.Validation;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

public sealed class ValidateSettings : CommandSettings
{
    [CommandOption("--schemas <DIR>")]
    [Description("Folder holding the files pinned in schemas/sources.tsv (each checked against its SHA-256). Default: $PICLUSTER_SCHEMAS, else $XDG_CACHE_HOME/picluster/schemas, else ~/.cache/picluster/schemas; schemas/update.sh fills it.")]
    public string? Schemas { get; init; }

    [CommandOption("--rendered <DIR>")]
    [Description("Tree to check; default rendered/ at the repository root.")]
    public string? Rendered { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        Schemas is null || Directory.Exists(Schemas)
            ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error($"--schemas {Schemas}: no such folder");
}

/// <summary>validate: every rendered custom resource against its CRD schema, HelmRelease values against the chart's schema, and the cluster rules (PI1xxx) over the whole tree.</summary>
public sealed class ValidateCommand(CliOutput output) : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var rendered = settings.Rendered ?? RepositoryRoot.RenderedDir;
        if (!Directory.Exists(rendered))
        {
            output.Error.WriteLine($"--rendered {rendered}: no such folder; run render first.");
            return 2;
        }
        VerifiedSchemas schemas;
        try
        {
            schemas = new SchemaCache(Environment.GetEnvironmentVariable).Open(settings.Schemas, SchemaSourceList.Load(RepositoryRoot.Find()));
        }
        catch (SchemaCacheException e)
        {
            output.Error.WriteLine(e.Message);
            return 2;
        }
        var problems = SchemaValidator.ValidateTree(rendered, schemas);
        foreach (var problem in problems) output.Out.WriteLine(problem);
        // The cluster rules read the definition from the repository, whichever tree is checked.
        var findings = ClusterRules.Check(HomeCluster.Definition, RenderedTree.FromDirectory(rendered));
        foreach (var finding in findings) output.Out.WriteLine(finding);
        var ruleErrors = findings.Count(f => f.Severity == RuleSeverity.Error);
        var documents = Directory.EnumerateFiles(rendered, "*.yaml", SearchOption.AllDirectories).Count();
        if (problems.Count > 0 || ruleErrors > 0)
        {
            output.Error.WriteLine($"{problems.Count} schema problem(s) and {ruleErrors} cluster rule error(s) in {rendered}.");
            return 1;
        }
        output.Out.WriteLine($"{rendered}: {documents} files checked against {schemas.Directory} and {ClusterRules.All.Count} cluster rules ({findings.Count} warning(s)), no errors.");
        return 0;
    }
}
