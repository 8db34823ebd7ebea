using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PiCluster.Render.Schemas;
using Xunit.Abstractions;

namespace PiCluster.UnitTests.Schemas;

public sealed class SchemaValidatorTests(ITestOutputHelper output)
{
    private static readonly string FixturesDir = Path.Combine(AppContext.BaseDirectory, "Schemas", "Fixtures");
    private static readonly string CustomSchemasDir = Path.Combine(FixturesDir, "custom-schemas");

    // Fixture folders that are not the pinned cache carry no chart versions.
    private IReadOnlyList<SchemaProblem> Validate(string fixture, string? schemasDir = null)
    {
        var tree = Path.Combine(FixturesDir, fixture);
        var problems = schemasDir is null
            ? SchemaValidator.ValidateTree(tree, TestSchemas.Pinned)
            : SchemaValidator.ValidateTree(tree, schemasDir, SchemaSourceList.Empty);
        foreach (var problem in problems)
        {
            output.WriteLine(problem.ToString());
        }
        return problems;
    }

    private static SchemaProblem Single(IReadOnlyList<SchemaProblem> problems, string jsonPath) =>
        Assert.Single(problems, p => p.JsonPath == jsonPath);

    [Fact]
    public void Valid_flux_metallb_traefik_and_kustomize_tree_has_no_problems()
    {
        Assert.Empty(Validate("valid"));
    }

    [Fact]
    public void Correct_metallb_values_are_clean()
    {
        Assert.Empty(Validate("valid/infrastructure/metallb"));
    }

