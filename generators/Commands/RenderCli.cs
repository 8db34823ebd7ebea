using Microsoft.Extensions.DependencyInjection;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using Spectre.Console.Cli;

namespace PiCluster.Render.Cli.Commands;

/// <summary>The render tool's command line: what its commands take, the shared policy and the commands. Program runs it; tests run it in process.</summary>
public static class RenderCli
{
    public static readonly CommandLineApp App = new(
        "dotnet run --project generators",
        "done: the tree is written, up to date, valid, or the diff printed",
        "findings: validate found errors, render --check a stale tree, diff --exit-code a difference");

    /// <summary>The cluster the commands render and judge, and the checkout they read and write (found when a command first needs it).</summary>
    public static ServiceRegistrar Registrar(ClusterDefinition definition, Func<Checkout> checkout)
    {
        var registrar = new ServiceRegistrar();
        registrar.Services.AddSingleton(definition);
        registrar.Services.AddSingleton(_ => checkout());
        return registrar;
    }

    public static void Configure(IConfigurator config, ProcessServices services) => Configure(config, services, renderOnly: false);

    /// <summary>The render command alone: ./render's native (ahead-of-time) build, which runs nothing else.</summary>
    public static void ConfigureRenderOnly(IConfigurator config, ProcessServices services) => Configure(config, services, renderOnly: true);

    private static void Configure(IConfigurator config, ProcessServices services, bool renderOnly)
    {
        CommandLinePolicy.Apply(config, App, services);
        config.AddCommand<RenderCommand>("render").WithDescription("Render the cluster definition into the tree at Git.Path (rendered/).");
        if (renderOnly) return;
        config.AddCommand<ValidateCommand>("validate").WithDescription("Check rendered custom resources and Helm values against upstream schemas, and the cluster rules (PI1xxx) across objects.");
        config.AddBranch("charts", charts =>
        {
            charts.SetDescription("The Helm charts the HelmReleases install: `charts pull` fills the cache --charts reads.");
            charts.AddCommand<ChartsPullCommand>("pull").WithDescription("Download every HelmRelease's chart at its pinned version from its HelmRepository, verify it against the index digest and keep it in the charts cache.");
        });
        config.AddCommand<DiffCommand>("diff").WithDescription("Show what a change does to the cluster: the rendered tree at a git revision against a fresh render, object by object.");
    }
}
