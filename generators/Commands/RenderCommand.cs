using System.ComponentModel;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.CommandLine;
using PiCluster.Render.Output;
using PiCluster.Render.Rules;
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
}

/// <summary>render: the definition → the tree at Git.Path (atomically), or --check against it.</summary>
public sealed class RenderCommand(IAnsiConsole console, StandardError errors, ClusterDefinition definition, Checkout checkout) : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        var outDir = settings.Out ?? checkout.Tree;
        IReadOnlyList<RenderedText> files;
        var warnings = new List<RuleFinding>();
        try
        {
            var fluxInstall = FluxInstallInput.Read(checkout.Root, definition.Flux);
            if (fluxInstall is null) errors.WriteLine(FluxInstallInput.AbsentNote(definition.Flux));
            files = ClusterRenderer.Render(definition, fluxInstall, warnings);
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
            var diff = TreeDiff.Compare(TreeWriter.Read(outDir), files);
            if (diff.Length == 0)
            {
                output.WriteLine($"{outDir} is up to date ({files.Count} files).");
                return ExitCodes.Ok;
            }
            output.Write(diff);
            errors.WriteLine($"{outDir} is stale: run `{RenderCli.App.Name} render` and commit the result.");
            return ExitCodes.Failed;
        }

        try
        {
            TreeWriter.Write(files, outDir);
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

    private int Refused(IEnumerable<string> lines, string outDir)
    {
        foreach (var line in lines) errors.WriteLine(line);
        errors.WriteLine($"Nothing was written; {outDir} is unchanged.");
        return ExitCodes.BadInput;
    }
}
