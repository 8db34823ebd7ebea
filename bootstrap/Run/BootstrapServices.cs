using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render;
using Spectre.Console;

namespace PiCluster.Bootstrap.Run;

/// <summary>
/// What a bootstrap command takes in its constructor, built by Spectre's type registrar from what the composition root
/// (Program, or a test) registered: stdout and stderr, the cluster, the checkout, the clock and the environment. No
/// command reads a global (<c>HomeCluster.Definition</c>, <c>Console</c>, the working directory) itself.
/// </summary>
public sealed record BootstrapServices(
    IAnsiConsole Console,
    StandardError Errors,
    ClusterDefinition Cluster,
    Checkout Checkout,
    TimeProvider Time,
    EnvironmentVariables Environment)
{
    /// <summary>The local, git-ignored state of this checkout (.picluster/).</summary>
    public StateFolder State => new(Checkout.Root);
}
