using System.ComponentModel;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Render.Commands;

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
public sealed class RenderCommand : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        var outDir = settings.Out ?? RepositoryRoot.RenderedDir;
        IReadOnlyList<RenderedText> files;
        try
        {
            files = ClusterRenderer.Render(HomeCluster.Definition, KeptFiles.ReadFrom(outDir));
        }
        catch (InvalidClusterDefinitionException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine($"Nothing was written; {outDir} is unchanged.");
            return 2;
        }

        // Example values still in the definition: a warning, not an error (render still writes).
        foreach (var warning in Placeholders.Of(HomeCluster.Definition))
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        if (settings.Check)
        {
            var diff = TreeDiff.Compare(TreeWriter.Read(outDir), files);
            if (diff.Length == 0)
            {
                Console.WriteLine($"{outDir} is up to date ({files.Count} files).");
                return 0;
            }
            Console.Out.Write(diff);
            Console.Error.WriteLine($"{outDir} is stale: run `dotnet run --project generators render` and commit the result.");
            return 1;
        }

        try
        {
            TreeWriter.Write(files, outDir);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return 3;
        }
        AnsiConsole.MarkupLineInterpolated($"Rendered {files.Count} files to {outDir}");
        return 0;
    }
}
