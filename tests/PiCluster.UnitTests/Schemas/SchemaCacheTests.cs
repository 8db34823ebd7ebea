using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Schemas;

/// <summary>
/// Where validate, diff and the tests find the pinned schemas (--schemas, PICLUSTER_SCHEMAS, $XDG_CACHE_HOME, ~/.cache),
/// and the SHA-256 check every listed file passes before use.
/// </summary>
public sealed class SchemaCacheTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_option_wins_over_the_variable_the_xdg_cache_and_home()
    {
        var cache = new SchemaCache(Environment(("PICLUSTER_SCHEMAS", "/from/env"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/pi")));

        var folder = cache.Locate("/from/option");

        Assert.Equal(("/from/option", "--schemas", "schemas/update.sh /from/option"), (folder.Path, folder.Origin, folder.FixCommand));
    }

    [Fact]
    public void The_variable_wins_over_the_xdg_cache_and_home()
    {
        var folder = new SchemaCache(Environment(("PICLUSTER_SCHEMAS", "/from/env"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/pi"))).Locate(null);

        Assert.Equal(("/from/env", "PICLUSTER_SCHEMAS", "schemas/update.sh"), (folder.Path, folder.Origin, folder.FixCommand));
    }

    [Fact]
    public void Without_option_or_variable_the_xdg_cache_home_is_used_then_home()
    {
        Assert.Equal("/xdg/picluster/schemas", new SchemaCache(Environment(("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/pi"))).Locate(null).Path);
        Assert.Equal("/home/pi/.cache/picluster/schemas", new SchemaCache(Environment(("HOME", "/home/pi"))).Locate(null).Path);
    }

    [Fact]
    public void Empty_values_and_a_relative_xdg_cache_home_count_as_unset()
    {
        var folder = new SchemaCache(Environment(("PICLUSTER_SCHEMAS", ""), ("XDG_CACHE_HOME", "relative/cache"), ("HOME", "/home/pi"))).Locate("");

        Assert.Equal(("/home/pi/.cache/picluster/schemas", "~/.cache/picluster/schemas"), (folder.Path, folder.Origin));
    }

    [Fact]
    public void A_relative_option_or_variable_is_taken_from_the_current_folder()
    {
        Assert.Equal(Path.GetFullPath("cache"), new SchemaCache(Environment(("PICLUSTER_SCHEMAS", "cache"))).Locate(null).Path);
    }

    [Fact]
    public void Nothing_to_go_on_is_an_error_naming_the_variable()
    {
        var error = Assert.Throws<SchemaCacheException>(() => new SchemaCache(Environment()).Locate(null));

        Assert.Contains("PICLUSTER_SCHEMAS", error.Message);
    }

    [Fact]
    public void The_pinned_cache_verifies_and_the_list_names_44_files()
    {
        var pinned = TestSchemas.Pinned;

        Assert.Equal(44, pinned.Sources.Files.Count);
        Assert.All(pinned.Sources.Files, f => Assert.True(File.Exists(Path.Combine(pinned.Directory, f.File)), f.File));
    }

    [Fact]
    public void One_byte_changed_names_the_file_both_hashes_and_update_sh()
    {
        using var copy = CacheCopy();
        var file = Path.Combine(copy.Path, "crds", "traefik.io", "traefik.io_middlewares.yaml");
        var bytes = File.ReadAllBytes(file);
        bytes[100] ^= 0x20;
        File.WriteAllBytes(file, bytes);
        var expected = TestSchemas.Sources.Files.Single(f => f.File == "crds/traefik.io/traefik.io_middlewares.yaml").Sha256;
        var found = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

        var error = Assert.Throws<SchemaCacheException>(() => new SchemaCache(Environment(("PICLUSTER_SCHEMAS", copy.Path))).Open(null, TestSchemas.Sources));

        Assert.Contains($"  crds/traefik.io/traefik.io_middlewares.yaml: expected SHA-256 {expected}, found {found}\n", error.Message);
        Assert.Contains("(1 of 44 files)", error.Message);
        Assert.EndsWith("Fetch the pinned files again with: schemas/update.sh", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named_with_its_expected_hash()
    {
        using var copy = CacheCopy();
        File.Delete(Path.Combine(copy.Path, "helm-values", "headlamp.schema.json"));
        var expected = TestSchemas.Sources.Files.Single(f => f.File == "helm-values/headlamp.schema.json").Sha256;

        var error = Assert.Throws<SchemaCacheException>(() => new SchemaCache(Environment()).Open(copy.Path, TestSchemas.Sources));

        Assert.Contains($"  helm-values/headlamp.schema.json: expected SHA-256 {expected}, found no file\n", error.Message);
        Assert.Contains($"schemas/update.sh {copy.Path}", error.Message);
    }

    [Fact]
    public void An_empty_user_cache_says_exactly_what_to_run()
    {
        using var home = new TempDir();

        var error = Assert.Throws<SchemaCacheException>(() => new SchemaCache(Environment(("HOME", home.Path))).Open(null, TestSchemas.Sources));

        Assert.StartsWith($"No schemas in {home.Path}/.cache/picluster/schemas (~/.cache/picluster/schemas):", error.Message);
        Assert.Contains("\nDownload them (about 5.6 MB from the upstream repositories, each verified) with: schemas/update.sh\n", error.Message);
        Assert.Contains("or set PICLUSTER_SCHEMAS to a folder that holds them", error.Message);
        Assert.Equal($"none of the 44 pinned files is in {home.Path}/.cache/picluster/schemas (~/.cache/picluster/schemas)", error.Summary);
    }

    [Fact]
    public void Files_the_list_does_not_name_are_ignored()
    {
        using var copy = CacheCopy();
        File.WriteAllText(Path.Combine(copy.Path, "helm-values", "charts.json"), "{}");

        Assert.Equal(copy.Path, new SchemaCache(Environment()).Open(copy.Path, TestSchemas.Sources).Directory);
    }

    [Fact]
    public void Validate_exits_2_naming_the_altered_file_and_both_hashes()
    {
        using var copy = CacheCopy();
        var file = Path.Combine(copy.Path, "kustomize", "kustomization.schema.json");
        File.AppendAllText(file, " ");

        var (code, output) = RenderTool.Run("validate", "--schemas", copy.Path);

        Assert.Equal(2, code);
        var expected = TestSchemas.Sources.Files.Single(f => f.File == "kustomize/kustomization.schema.json").Sha256;
        Assert.Contains($"kustomize/kustomization.schema.json: expected SHA-256 {expected}, found {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))}", output);
        Assert.Contains("schemas/update.sh", output);
        Assert.DoesNotContain("files checked against", output);
    }

    [Fact]
    public void Validate_and_diff_exit_2_on_an_empty_cache_with_the_command_that_fills_it()
    {
        using var empty = new TempDir();

        var validate = RenderTool.Run("validate", "--schemas", empty.Path);
        var diff = RenderTool.Run("diff", "--base", "HEAD", "--schemas", empty.Path);

        Assert.All(new[] { validate, diff }, run =>
        {
            Assert.Equal(2, run.Code);
            Assert.Contains($"No schemas in {empty.Path} (--schemas)", run.Output);
            Assert.Contains($"with: schemas/update.sh {empty.Path}\n", run.Output);
        });
    }

    [Fact]
    public void Validate_passes_on_the_committed_tree_with_the_pinned_schemas()
    {
        var (code, output) = RenderTool.Run("validate", "--schemas", TestSchemas.Directory);

        Assert.True(code == 0, output);
        Assert.Contains($"files checked against {TestSchemas.Directory}", output);
    }

    [Fact]
    public void The_tests_fail_with_one_line_when_no_schemas_are_found()
    {
        using var home = new TempDir();

        var error = Assert.Throws<SchemasMissingException>(() => TestSchemas.Open(Environment(("HOME", home.Path))));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(error.StackTrace);
        Assert.Contains("none of the 44 pinned files is in", error.Message);
        Assert.EndsWith("set PICLUSTER_SCHEMAS to a folder holding the files of schemas/sources.tsv, or run schemas/update.sh online (./test.sh does when the upstream host answers).", error.Message);
    }

    /// <summary>A writable copy of the listed files of the pinned cache.</summary>
    private static TempDir CacheCopy()
    {
        var copy = new TempDir();
        foreach (var source in TestSchemas.Sources.Files)
        {
            var to = Path.Combine(copy.Path, source.File);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(Path.Combine(TestSchemas.Directory, source.File), to);
        }
        return copy;
    }
}

/// <summary>schemas/sources.tsv is read strictly: a row update.sh could not use is an error naming its line.</summary>
public sealed class SchemaSourceListTests
{
    private const string Header = "# file\tupstream repo\tcommit\tupstream path\tversion\tlicence\tsha256\n";
    private static readonly string Commit = new('a', 40);
    private static readonly string Hash = new('b', 64);

    [Theory]
    [InlineData("crds/x.yaml\to/r\tCOMMIT\tp.yaml\tv1\tApache-2.0", "2 (crds/x.yaml): 6 columns, expected 7")]
    [InlineData("../x.yaml\to/r\tCOMMIT\tp.yaml\tv1\tApache-2.0\tHASH", "2 (../x.yaml): the file column must be a relative path inside the cache")]
    [InlineData("/etc/x.yaml\to/r\tCOMMIT\tp.yaml\tv1\tApache-2.0\tHASH", "the file column must be a relative path")]
    [InlineData("x.yaml\to/r\tmain\tp.yaml\tv1\tApache-2.0\tHASH", "commit \"main\" is not a 40-hex commit")]
    [InlineData("x.yaml\to/r\tCOMMIT\tp.yaml\tv1\tApache-2.0\tABC", "sha256 \"ABC\" is not 64 lowercase hex digits")]
    [InlineData("x.yaml\tjust-a-name\tCOMMIT\tp.yaml\tv1\tApache-2.0\tHASH", "repository \"just-a-name\" is not owner/name")]
    [InlineData("helm-values/traefik.schema.json\to/r\tCOMMIT\tp.json\t41.3.0\tApache-2.0\tHASH", "version \"41.3.0\" must read \"chart X.Y.Z\"")]
    public void A_malformed_row_is_named_by_line(string row, string expected)
    {
        var error = Assert.Throws<SchemaCacheException>(() => SchemaSourceList.Parse(Header + row.Replace("COMMIT", Commit).Replace("HASH", Hash) + "\n"));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Chart_versions_and_subcharts_come_from_the_helm_values_rows()
    {
        var list = SchemaSourceList.Parse(Header
            + $"helm-values/kps.values.yaml\to/r\t{Commit}\tv.yaml\tchart 88.5.3 (subcharts: crds, grafana)\tApache-2.0\t{Hash}\n"
            + $"helm-values/traefik.schema.json\to/r\t{Commit}\ts.json\tchart 41.3.0\tApache-2.0\t{Hash}\n"
            + $"crds/a/a.yaml\to/r\t{Commit}\ta.yaml\tv1.0.0\tApache-2.0\t{Hash}\n");

        Assert.Equal(3, list.Files.Count);
        Assert.Equal(["kps", "traefik"], list.Charts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("88.5.3", list.Charts["kps"].Version);
        Assert.Equal(["crds", "grafana"], list.Charts["kps"].Subcharts.Order(StringComparer.Ordinal));
        Assert.Empty(list.Charts["traefik"].Subcharts);
    }
}
