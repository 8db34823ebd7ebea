using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PiCluster.Render.Resources;
using PiCluster.Render.Rules;

namespace PiCluster.Render.Charts;

/// <summary>
/// One HelmRelease of a tree, with everything <c>helm template</c> needs, resolved the way helm-controller resolves it
/// (fluxcd/helm-controller api/v2/helmrelease_types.go: GetReleaseName is spec.releaseName, else
/// "[targetNamespace-]name"; GetReleaseNamespace is spec.targetNamespace, else the object's namespace).
/// </summary>
/// <param name="Release">The HelmRelease object in the tree.</param>
/// <param name="RepositoryUrl">spec.url of the HelmRepository its sourceRef names.</param>
/// <param name="Values">spec.values exactly as rendered ({} when absent).</param>
/// <param name="InstallsCrds">install.crds is not Skip (Flux's default is Create) and install.skipCRDs is not set: the chart's crds/ are applied.</param>
/// <param name="RunsTests">spec.test.enable: helm-controller runs the chart's test hooks only then.</param>
/// <param name="DisableHooks">install.disableHooks: hooks are neither rendered nor run.</param>
/// <param name="Notes">What of the release cannot be reproduced offline (valuesFrom, postRenderers, valuesFiles), for the report.</param>
public sealed record ChartRelease(
    RenderedObject Release,
    string ReleaseName,
    string Namespace,
    string Chart,
    string Version,
    string RepositoryUrl,
    JsonObject Values,
    bool InstallsCrds,
    bool RunsTests,
    bool DisableHooks,
    IReadOnlyList<string> Notes)
{
    /// <summary>"HelmRelease traefik/traefik (infrastructure/controllers/traefik.yaml)".</summary>
    public string Display => $"{Release.Display} ({Release.File})";

    /// <summary>"traefik 41.3.0".</summary>
    public string ChartDisplay => $"{Chart} {Version}";
}

/// <summary>A HelmRelease whose chart cannot be expanded offline (another source kind, OCI, a version range, no HelmRepository).</summary>
public sealed record UnexpandableRelease(RenderedObject Release, string Reason)
{
    public override string ToString() => $"{Release.Display} ({Release.File}): {Reason}";
}

/// <summary>Reads the HelmReleases of a tree and the HelmRepositories they name.</summary>
public static partial class ChartReleases
{
    private const string SourceGroup = HelmRepository.Group;

    /// <summary>Every HelmRelease of <paramref name="tree"/>, in file order: the expandable ones, and why the others are not.</summary>
    public static (IReadOnlyList<ChartRelease> Releases, IReadOnlyList<UnexpandableRelease> Unexpandable) From(RenderedTree tree)
    {
        var repositories = tree.OfKind(HelmRepository.KindName).Where(r => r.Group == SourceGroup)
            .GroupBy(r => (r.Namespace, r.Name)).ToDictionary(g => g.Key, g => g.First());
        var releases = new List<ChartRelease>();
        var unexpandable = new List<UnexpandableRelease>();
        foreach (var release in tree.OfKind(HelmRelease.KindName).Where(r => r.Group == HelmRelease.Group))
        {
            var result = Read(release, repositories);
            if (result.Release is { } ok) releases.Add(ok);
            else unexpandable.Add(new UnexpandableRelease(release, result.Reason!));
        }
        return (releases, unexpandable);
    }

    private static (ChartRelease? Release, string? Reason) Read(RenderedObject release, IReadOnlyDictionary<(string, string), RenderedObject> repositories)
    {
        var spec = release.Body["spec"] as JsonObject ?? [];
        if (spec["chartRef"] is not null)
            return (null, "spec.chartRef (an OCIRepository or HelmChart object) is not supported; chart expansion reads charts from a HelmRepository named in spec.chart.spec.sourceRef");
        var chartSpec = spec["chart"]?["spec"];
        var chart = Str(chartSpec?["chart"]);
        if (string.IsNullOrEmpty(chart)) return (null, "spec.chart.spec.chart is not set");
        var version = Str(chartSpec?["version"]);
        if (version is null || !ExactVersion().IsMatch(version))
            return (null, $"spec.chart.spec.version {(version is null ? "is not set (latest)" : $"\"{version}\" is a range")}; only an exact version can be looked up in the charts cache");
        var sourceKind = Str(chartSpec?["sourceRef"]?["kind"]) ?? "";
        var sourceName = Str(chartSpec?["sourceRef"]?["name"]) ?? "";
        var sourceNamespace = Str(chartSpec?["sourceRef"]?["namespace"]) ?? release.Namespace;
        if (sourceKind != HelmRepository.KindName)
            return (null, $"spec.chart.spec.sourceRef.kind {sourceKind} is not supported; chart expansion reads charts from a HelmRepository");
        if (!repositories.TryGetValue((sourceNamespace, sourceName), out var repository))
            return (null, $"spec.chart.spec.sourceRef names HelmRepository {sourceNamespace}/{sourceName}, which is not in the tree");
        var url = Str(repository.Body["spec"]?["url"]) ?? "";
        if (Str(repository.Body["spec"]?["type"]) == "oci" || url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
            return (null, $"{repository.Display} is an OCI repository ({url}); chart expansion does not support OCI yet (charts pull reads index.yaml from HTTP(S) repositories)");
        try
        {
            ChartCache.RelativePath(url, chart, version);
        }
        catch (ArgumentException e)
        {
            return (null, $"{repository.Display}: {e.Message}");
        }

        var notes = new List<string>();
        if (spec["valuesFrom"] is JsonArray { Count: > 0 }) notes.Add("spec.valuesFrom is not resolved offline: only spec.values is passed to helm");
        if (spec["postRenderers"] is JsonArray { Count: > 0 }) notes.Add("spec.postRenderers are not applied");
        if (chartSpec?["valuesFiles"] is JsonArray { Count: > 0 } || Str(chartSpec?["valuesFile"]) is not null) notes.Add("spec.chart.spec.valuesFiles are not applied: the chart's values.yaml is used");
        var install = spec["install"];
        var targetNamespace = Str(spec["targetNamespace"]);
        var releaseName = ShortenName(Str(spec["releaseName"]) is { Length: > 0 } named ? named
            : targetNamespace is { Length: > 0 } ? $"{targetNamespace}-{release.Name}" : release.Name);
        return (new ChartRelease(
            release,
            releaseName,
            targetNamespace is { Length: > 0 } ? targetNamespace : release.Namespace,
            chart,
            version,
            url,
            spec["values"] as JsonObject ?? [],
            InstallsCrds: Str(install?["crds"]) != "Skip" && Bool(install?["skipCRDs"]) != true,
            RunsTests: Bool(spec["test"]?["enable"]) == true,
            DisableHooks: Bool(install?["disableHooks"]) == true,
            notes), null);
    }

    /// <summary>
    /// The name helm-controller gives Helm: a name over Helm's 53 characters becomes its first 40, '-', and the first 12
    /// hex digits of its SHA-256 (fluxcd/helm-controller internal/release/name.go ShortenName, applied to
    /// GetReleaseName in its install and upgrade actions), so `helm template` names objects as the cluster will.
    /// </summary>
    public static string ShortenName(string name)
    {
        const int helmLimit = 53, hashLength = 12;
        if (name.Length <= helmLimit) return name;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
        return name[..(helmLimit - hashLength - 1)] + "-" + hash[..hashLength];
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    // SemVer 2 with an optional leading v (Helm accepts both); anything else (1.x, >=1.0, *) is a range for helm-controller.
    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExactVersion();
}
