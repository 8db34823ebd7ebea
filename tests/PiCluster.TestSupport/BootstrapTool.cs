using PiCluster.Bootstrap;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render;

namespace PiCluster.TestSupport;

/// <summary>The bootstrap command line, run in process with Spectre's CommandAppTester and the composition Program uses.</summary>
public static class BootstrapTool
{
    /// <summary>The home cluster in this repository's checkout (dry runs read its rendered tree; nothing is written).</summary>
    public static CliRun Run(params string[] args) => Run(HomeCluster.Definition, TestPaths.Checkout, args);

    public static CliRun Run(ClusterDefinition definition, Checkout checkout, params string[] args) =>
        CliRun.InProcess(BootstrapApp.Registrar(definition, () => checkout), BootstrapApp.Configure, args);

    public static CliRun Run(ClusterDefinition definition, Checkout checkout, EnvironmentVariables environment, TimeProvider time, params string[] args) =>
        CliRun.InProcess(BootstrapApp.Registrar(definition, () => checkout), BootstrapApp.Configure, args, environment, time);
}
