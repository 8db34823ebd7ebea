using System.Text.Json.Nodes;
using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Yaml;
using PiCluster.TestSupport;
using YamlDotNet.RepresentationModel;

namespace PiCluster.UnitTests.Render;

public class ManifestSerializerTests
{
    [Theory]
    [InlineData("on")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("0755")]
    [InlineData("8080")]
    [InlineData("1e3")]
    [InlineData("12:30")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("2026-11-27")]
    [InlineData(".inf")]
    public void Yaml_look_alikes_are_double_quoted(string text)
    {
        var yaml = ManifestSerializer.ToYaml(new JsonObject { ["value"] = text });
        Assert.Equal($"value: \"{text}\"\n", yaml);
    }

    [Theory]
    [InlineData(HomeClusterAddresses.ServicesTraefikAddress)]
    [InlineData("traefik.local")]
    [InlineData("v1.36.1")]
    [InlineData("10m0s")]
    public void Ordinary_strings_stay_plain(string text)
    {
        Assert.Equal($"value: {text}\n", ManifestSerializer.ToYaml(new JsonObject { ["value"] = text }));
    }

    [Fact]
    public void Every_rendered_document_type_has_generated_json_metadata()
    {
        // The home cluster plus web apps with and without storage: every kind of document render writes.
        var options = ManifestSerializer.GeneratedOnlyOptions();
        foreach (var document in ClusterRenderer.Build(SyntheticCluster.WithServices(30)).SelectMany(f => f.Documents))
        {
            // Throws NotSupportedException naming the type when neither KubernetesClient's context nor RenderJsonContext lists it.
            var generated = ManifestSerializer.ToJson(document, options);
            Assert.Equal(ManifestSerializer.ToJson(document).ToJsonString(), generated.ToJsonString());
        }
    }

    [Fact]
    public void A_document_type_nobody_listed_is_refused_by_the_generated_metadata()
    {
        var error = Assert.Throws<NotSupportedException>(() => ManifestSerializer.ToJson(new UnlistedDocument("v1", "Unlisted"), ManifestSerializer.GeneratedOnlyOptions()));
        Assert.Contains(nameof(UnlistedDocument), error.Message);
        Assert.Equal("""{"apiVersion":"v1","kind":"Unlisted"}""", ManifestSerializer.ToJson(new UnlistedDocument("v1", "Unlisted")).ToJsonString());
    }

    public sealed record UnlistedDocument(string ApiVersion, string Kind);

    [Fact]
    public void Multi_line_text_is_a_literal_block_and_keys_are_sorted()
    {
        var yaml = ManifestSerializer.ToYaml(new JsonObject
        {
            ["zeta"] = 1,
            ["alpha"] = true,
            ["script"] = "#!/bin/sh\nset -eu\necho done\n",
        });
        Assert.Equal("alpha: true\nscript: |\n  #!/bin/sh\n  set -eu\n  echo done\nzeta: 1\n", yaml);
    }

    [Fact]
    public void Yaml_reads_back_as_the_same_strings()
    {
        var values = new[] { "on", "0755", "a: b", "- x", "#hash", "multi\nline\n", "trailing \nspace", "'quoted'", "@at", "*star" };
        var json = new JsonObject();
        for (var i = 0; i < values.Length; i++) json["k" + i] = values[i];
        var stream = new YamlStream();
        stream.Load(new StringReader(ManifestSerializer.ToYaml(json)));
        var map = (YamlMappingNode)stream.Documents[0].RootNode;
        for (var i = 0; i < values.Length; i++)
        {
            var scalar = (YamlScalarNode)map.Children[new YamlScalarNode("k" + i)];
            Assert.Equal(values[i], scalar.Value);
            Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, YamlScalars.LooksLikeAnotherType(values[i]) ? scalar.Style : YamlDotNet.Core.ScalarStyle.DoubleQuoted);
        }
    }

    [Fact]
    public void Documents_are_separated_and_headed()
    {
        var text = ManifestSerializer.Serialize("Rendered from X", [new JsonObject { ["a"] = 1 }, new JsonObject { ["b"] = new JsonArray() }]);
        Assert.Equal("# Rendered from X\na: 1\n---\nb: []\n", text);
    }
}
