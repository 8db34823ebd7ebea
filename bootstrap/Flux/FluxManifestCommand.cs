using System.ComponentModel;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Flux;

public sealed class FluxManifestSettings : CommandLineSettings
{
    [CommandOption("--from <FILE>")]
    [Description("Use this install.yaml instead of downloading it (checked against the pin or --sha256 when there is one).")]
    public string? From { get; init; }

    [CommandOption("--sha256 <HEX>")]
    [Description("Expected SHA-256 of install.yaml while FluxSettings.InstallManifestSha256 is not pinned (pin it afterwards).")]
    public string? Sha256 { get; init; }

    [CommandOption("--release-base <URL>")]
    [Description("Where releases are downloaded from (a mirror of <base>/<version>/install.yaml); default the fluxcd/flux2 release assets.")]
    public string? ReleaseBase { get; init; }
}

/// <summary>
/// <c>bootstrap flux-manifest</c>: puts the pinned Flux release's install.yaml into the repository as
/// cluster/Flux/install.yaml (verified, atomically), the input render copies into rendered/.
/// </summary>
public sealed class FluxManifestCommand(BootstrapServices services) : AsyncCommand<FluxManifestSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, FluxManifestSettings settings, CancellationToken cancellationToken)
    {
        var state = services.State;
        var releaseBase = settings.ReleaseBase is null ? FluxInstallManifest.GitHubReleases : new Uri(settings.ReleaseBase.TrimEnd('/') + "/");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var output = services.Console.Writer();
        var manifest = await new FluxInstallManifest(state, http, releaseBase, output)
            .GetAsync(services.Cluster.Flux, settings.From is null ? null : Path.GetFullPath(settings.From), settings.Sha256, cancellationToken);
        output.WriteLine(FluxManifestFetch.Write(state.RepositoryRoot, services.Cluster.Flux, manifest));
        return ExitCodes.Ok;
    }
}

/// <summary>Writes a verified install manifest to <see cref="FluxInstallInput.RepositoryPath"/>; the only writer of that file.</summary>
public static class FluxManifestFetch
{
    /// <returns>What happened, and what the operator does next.</returns>
    public static string Write(string repositoryRoot, FluxSettings flux, FluxManifest manifest)
    {
        var path = FluxInstallInput.FullPath(repositoryRoot);
        var unchanged = File.Exists(path) && File.ReadAllText(path) == manifest.Text;
        if (!unchanged) AtomicFile.Write(path, manifest.Text);
        var pinned = flux.InstallManifestSha256?.Trim().ToLowerInvariant() == manifest.Sha256;
        var next = pinned
            ? "run `dotnet run --project generators render` and commit cluster/Flux/ and rendered/."
            : $"pin it: FluxSettings.InstallManifestSha256 = \"{manifest.Sha256}\" in cluster/HomeCluster.cs, then render and commit.";
        return $"{FluxInstallInput.RepositoryPath} {(unchanged ? "already holds" : "now holds")} Flux {manifest.Version}'s install manifest (SHA-256 {manifest.Sha256}, from {manifest.Origin}); {next}";
    }
}
