using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Charts;

namespace PiCluster.TestSupport;

/// <summary>
/// A Helm chart repository on loopback HTTP for the --charts tests: the test chart (Charts/picluster-test: a Deployment, a
/// DaemonSet, a Service, a values.schema.json, a CRD and a CR gated on its API) packaged with `helm package` under the
/// names and versions a test asks for, indexed with `helm repo index --url`, served by <see cref="LoopbackHttpServer"/>.
/// Only the "headlamp" copy keeps crds/, so the four copies do not install one CRD four times.
/// </summary>
public sealed class TestChartRepository : IDisposable
{
    /// <summary>The home cluster's chart names: a definition whose every HelmRepository points here renders and expands.</summary>
    public static readonly IReadOnlyList<string> HomeCharts = ["metallb", "traefik", "kube-prometheus-stack", "headlamp"];

    /// <summary>The chart that keeps its crds/ folder.</summary>
    public const string ChartWithCrds = "headlamp";

    private readonly TempDir temp = new();
    private readonly Dictionary<string, byte[]> tampered = new(StringComparer.Ordinal);

    /// <param name="charts">Name, chart version and appVersion (the image tag) of each archive to serve.</param>
    public TestChartRepository(IEnumerable<(string Name, string Version, string AppVersion)> charts)
    {
        Helm = Tools.Require("helm");
        Folder = temp.Sub("repo");
        Directory.CreateDirectory(Path.Combine(Folder, "charts"));
        Server = new LoopbackHttpServer(Serve);
        foreach (var (name, version, appVersion) in charts) Package(name, version, appVersion);
        RunHelm(["repo", "index", Path.Combine(Folder, "charts"), "--url", Url]);
    }

    /// <summary>Every home chart at one version; appVersion (the image tag) "&lt;major&gt;.0.0"-style from the version's major and minor.</summary>
    public static TestChartRepository HomeChartsAt(params string[] versions) =>
        new(versions.SelectMany(v => HomeCharts.Select(name => (name, v, AppVersionOf(v)))));

    /// <summary>Every home chart at the version the home cluster pins (validate also checks the values against the schemas pinned for those versions).</summary>
    public static TestChartRepository AtHomeVersions() =>
        new(HomeChartPins().Select(c => (c.Name, c.Version, AppVersionOf(c.Version))));

    private static IEnumerable<HelmChart> HomeChartPins()
    {
        var services = HomeCluster.Definition.Services;
        return [services.MetalLb.Chart, services.Traefik.Chart, services.Monitoring.Chart, services.Dashboard.Chart];
    }

    /// <summary>"1.1.0" → "2.0.0": each chart version bumps the image, so a chart bump shows as an image change.</summary>
    public static string AppVersionOf(string chartVersion)
    {
        var parts = chartVersion.Split('.');
        return $"{int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)}.0.0";
    }

    public string Helm { get; }

    /// <summary>The folder served: charts/index.yaml and charts/&lt;name&gt;-&lt;version&gt;.tgz.</summary>
    public string Folder { get; }

    public LoopbackHttpServer Server { get; }

    /// <summary>The HelmRepository URL: "http://127.0.0.1:&lt;port&gt;/charts".</summary>
    public string Url => new Uri(Server.BaseUri, "charts").ToString();

    public string ArchiveOf(string name, string version) => Path.Combine(Folder, "charts", $"{name}-{version}.tgz");

    /// <summary>Serves other bytes for an archive than the ones the index digests (a tampered download).</summary>
    public void Tamper(string name, string version)
    {
        var bytes = File.ReadAllBytes(ArchiveOf(name, version));
        bytes[^1] ^= 0x5a;
        lock (tampered) tampered[$"/charts/{name}-{version}.tgz"] = bytes;
    }

    /// <summary>The home cluster with every chart from this repository, at <paramref name="version"/> or (null) the home cluster's own versions.</summary>
    public ClusterDefinition Definition(string? version = null)
    {
        var services = HomeCluster.Definition.Services;
        HelmChart Chart(HelmChart home) => new(Url, home.Name, version ?? home.Version);
        return HomeCluster.Definition with
        {
            Services = services with
            {
                MetalLb = services.MetalLb with { Chart = Chart(services.MetalLb.Chart) },
                Traefik = services.Traefik with { Chart = Chart(services.Traefik.Chart) },
                Monitoring = services.Monitoring with { Chart = Chart(services.Monitoring.Chart) },
                Dashboard = services.Dashboard with { Chart = Chart(services.Dashboard.Chart) },
            },
        };
    }

    /// <summary>helm on the PATH a test hands the render library (helm found through <see cref="Tools"/>).</summary>
    public Func<string, string?> Environment => name => name == "PATH" ? Path.GetDirectoryName(Helm) : null;

    /// <summary>An expander over <paramref name="cache"/> with this machine's helm and the model's Kubernetes version.</summary>
    public ChartExpander Expander(string cache, ClusterDefinition cluster) =>
        new(new UserCacheFolder(cache, "--charts", FromOption: true), () => HelmTool.Locate(Environment), cluster.Kubernetes.Version);

    private void Package(string name, string version, string appVersion)
    {
        var source = Path.Combine(TestPaths.RepoRoot, "tests", "PiCluster.TestSupport", "Charts", "picluster-test");
        var copy = temp.Sub(Path.Combine("src", $"{name}-{version}", name));
        CopyFolder(source, copy);
        var chartYaml = Path.Combine(copy, "Chart.yaml");
        File.WriteAllText(chartYaml, File.ReadAllText(chartYaml).Replace("name: picluster-test", $"name: {name}", StringComparison.Ordinal));
        if (name != ChartWithCrds) Directory.Delete(Path.Combine(copy, "crds"), recursive: true);
        RunHelm(["package", copy, "--version", version, "--app-version", appVersion, "--destination", Path.Combine(Folder, "charts")]);
    }

    private void RunHelm(IEnumerable<string> args)
    {
        var (code, output) = Shell.Run(Helm, args);
        if (code != 0) throw new InvalidOperationException($"helm {string.Join(' ', args)} exited {code}: {output}");
    }

    private byte[]? Serve(string path)
    {
        lock (tampered)
        {
            if (tampered.TryGetValue(path, out var bytes)) return bytes;
        }
        var file = Path.Combine(Folder, path.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(file) && Path.GetFullPath(file).StartsWith(Folder, StringComparison.Ordinal) ? File.ReadAllBytes(file) : null;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        temp.Dispose();
    }
}
