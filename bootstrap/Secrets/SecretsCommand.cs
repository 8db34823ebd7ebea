using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Secrets;

public sealed class SecretsCommandSettings : NodeAccessSettings
{
    [CommandOption("--rotate")]
    [Description("Replace Secrets that already exist with the values from .picluster/secrets.yaml / the environment.")]
    public bool Rotate { get; init; }
}

/// <summary><c>bootstrap secrets</c>: see <see cref="SecretsInstaller"/>.</summary>
public sealed class SecretsCommand : AsyncCommand<SecretsCommandSettings>
{
    public static IReadOnlyList<string> DryRunSteps(Cluster.Model.ClusterDefinition cluster) =>
        ClusterSecrets.For(cluster).Select(s =>
            $"Secret {s.StoreKey} ({s.Consumer}, {s.Shape}): create from .picluster/secrets.yaml or {string.Join("/", s.Inputs.Select(i => "$" + SecretStore.VariableName(s, i)))}, generating missing values; left alone when it exists").ToList();

    public override Task<int> ExecuteAsync(CommandContext context, SecretsCommandSettings settings, CancellationToken cancellationToken) =>
        NodeAccess.ReportFailuresAsync(async () =>
        {
            var cluster = HomeCluster.Definition;
            if (settings.DryRun)
            {
                foreach (var step in DryRunSteps(cluster)) Console.WriteLine($"secrets: {step}");
                return 0;
            }
            var state = StateFolder.Locate(Environment.CurrentDirectory);
            using var transport = NodeAccess.Transport(state, settings);
            await using var session = await transport.ConnectAsync(NodeAccess.Endpoint(NodeAccess.ControlPlane(cluster)), cancellationToken);
            var store = new SecretStore(state.SecretsFile, Environment.GetEnvironmentVariable);
            await new SecretsInstaller(cluster, store, Console.Out).RunAsync(new RemoteKubectl(session), settings.Rotate, cancellationToken);
            return 0;
        });
}
