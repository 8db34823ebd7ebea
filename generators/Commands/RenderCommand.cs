using System.ComponentModel;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render.Output;
using PiCluster.Render.Rules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

public sealed class RenderSettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Write the tree here instead of rendered/ at the repository root.")]
    public string? Out { get; init; }

    [CommandOption("--check")]
    [Description("Write nothing; exit 1 and print a unified diff when the tree on disk differs from a fresh render.")]
    public bool Check { get; init; }
}

/// <summary>render: the default definition → rendered/ (atomically), or --check against it.</summary>
public sealed class RenderCommand(CliOutput output) : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        var outDir = settings.Out ?? RepositoryRoot.RenderedDir;
        IReadOnlyList<RenderedText> files;
        var warnings = new List<RuleFinding>();
        try
        {
            var fluxInstall = FluxInstallInput.Read(RepositoryRoot.Find(), HomeCluster.Definition.Flux);
            if (fluxInstall is null) output.Error.WriteLine(FluxInstallInput.AbsentNote(HomeCluster.Definition.Flux));
            files = ClusterRenderer.Render(HomeCluster.Definition, fluxInstall, warnings);
        }
        catch (InvalidClusterDefinitionException e)
        {
            output.Error.WriteLine(e.Message);
            output.Error.WriteLine($"Nothing was written; {outDir} is unchanged.");
            return 2;
        }
        catch (BrokenClusterRulesException e)
        {
            foreach (var error in e.Errors) output.Error.WriteLine(error);
            output.Error.WriteLine($"{e.Errors.Count} cluster rule error(s) (docs/rules.md). Nothing was written; {outDir} is unchanged.");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A builder refusing a value the rules cannot judge (no etcd version known for Kubernetes.Version), or an unverifiable Flux manifest.
            output.Error.WriteLine(e.Message);
            output.Error.WriteLine($"Nothing was written; {outDir} is unchanged.");
            return 2;
        }
        foreach (var warning in warnings) output.Error.WriteLine(warning);

        // Example values still in the definition: a warning, not an error (render still writes).
        foreach (var warning in Placeholders.Of(HomeCluster.Definition))
        {
            output.Error.WriteLine($"warning: {warning}");
        }

        if (settings.Check)
        {
            var diff = TreeDiff.Compare(TreeWriter.Read(outDir), files);
            if (diff.Length == 0)
            {
                output.Out.WriteLine($"{outDir} is up to date ({files.Count} files).");
                return 0;
            }
            output.Out.Write(diff);
            output.Error.WriteLine($"{outDir} is stale: run `dotnet run --project generators render` and commit the result.");
            return 1;
        }

        try
        {
            TreeWriter.Write(files, outDir);
        }
        catch (IOException e)
        {
            output.Error.WriteLine(e.Message);
            return 3;
        }
        output.Out.WriteLine($"Rendered {files.Count} files to {outDir}");
        return 0;
    }
}
