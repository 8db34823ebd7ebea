using System.ComponentModel;
using PiCluster.Cluster;
using PiCluster.Render.Rules;
using PiCluster.Render.Validation;
using Spectre.Console.Cli;

namespace PiCluster.Render.Commands;

public sealed class ValidateSettings : CommandSettings
{
    [CommandOption("--schemas <DIR>")]
    [Description("Folder with crds/<group>/*.yaml, helm-values/<chart>.schema.json + <chart>.values.yaml + charts.json, kustomize/kustomization.schema.json.")]
    public string? Schemas { get; init; }

    [CommandOption("--rendered <DIR>")]
    [Description("Tree to check; default rendered/ at the repository root.")]
    public string? Rendered { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        string.IsNullOrEmpty(Schemas)
            ? Spectre.Console.ValidationResult.Error("--schemas DIR is required (CI uses ../shared/schemas)")
            : Directory.Exists(Schemas)
                ? Spectre.Console.ValidationResult.Success()
                : Spectre.Console.ValidationResult.Error($"--schemas {Schemas}: no such folder");
}

/// <summary>validate: every rendered custom resource against its CRD schema, HelmRelease values against the chart's schema, and the cluster rules (PI1xxx) over the whole tree.</summary>
public sealed class ValidateCommand : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var rendered = settings.Rendered ?? RepositoryRoot.RenderedDir;
        if (!Directory.Exists(rendered))
        {
            Console.Error.WriteLine($"--rendered {rendered}: no such folder; run render first.");
            return 2;
        }
        var problems = SchemaValidator.ValidateTree(rendered, settings.Schemas!);
        foreach (var problem in problems) Console.Out.WriteLine(problem);
        // The cluster rules read the definition from the repository, whichever tree is checked.
        var findings = ClusterRules.Check(HomeCluster.Definition, RenderedTree.FromDirectory(rendered));
        foreach (var finding in findings) Console.Out.WriteLine(finding);
        var ruleErrors = findings.Count(f => f.Severity == RuleSeverity.Error);
        var documents = Directory.EnumerateFiles(rendered, "*.yaml", SearchOption.AllDirectories).Count();
        if (problems.Count > 0 || ruleErrors > 0)
        {
            Console.Error.WriteLine($"{problems.Count} schema problem(s) and {ruleErrors} cluster rule error(s) in {rendered}.");
            return 1;
        }
        Console.WriteLine($"{rendered}: {documents} files checked against {settings.Schemas} and {ClusterRules.All.Count} cluster rules ({findings.Count} warning(s)), no errors.");
        return 0;
    }
}
