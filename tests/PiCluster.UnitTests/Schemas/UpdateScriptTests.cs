using System.Net;
using System.Security.Cryptography;
using System.Text;
using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Schemas;

/// <summary>
/// schemas/update.sh run for real (bash, curl, sha256sum) against a loopback server standing in for the raw-file host:
/// it fills the cache at the pinned commits, verifies each hash before an atomic write, keeps what is already right, and
/// fails at once naming the row when the host is unreachable or serves other bytes.
/// </summary>
public sealed class UpdateScriptTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly byte[] Crd = Encoding.UTF8.GetBytes("kind: CustomResourceDefinition\n");
    private static readonly byte[] Values = Encoding.UTF8.GetBytes("replicas: 1\n");

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>update.sh beside a two-row sources.tsv, as in the repository's schemas/ folder.</summary>
    private string Script(byte[]? crdContent = null)
    {
        var folder = _temp.Sub("schemas");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(TestPaths.RepoRoot, "schemas", "update.sh"), Path.Combine(folder, "update.sh"));
        File.WriteAllText(Path.Combine(folder, "sources.tsv"),
            "# file\tupstream repo\tcommit\tupstream path\tversion\tlicence\tsha256\n"
            + $"crds/example.com/widgets.yaml\towner/widgets\t{Commit}\tconfig/crd/widgets.yaml\tv1.0.0\tApache-2.0\t{Hash(crdContent ?? Crd)}\n"
            + $"helm-values/widgets.values.yaml\towner/charts\t{Commit}\tcharts/widgets/values.yaml\tchart 1.0.0\tApache-2.0\t{Hash(Values)}\n");
        return Path.Combine(folder, "update.sh");
    }

    private static LoopbackHttpServer Upstream(byte[]? crd = null) => new(path =>
        path == $"/owner/widgets/{Commit}/config/crd/widgets.yaml" ? crd ?? Crd
        : path == $"/owner/charts/{Commit}/charts/widgets/values.yaml" ? Values
        : null);

    private static (int Code, string Output) Run(string script, Uri baseUri, params string[] args) =>
        Shell.Run("bash", [script, .. args], new Dictionary<string, string>
        {
            ["PICLUSTER_SCHEMAS_BASE_URL"] = baseUri.ToString(),
            ["PICLUSTER_SCHEMAS"] = "",
            ["XDG_CACHE_HOME"] = "",
        });

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Fills_an_empty_cache_from_the_pinned_commits_and_a_rerun_downloads_nothing()
    {
        Tools.Require("curl");
        var script = Script();
        var cache = _temp.Sub("cache");
        using var upstream = Upstream();

        var first = Run(script, upstream.BaseUri, cache);

        Assert.True(first.Code == 0, first.Output);
        Assert.Contains($"2 files in {cache} match sources.tsv (2 downloaded, 0 already there).", first.Output);
        Assert.Equal(Crd, File.ReadAllBytes(Path.Combine(cache, "crds", "example.com", "widgets.yaml")));
        Assert.Equal(Values, File.ReadAllBytes(Path.Combine(cache, "helm-values", "widgets.values.yaml")));
        Assert.Equal([$"/owner/widgets/{Commit}/config/crd/widgets.yaml", $"/owner/charts/{Commit}/charts/widgets/values.yaml"], upstream.Paths);
        // The C# side accepts what the script wrote: same layout, same hashes.
        var list = SchemaSourceList.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(script)!, "sources.tsv")));
        Assert.Equal(cache, SchemaCache.Verify(new SchemaFolder(cache, "test", "-"), list).Directory);

        var second = Run(script, upstream.BaseUri, cache);

        Assert.True(second.Code == 0, second.Output);
        Assert.Contains("(0 downloaded, 2 already there)", second.Output);
        Assert.Equal(2, upstream.Paths.Count);
    }

    [Fact]
    public void Other_bytes_upstream_are_refused_naming_the_row_and_both_hashes_and_nothing_is_written_for_it()
    {
        Tools.Require("curl");
        var script = Script();
        var cache = _temp.Sub("cache");
        var served = Encoding.UTF8.GetBytes("kind: CustomResourceDefinition # changed\n");
        using var upstream = Upstream(served);

        var (code, output) = Run(script, upstream.BaseUri, cache);

        Assert.Equal(1, code);
        Assert.Contains($"sources.tsv line 2 (crds/example.com/widgets.yaml): {upstream.BaseUri}owner/widgets/{Commit}/config/crd/widgets.yaml has SHA-256 {Hash(served)}, sources.tsv pins {Hash(Crd)}; nothing was written for it.", output);
        Assert.Empty(Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_wrong_file_in_the_cache_is_replaced_and_a_right_one_kept()
    {
        Tools.Require("curl");
        var script = Script();
        var cache = _temp.Sub("cache");
        Directory.CreateDirectory(Path.Combine(cache, "crds", "example.com"));
        Directory.CreateDirectory(Path.Combine(cache, "helm-values"));
        File.WriteAllText(Path.Combine(cache, "crds", "example.com", "widgets.yaml"), "edited by hand\n");
        File.WriteAllBytes(Path.Combine(cache, "helm-values", "widgets.values.yaml"), Values);
        using var upstream = Upstream();

        var (code, output) = Run(script, upstream.BaseUri, cache);

        Assert.True(code == 0, output);
        Assert.Equal(Crd, File.ReadAllBytes(Path.Combine(cache, "crds", "example.com", "widgets.yaml")));
        Assert.Equal([$"/owner/widgets/{Commit}/config/crd/widgets.yaml"], upstream.Paths);
    }

    [Fact]
    public void Check_reports_missing_and_altered_files_without_the_network()
    {
        var script = Script();
        var cache = _temp.Sub("cache");
        Directory.CreateDirectory(Path.Combine(cache, "crds", "example.com"));
        File.WriteAllText(Path.Combine(cache, "crds", "example.com", "widgets.yaml"), "edited by hand\n");
        using var offline = LoopbackPorts.Refusing();

        var (code, output) = Run(script, new Uri($"http://127.0.0.1:{((IPEndPoint)offline.LocalEndPoint!).Port}/"), "--check", cache);

        Assert.Equal(1, code);
        Assert.Contains($"sources.tsv line 2 (crds/example.com/widgets.yaml): SHA-256 {Hash("edited by hand\n"u8.ToArray())}, expected {Hash(Crd)}", output);
        Assert.Contains($"sources.tsv line 3 (helm-values/widgets.values.yaml): missing, expected SHA-256 {Hash(Values)}", output);
        Assert.Contains($"2 of 2 listed files in {cache} are missing or differ; fetch them with: schemas/update.sh {cache}", output);
    }

    [Fact]
    public void Offline_the_real_list_fails_at_once_naming_its_first_row_and_writes_nothing()
    {
        Tools.Require("curl");
        var folder = _temp.Sub("schemas");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(TestPaths.RepoRoot, "schemas", "update.sh"), Path.Combine(folder, "update.sh"));
        File.Copy(Path.Combine(TestPaths.RepoRoot, SchemaSourceList.RepositoryPath), Path.Combine(folder, "sources.tsv"));
        var cache = _temp.Sub("cache");
        using var offline = LoopbackPorts.Refusing();
        var unreachable = new Uri($"http://127.0.0.1:{((IPEndPoint)offline.LocalEndPoint!).Port}/");

        var (code, output) = Run(Path.Combine(folder, "update.sh"), unreachable, cache);

        Assert.Equal(1, code);
        Assert.Contains("update.sh: sources.tsv line 2 (crds/source.toolkit.fluxcd.io/source.toolkit.fluxcd.io_buckets.yaml): could not download", output);
        Assert.Contains("Set PICLUSTER_SCHEMAS to a folder that holds the files instead.", output);
        Assert.Empty(Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Without_a_folder_it_fills_the_one_validate_reads()
    {
        Tools.Require("curl");
        var script = Script();
        using var upstream = Upstream();
        var xdg = _temp.Sub("xdg");
        var variable = _temp.Sub("from-variable");

        var viaXdg = Shell.Run("bash", [script], new Dictionary<string, string>
        {
            ["PICLUSTER_SCHEMAS_BASE_URL"] = upstream.BaseUri.ToString(), ["PICLUSTER_SCHEMAS"] = "", ["XDG_CACHE_HOME"] = xdg,
        });
        var viaVariable = Shell.Run("bash", [script], new Dictionary<string, string>
        {
            ["PICLUSTER_SCHEMAS_BASE_URL"] = upstream.BaseUri.ToString(), ["PICLUSTER_SCHEMAS"] = variable, ["XDG_CACHE_HOME"] = xdg,
        });

        Assert.True(viaXdg.Code == 0, viaXdg.Output);
        Assert.True(File.Exists(Path.Combine(xdg, "picluster", "schemas", "crds", "example.com", "widgets.yaml")));
        Assert.Equal(new SchemaCache(n => n == "XDG_CACHE_HOME" ? xdg : null).Locate(null).Path, Path.Combine(xdg, "picluster", "schemas"));
        Assert.True(viaVariable.Code == 0, viaVariable.Output);
        Assert.True(File.Exists(Path.Combine(variable, "helm-values", "widgets.values.yaml")));
    }

    [Fact]
    public void A_row_that_would_write_outside_the_cache_is_refused_before_anything_is_fetched()
    {
        var folder = _temp.Sub("schemas");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(TestPaths.RepoRoot, "schemas", "update.sh"), Path.Combine(folder, "update.sh"));
        File.WriteAllText(Path.Combine(folder, "sources.tsv"), $"crds/../../escape.yaml\towner/widgets\t{Commit}\tx.yaml\tv1\tApache-2.0\t{Hash(Crd)}\n");
        using var upstream = Upstream();

        var (code, output) = Run(Path.Combine(folder, "update.sh"), upstream.BaseUri, _temp.Sub("cache"));

        Assert.Equal(2, code);
        Assert.Contains("sources.tsv line 1 (crds/../../escape.yaml) is malformed", output);
        Assert.Empty(upstream.Paths);
        Assert.False(File.Exists(_temp.Sub("escape.yaml")));
    }
}
