using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render;
using PiCluster.Render.Cli.Commands;
using PiCluster.Render.Schemas;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace PiCluster.TestSupport;

/// <summary>What a command line run in process printed: stdout, stderr, and both (stdout first).</summary>
public sealed record CliRun(int Code, string Out, string Error)
{
    public string Output => Out + Error;

    public void Deconstruct(out int code, out string output) => (code, output) = (Code, Output);

    /// <summary>
    /// Runs an executable's command line as its Program would, over a <see cref="TestConsole"/> (not interactive: no
    /// person answers, as when stdin is redirected) and a stderr writer of its own.
    /// </summary>
    public static CliRun InProcess(ITypeRegistrar registrar, Action<IConfigurator, ProcessServices> configure, string[] args, EnvironmentVariables? environment = null, TimeProvider? time = null)
    {
        var (console, errors) = (new TestConsole().Width(int.MaxValue), new StringWriter());
        var tester = new CommandAppTester(registrar, new CommandAppTesterSettings { TrimConsoleOutput = false }, console);
        tester.Configure(config => configure(config, new ProcessServices(console, new StandardError(errors), time ?? TimeProvider.System, environment ?? EnvironmentVariables.None)));
        var result = tester.Run(args);
        return new CliRun(result.ExitCode, result.Output, errors.ToString());
    }
}

/// <summary>The render tool's command line, run in process with Spectre's CommandAppTester and the composition Program uses.</summary>
public static class RenderTool
{
    /// <summary>The home cluster in this repository's checkout.</summary>
    public static CliRun Run(params string[] args) => Run(HomeCluster.Definition, TestPaths.Checkout, args);

    public static CliRun Run(ClusterDefinition definition, Checkout checkout, params string[] args) =>
        Run(definition, () => checkout, args);

    /// <summary>With the environment variables a command sees (PATH for helm, PICLUSTER_SCHEMAS, PICLUSTER_CHARTS…).</summary>
    public static CliRun Run(ClusterDefinition definition, Checkout checkout, EnvironmentVariables environment, params string[] args) =>
        CliRun.InProcess(RenderCli.Registrar(definition, () => checkout), RenderCli.Configure, args, environment);

    /// <param name="checkout">Called when a command first needs the checkout; may throw as Program's does outside the repository.</param>
    public static CliRun Run(ClusterDefinition definition, Func<Checkout> checkout, params string[] args) =>
        CliRun.InProcess(RenderCli.Registrar(definition, checkout), RenderCli.Configure, args, SchemasOnly);

    /// <summary>The environment a command sees: only PICLUSTER_SCHEMAS, naming the tests' verified schemas (asked for when used).</summary>
    public static EnvironmentVariables SchemasOnly { get; } =
        new(name => name == SchemaCache.EnvironmentVariable ? TestSchemas.Directory : null);
}
