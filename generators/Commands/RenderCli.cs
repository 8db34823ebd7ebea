using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

/// <summary>Where the render tool's commands write: the process's stdout/stderr, or a test's writers.</summary>
public sealed record CliOutput(TextWriter Out, TextWriter Error)
{
    public static CliOutput Console => new(System.Console.Out, System.Console.Error);
}

/// <summary>The render tool's command line, shared by Program.cs and in-process tests (Spectre's CommandAppTester).</summary>
public static class RenderCli
{
    public static void Configure(IConfigurator config, CliOutput output)
    {
        config.Settings.Registrar.RegisterInstance(output);
        config.SetApplicationName("dotnet run --project generators");
        config.AddCommand<RenderCommand>("render").WithDescription("Render the cluster definition into rendered/.");
        config.AddCommand<ValidateCommand>("validate").WithDescription("Check rendered custom resources and Helm values against upstream schemas, and the cluster rules (PI1xxx) across objects.");
        config.AddCommand<DiffCommand>("diff").WithDescription("Show what a change does to the cluster: the rendered tree at a git revision against a fresh render, object by object.");
    }
}
