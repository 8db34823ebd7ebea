using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Flux;

public sealed class FluxCommandSettings : NodeAccessSettings
{
    [CommandOption("--flux-manifest <FILE>")]
    [Description("Use this install.yaml instead of downloading it (checked against the pin or --flux-sha256 when there is one).")]
    public string? Manifest { get; init; }

    [CommandOption("--flux-sha256 <HEX>")]
    [Description("Expected SHA-256 of install.yaml while FluxSettings.InstallManifestSha256 is not pinned.")]
    public string? Sha256 { get; init; }

    [CommandOption("--no-commit")]
    [Description("Do not commit gotk-components.yaml (it is still applied).")]
    public bool NoCommit { get; init; }
}

/// <summary><c>bootstrap flux</c>: see <see cref="FluxInstaller"/>.</summary>
public sealed class FluxCommand : AsyncCommand<FluxCommandSettings>
{
    public static IReadOnlyList<string> DryRunSteps(Cluster.Model.ClusterDefinition cluster) =>
    [
        $"get the Flux {cluster.Flux.Version} install manifest (pinned SHA-256: {cluster.Flux.InstallManifestSha256 ?? "none — needs --flux-manifest or --flux-sha256"}), cached in .picluster/cache/flux/",
        $"commit {cluster.Git.Path}/flux-system/gotk-components.yaml (+ its kustomization.yaml index) on the current branch when changed",
        $"apply it on {NodeAccess.ControlPlane(cluster).Name}; wait for the CRDs and controllers",
        "create/reuse the ed25519 deploy key in .picluster/flux/; create Secret flux-system/flux-system (identity, identity.pub, known_hosts via ssh-keyscan)",
        $"apply {cluster.Git.Path}/flux-system/gotk-sync.yaml; wait for Kustomization flux-system/flux-system Ready",
    ];

    public override Task<int> ExecuteAsync(CommandContext context, FluxCommandSettings settings, CancellationToken cancellationToken) =>
        NodeAccess.ReportFailuresAsync(async () =>
        {
            var cluster = HomeCluster.Definition;
            if (settings.DryRun)
            {
                foreach (var step in DryRunSteps(cluster)) Console.WriteLine($"flux: {step}");
                return 0;
            }
            var state = StateFolder.Locate(Environment.CurrentDirectory);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var manifest = await new FluxInstallManifest(state, http, FluxInstallManifest.GitHubReleases, Console.Out)
                .GetAsync(cluster.Flux, settings.Manifest, settings.Sha256, cancellationToken);
            var repository = FluxRepository.Resolve(cluster.Git, state.RepositoryRoot);
            using var transport = NodeAccess.Transport(state, settings);
            await using var session = await transport.ConnectAsync(NodeAccess.Endpoint(NodeAccess.ControlPlane(cluster)), cancellationToken);
            await new FluxInstaller(cluster, state, Console.Out).RunAsync(manifest, repository, new RemoteKubectl(session), new FluxInstallOptions(Commit: !settings.NoCommit), cancellationToken);
            return 0;
        });
}