    [Fact]
    public void Misspelt_fields_are_reported_with_path_name_and_suggestion()
    {
        var problems = Validate("misspelt");

        var dependOn = Single(problems, "$.spec.dependOn");
        Assert.Equal(("flux.yaml", 1, "Kustomization", "apps"), (dependOn.File, dependOn.Document, dependOn.Kind, dependOn.Name));
        Assert.Equal("unknown field \"dependOn\"; did you mean \"dependsOn\"?", dependOn.Message);

        var adresses = Single(problems, "$.spec.adresses");
        Assert.Equal(("flux.yaml", 2, "IPAddressPool", "default"), (adresses.File, adresses.Document, adresses.Kind, adresses.Name));
        Assert.Contains("unknown field \"adresses\"", adresses.Message, StringComparison.Ordinal);
        Assert.Contains("addresses", Single(problems, "$.spec").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_are_reported()
    {
        var problems = Validate("wrong-types");

        Assert.Equal(["$.spec.interval", "$.spec.prune"], problems.Select(p => p.JsonPath));
        Assert.Contains("\"integer\" but should be \"string\"", Single(problems, "$.spec.interval").Message, StringComparison.Ordinal);
        Assert.Contains("\"string\" but should be \"boolean\"", Single(problems, "$.spec.prune").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kind_and_unserved_version_in_known_group_are_reported()
    {
        var problems = Validate("unknown-kind");

        Assert.Equal(2, problems.Count);
        Assert.Equal(
            "kinds.yaml: document 1: Kustomisation/apps: $.kind: no such kind \"Kustomisation\" in group kustomize.toolkit.fluxcd.io; known kinds: Kustomization",
            problems[0].ToString());
        Assert.Equal("$.apiVersion", problems[1].JsonPath);
        Assert.Contains("\"v2beta1\"", problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("served versions: v2", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metallb_values_with_wrong_type_are_reported_under_spec_values()
    {
        var problem = Assert.Single(Validate("metallb-bad-values"));

        Assert.Equal(("HelmRelease", "metallb", "$.spec.values.speaker.frr.enabled"), (problem.Kind, problem.Name, problem.JsonPath));
        Assert.Contains("should be \"boolean\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Traefik_values_with_misspelt_key_are_reported()
    {
        var problem = Assert.Single(Validate("traefik-misspelt"));

        Assert.Equal("$.spec.values.providers.kubernetesCRDs", problem.JsonPath);
        Assert.Equal("unknown field \"kubernetesCRDs\"; did you mean \"kubernetesCRD\"?", problem.Message);
    }

    [Fact]
    public void Chart_version_other_than_the_schema_version_is_reported()
    {
        var problem = Assert.Single(Validate("chart-version"));

        Assert.Equal("$.spec.chart.spec.version", problem.JsonPath);
        Assert.Contains("0.15.2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("0.16.1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kustomize_config_is_validated_against_kustomization_schema()
    {
        var problems = Validate("kustomize-config");

        Assert.Equal(["$.namePrefix", "$.resorces"], problems.Select(p => p.JsonPath));
        Assert.All(problems, p => Assert.Equal(("kustomization.yaml", 1, "Kustomization"), (p.File, p.Document, p.Kind)));
        Assert.Contains("did you mean \"resources\"", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_scalars_are_typed_as_kubernetes_does()
    {
        var problems = Validate("yaml-typing");

        // Quoted 'true' is a string, plain 42 an integer, ~ a null; quoted '42', plain True and the literal block are fine.
        Assert.Equal(["$.spec.force", "$.spec.prune", "$.spec.targetNamespace"], problems.Select(p => p.JsonPath));
    }

    [Fact]
    public void Kubernetes_schema_extensions_are_honoured()
    {
        var problems = Validate("custom-widgets", CustomSchemasDir);

        Assert.DoesNotContain(problems, p => p.Name == "good");
        var bad = problems.Where(p => p.Name == "bad").ToList();
        Assert.Equal(
            [
                "$.metadata.labels.replicas", // labels are a string map
                "$.spec.choice", // oneOf matched twice
                "$.spec.config.known", // declared fields of a preserve-unknown-fields object are still typed
                "$.spec.mode", // enum
                "$.spec.port", // int-or-string
                "$.spec.ratio", // OpenAPI boolean exclusiveMinimum
                "$.spec.template.spec.colour", // embedded resource still closed below apiVersion/kind/metadata
            ],
            bad.Select(p => p.JsonPath));
        Assert.Equal("value must be one of: \"fast\", \"slow\"", Single(bad, "$.spec.mode").Message);
        Assert.Contains("not served", Single(problems, "$.apiVersion").Message, StringComparison.Ordinal);
        Assert.Contains("\"name\"", Assert.Single(problems, p => p.Document == 4).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_parse_errors_are_reported_not_thrown()
    {
        var problem = Assert.Single(Validate("broken-yaml", CustomSchemasDir));

        Assert.Equal(("broken.yaml", 0), (problem.File, problem.Document));
        Assert.StartsWith("YAML parse error at line", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_renders_as_one_line()
    {
        var problem = new SchemaProblem("infra/a.yaml", 2, "Kustomization", "apps", "$.spec.prune", "bad");

        Assert.Equal("infra/a.yaml: document 2: Kustomization/apps: $.spec.prune: bad", problem.ToString());
    }

    [Fact]
    public void Thousand_documents_validate_quickly_and_deterministically()
    {
        var dir = Directory.CreateTempSubdirectory("picluster-validate-").FullName;
        try
        {
            WriteLargeTree(dir, files: 250);
            var timer = Stopwatch.StartNew();
            var first = SchemaValidator.ValidateTree(dir, TestSchemas.Pinned);
            var elapsed = timer.Elapsed;
            var second = SchemaValidator.ValidateTree(dir, TestSchemas.Pinned);
            output.WriteLine($"1000 documents: {elapsed.TotalMilliseconds:F0} ms (first run), {timer.Elapsed.TotalMilliseconds - elapsed.TotalMilliseconds:F0} ms (second run)");

            // Every 10th file carries one misspelt IPAddressPool field.
            Assert.Equal(25, first.Count);
            Assert.All(first, p => Assert.Equal("$.spec.adresses", p.JsonPath));
            Assert.Equal(first.Select(p => p.ToString()), second.Select(p => p.ToString()));
            Assert.Equal(first.Select(p => p.File).Order(StringComparer.Ordinal), first.Select(p => p.File));
            Assert.True(elapsed < TimeSpan.FromSeconds(60), $"took {elapsed}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteLargeTree(string dir, int files)
    {
        var valid = File.ReadAllText(Path.Combine(FixturesDir, "valid", "flux-system", "gotk-sync.yaml"));
        var release = File.ReadAllText(Path.Combine(FixturesDir, "valid", "infrastructure", "metallb", "helmrelease.yaml"));
        for (var i = 0; i < files; i++)
        {
            var addresses = i % 10 == 0 ? "adresses" : "addresses";
            var text = new StringBuilder()
                .Append(valid.Replace("name: infrastructure", $"name: infrastructure-{i}", StringComparison.Ordinal)) // 3 documents
                .Append("\n---\n")
                .Append(CultureInfo.InvariantCulture, $"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: pool-{i}\nspec:\n  {addresses}:\n    - 10.0.{i % 256}.0/24\n")
                .ToString();
            if (i % 10 == 0)
            {
                // Keep the "addresses" requirement satisfied, so only the misspelling is reported.
                text += "  addresses:\n    - 10.1.0.0/24\n";
            }
            var sub = Path.Combine(dir, $"app-{i / 50:D2}");
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(sub, $"file-{i:D3}.yaml"), text);
        }
        File.WriteAllText(Path.Combine(dir, "release.yaml"), release);
    }
}

public sealed class ValidationHelperTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("0.16.1", "\"0.16.1\"")]
    [InlineData("10m", "\"10m\"")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("", "null")]
    public void Plain_scalars_follow_the_yaml_core_schema(string plain, string json)
    {
        Assert.Equal(json, YamlJson.ResolvePlain(plain)?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Quoted_and_block_scalars_stay_strings_and_documents_split()
    {
        var docs = YamlJson.LoadDocuments("# comment\na: 'true'\nb: \"1\"\nc: |\n  5\nd: !!str 7\ne: !!int \"8\"\n---\n---\nx: 1\n");

        Assert.Equal(3, docs.Count);
        Assert.Equal("""{"a":"true","b":"1","c":"5\n","d":"7","e":8}""", docs[0]!.ToJsonString());
        Assert.Null(docs[1]);
        Assert.Equal("""{"x":1}""", docs[2]!.ToJsonString());
    }

    [Fact]
    public void Helm_merge_deep_merges_maps_replaces_lists_and_null_deletes()
    {
        var defaults = JsonNode.Parse("""{"a":{"b":1,"c":[1,2],"d":"x"},"e":true,"f":{"g":1}}""");
        var user = JsonNode.Parse("""{"a":{"b":2,"c":[3],"d":null},"e":null,"f":"scalar","h":{"i":null,"j":1}}""");

        Assert.Equal("""{"a":{"b":2,"c":[3]},"f":"scalar","h":{"j":1}}""", HelmValues.Merge(defaults, user)!.ToJsonString());
        Assert.Equal("""{"a":{"b":1,"c":[1,2],"d":"x"},"e":true,"f":{"g":1}}""", defaults!.ToJsonString());
    }

    [Theory]
    [InlineData("https://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema#")]
    [InlineData("http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-07/schema#")]
    [InlineData("http://json-schema.org/draft/2020-12/schema#", "https://json-schema.org/draft/2020-12/schema")]
    [InlineData("https://example.com/custom", "https://example.com/custom")]
    public void Meta_schema_uris_are_normalised(string given, string expected)
    {
        var schema = new JsonObject { ["$schema"] = given };
        HelmValues.NormalizeMetaSchema(schema);
        Assert.Equal(expected, schema["$schema"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dependOn", "; did you mean \"dependsOn\"?")]
    [InlineData("PRUNE", "; did you mean \"prune\"?")]
    [InlineData("somethingElse", "")]
    public void Suggestions_pick_a_close_field(string field, string expected)
    {
        Assert.Equal(expected, SchemaErrors.Suggestion(field, ["dependsOn", "prune", "path"]));
    }

    [Fact]
    public void Json_paths_use_brackets_for_indexes_and_odd_keys()
    {
        var instance = JsonNode.Parse("""{"metadata":{"annotations":{"a.b/c":"x"}},"spec":{"items":[{"0":1}]}}""");

        Assert.Equal("$.spec.items[0]['0']", SchemaErrors.ToJsonPath("$", "/spec/items/0/0", instance));
        Assert.Equal("$.metadata.annotations['a.b/c']", SchemaErrors.ToJsonPath("$", "/metadata/annotations/a.b~1c", instance));
        Assert.Equal("$.spec.values", SchemaErrors.ToJsonPath("$.spec.values", "", instance));
    }
}
