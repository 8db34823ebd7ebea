using System.Text;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render;
using PiCluster.Render.Cli.Commands;
using PiCluster.Render.Output;

namespace PiCluster.UnitTests.Render;

public class RenderedTreeTests
{
    [Fact]
    public void Committed_rendered_tree_equals_a_fresh_render()
    {
        var diff = TreeDiff.Compare(TreeWriter.Read(TestPaths.Rendered), ClusterRenderer.Render(HomeCluster.Definition, FluxInstallInput.Read(TestPaths.RepoRoot, HomeCluster.Definition.Flux)));
        Assert.True(diff.Length == 0, "rendered/ is stale; run `dotnet run --project generators render`. Diff (a = committed, b = fresh):\n" + diff);
    }

    [Fact]
    public void Two_renders_write_byte_identical_trees()
    {
        using var temp = new TempDir();
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), temp.Sub("one"));
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), temp.Sub("two"));
        var one = Files(temp.Sub("one"));
        var two = Files(temp.Sub("two"));
        Assert.Equal(one.Keys, two.Keys);
        Assert.NotEmpty(one);
        foreach (var (path, bytes) in one) Assert.True(bytes.SequenceEqual(two[path]), $"{path} differs between two renders");
    }

    [Fact]
    public void Every_file_is_lf_utf8_without_bom_and_names_its_source_record()
    {
        foreach (var file in ClusterRenderer.Render(HomeCluster.Definition))
        {
            var bytes = Encoding.UTF8.GetBytes(file.Content);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, file.Path + " has a BOM");
            Assert.DoesNotContain('\r', file.Content);
            Assert.EndsWith("\n", file.Content);
            // YAML starts with a comment line, the Markdown overview with an HTML comment.
            Assert.Matches(file.Path.EndsWith(".md", StringComparison.Ordinal)
                ? @"^<!-- Rendered by PiCluster from [A-Za-z.]+[^\n]*-->\n"
                : @"^# Rendered by PiCluster from [A-Za-z.]+[^\n]*\n", file.Content);
        }
    }

    [Fact]
    public void Render_removes_files_that_no_longer_belong()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        Directory.CreateDirectory(Path.Combine(outDir, "apps", "gone"));
        File.WriteAllText(Path.Combine(outDir, "apps", "gone", "old.yaml"), "# Rendered by PiCluster from WebApp gone; do not edit.\nkind: Old\n");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        Assert.False(Directory.Exists(Path.Combine(outDir, "apps", "gone")));
        Assert.True(File.Exists(Path.Combine(outDir, "flux-system", "gotk-sync.yaml")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Path), p => Path.GetFileName(p).StartsWith('.'));
    }

    [Fact]
    public void Out_refuses_to_replace_a_folder_render_did_not_write()
    {
        using var temp = new TempDir();
        var home = temp.Sub("home");
        Directory.CreateDirectory(Path.Combine(home, "photos"));
        File.WriteAllText(Path.Combine(home, "photos", "cat.jpg"), "not yaml");
        var (code, output) = RenderTool.Run("render", "--out", home);
        Assert.NotEqual(0, code);
        Assert.Contains("refusing to replace a folder that holds files render did not write", output);
        Assert.Equal("not yaml", File.ReadAllText(Path.Combine(home, "photos", "cat.jpg")));
    }

    [Fact]
    public void An_invalid_definition_throws_before_anything_is_written()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        var before = Snapshot(outDir);
        var broken = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes, new Node("pi6", "10.0.0.7", NodeRole.Worker)] };
        var error = Assert.Throws<InvalidClusterDefinitionException>(() => TreeWriter.Write(ClusterRenderer.Render(broken), outDir));
        Assert.Contains("Nodes[pi6].Address: \"10.0.0.7\"", error.Message);
        Assert.Equal(before, Snapshot(outDir));
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_tree_exactly_as_it_was()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        var before = Snapshot(outDir);
        // The second file cannot be created (its folder name is taken by a file), after the first was written.
        var files = new List<RenderedText> { new("a/one.yaml", "one: 1\n"), new("a/one.yaml/two.yaml", "two: 2\n") };
        Assert.ThrowsAny<IOException>(() => TreeWriter.Write(files, outDir));
        Assert.Equal(before, Snapshot(outDir));
        Assert.Single(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Check_exits_non_zero_with_a_unified_diff_when_stale_and_zero_when_fresh()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        var traefik = Path.Combine(outDir, "infrastructure", "controllers", "traefik.yaml");
        File.WriteAllText(traefik, File.ReadAllText(traefik).Replace(HomeClusterAddresses.ServicesTraefikAddress, "192.168.50.233"));
        File.WriteAllText(Path.Combine(outDir, "stray.yaml"), "# Rendered by PiCluster from an older definition\nx: 1\n");

        var (code, output) = RenderTool.Run("render", "--check", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("--- a/infrastructure/controllers/traefik.yaml", output);
        Assert.Contains("-        metallb.io/loadBalancerIPs: 192.168.50.233", output);
        Assert.Contains($"+        metallb.io/loadBalancerIPs: {HomeClusterAddresses.ServicesTraefikAddress}", output);
        Assert.Contains("(removed) stray.yaml", output);

        Assert.Equal(0, RenderTool.Run("render", "--out", outDir).Code);
        Assert.Equal(0, RenderTool.Run("render", "--check", "--out", outDir).Code);
    }

    private static SortedDictionary<string, byte[]> Files(string dir) =>
        new(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(p => Path.GetRelativePath(dir, p), File.ReadAllBytes), StringComparer.Ordinal);

    private static string Snapshot(string dir) =>
        string.Join("\n", Files(dir).Select(f => f.Key + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Value))));
}

public class RenderedTreeSchemaTests
{
    [Fact]
    public void A_fresh_render_validates_against_the_pinned_schemas()
    {
        using var temp = new TempDir();
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), temp.Sub("rendered"));
        var problems = PiCluster.Render.Schemas.SchemaValidator.ValidateTree(temp.Sub("rendered"), TestSchemas.Pinned);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Validate_reports_a_broken_rendered_value_with_file_kind_and_path()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        var traefik = Path.Combine(outDir, "infrastructure", "controllers", "traefik.yaml");
        File.WriteAllText(traefik, File.ReadAllText(traefik).Replace("isDefaultClass: true", "isDefaultClas: true"));
        var (code, output) = RenderTool.Run("validate", "--rendered", outDir, "--schemas", TestSchemas.Directory);
        Assert.Equal(1, code);
        Assert.Contains("infrastructure/controllers/traefik.yaml: document 3: HelmRelease/traefik: $.spec.values.ingressClass.isDefaultClas: unknown field", output);
    }
}
