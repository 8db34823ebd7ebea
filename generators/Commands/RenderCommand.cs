using System.ComponentModel;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.CommandLine;
using PiCluster.Render.Output;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;
using System.Runtime.CompilerServices;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

public sealed class RenderSettings : CommandLineSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Write the tree here instead of the model's Git.Path (rendered/) in the checkout.")]
    public string? Out { get; init; }

    [CommandOption("--check")]
    [Description("Write nothing; exit 1 and print a unified diff when the tree on disk differs from a fresh render.")]
    public bool Check { get; init; }

    [CommandOption(ChartsOption.Template)]
    [Description("With --check: " + ChartsOption.Description)]
    public FlagValue<string> Charts { get; init; } = new();

    [CommandOption("--schemas <DIR>")]
    [Description("With --check --charts: the schemas folder the chart objects' custom resources are checked against (default as validate).")]
    public string? Schemas { get; init; }

    public override ValidationResult Validate() =>
        Charts.IsSet && !Check ? ValidationResult.Error("--charts works with --check (render writes the tree; render --check --charts and validate --charts check what the charts make)")
        : Schemas is not null && !Charts.IsSet ? ValidationResult.Error("--schemas works with --check --charts")
        : Schemas is not null && !Directory.Exists(Schemas) ? ValidationResult.Error($"--schemas {Schemas}: no such folder")
        : ValidationResult.Success();
}

/// <summary>render: the definition → the tree at Git.Path (atomically), or --check against it.</summary>
public sealed class RenderCommand(IAnsiConsole console, StandardError errors, ClusterDefinition definition, Checkout checkout, EnvironmentVariables environment, TimeProvider time) : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        var times = settings.Verbose ? new PhaseTimes(time) : null;
        try
        {
            return Render(settings, times);
        }
        finally
        {
            foreach (var line in times?.Lines() ?? []) errors.WriteLine(line);
        }
    }

    private int Render(RenderSettings settings, PhaseTimes? times)
    {
        var outDir = settings.Out ?? checkout.Tree;
        IReadOnlyList<RenderedText> files;
        var warnings = new List<RuleFinding>();
        try
        {
            var fluxInstall = FluxInstallInput.Read(checkout.Root, definition.Flux);
            if (fluxInstall is null) errors.WriteLine(FluxInstallInput.AbsentNote(definition.Flux));
            times?.Done("read cluster/Flux/install.yaml");
            files = ClusterRenderer.Render(definition, fluxInstall, warnings, phaseDone: times is null ? null : times.Done);
        }
        catch (Exception e) when (e is InvalidClusterDefinitionException or ClusterInputException)
        {
            return Refused([e.Message], outDir);
        }
        catch (BrokenClusterRulesException e)
        {
            return Refused([.. e.Errors.Select(error => error.ToString()), $"{e.Errors.Count} cluster rule error(s) (docs/rules.md)."], outDir);
        }
        foreach (var warning in warnings) errors.WriteLine(warning.ToString());

        // Example values still in the definition: a warning, not an error (render still writes).
        foreach (var warning in Placeholders.Of(definition)) errors.WriteLine($"warning: {warning}");

        var output = console.Writer();
        if (settings.Check)
        {
            var onDisk = TreeWriter.Read(outDir);
            times?.Done("read the tree on disk");
            var diff = TreeDiff.Compare(onDisk, files);
            times?.Done("compare");
            var charts = settings.Charts.IsSet ? CheckCharts(files, settings, output, warnings) : ExitCodes.Ok;
            if (diff.Length == 0)
            {
                output.WriteLine($"{outDir} is up to date ({files.Count} files).");
                return charts;
            }
            output.Write(diff);
            errors.WriteLine($"{outDir} is stale: run `{RenderCli.App.Name} render` and commit the result.");
            return ExitCodes.Failed;
        }

        try
        {
            TreeWriter.Write(files, outDir);
            times?.Done("write the tree (staging folder, swap)");
        }
        catch (ForeignFolderException e)
        {
            return Refused([e.Message], outDir);
        }
        catch (IOException e)
        {
            errors.WriteLine($"error: {e.Message}");
            errors.WriteLine($"Nothing was replaced; {outDir} is as it was.");
            return ExitCodes.Failed;
        }
        output.WriteLine($"Rendered {files.Count} files to {outDir}");
        return ExitCodes.Ok;
    }

    /// <summary>--check --charts on the fresh render. Kept apart so that plain render loads no chart or schema code.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int CheckCharts(IReadOnlyList<RenderedText> files, RenderSettings settings, TextWriter output, IReadOnlyCollection<RuleFinding> treeWarnings)
    {
        VerifiedSchemas schemas;
        try
        {
            schemas = new SchemaCache(environment.Lookup).Open(settings.Schemas, SchemaSourceList.Load(checkout.Root));
        }
        catch (SchemaCacheException e)
        {
            throw new BadInputException(e.Message);
        }
        var tree = RenderedTree.FromTexts(files.Where(f => SchemaValidator.IsYamlFile(f.Path)).Select(f => (f.Path, f.Content)));
        var (withCharts, chartErrors) = ChartsOption.Check(tree, settings.Charts.Value, definition, schemas, environment, output, errors);
        // What the tree alone breaks, render has already said; these are the findings the charts' objects add.
        var findings = ClusterRules.Check(definition, withCharts).Where(f => !treeWarnings.Contains(f)).ToList();
        foreach (var finding in findings) output.WriteLine(finding);
        var count = chartErrors + findings.Count(f => f.Severity == RuleSeverity.Error);
        if (count > 0) errors.WriteLine($"{count} problem(s) in what the charts make (chart errors, schema problems, cluster rule errors).");
        return count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private int Refused(IEnumerable<string> lines, string outDir)
    {
        foreach (var line in lines) errors.WriteLine(line);
        errors.WriteLine($"Nothing was written; {outDir} is unchanged.");
        return ExitCodes.BadInput;
    }
}
