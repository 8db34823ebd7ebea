using System.Text.Json.Nodes;
using PiCluster.Render.Charts;
using PiCluster.Render.Rules;

namespace PiCluster.UnitTests.Charts;

/// <summary>The helm template command line and the reading of its output (helm/helm pkg/cmd/template.go).</summary>
public sealed class HelmTemplateTests
{
    private static ChartRelease Release(bool crds = true, bool tests = false, bool hooks = true) => new(
        new RenderedObject("apps/app/app.yaml", new JsonObject { ["kind"] = "HelmRelease", ["metadata"] = new JsonObject { ["name"] = "app", ["namespace"] = "apps" } }),
        "app", "apps", "app", "1.2.3", "https://charts.example.org", [], crds, tests, !hooks, []);

    [Fact]
    public void Arguments_carry_release_namespace_values_kube_version_api_versions_and_the_crd_test_hook_flags()
    {
        Assert.Equal(
            ["template", "app", "/c/app-1.2.3.tgz", "--namespace", "apps", "--values", "/t/values.json", "--kube-version", "v1.36.1",
             "--api-versions", "a.example/v1", "--api-versions", "a.example/v1/Thing", "--include-crds", "--skip-tests"],
            HelmTemplate.Arguments(Release(), "/c/app-1.2.3.tgz", "/t/values.json", "v1.36.1", ["a.example/v1", "a.example/v1/Thing"]));
        var other = HelmTemplate.Arguments(Release(crds: false, tests: true, hooks: false), "/c/a.tgz", "/t/v.json", "v1.36.1", []);
        Assert.DoesNotContain("--include-crds", other);
        Assert.DoesNotContain("--skip-tests", other);
        Assert.Contains("--no-hooks", other);
    }

    [Fact]
    public void Output_documents_keep_their_source_and_empty_ones_are_dropped()
    {
        var documents = HelmTemplate.Parse("""
            ---
            # Source: app/crds/thing.yaml
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: things.a.example}

            ---
            # Source: app/templates/empty.yaml
            ---
            # Source: app/templates/both.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: one}
            data:
              text: |
                ---
                not a document start: indented
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: two}
            """);
        Assert.Equal(
            [("app/crds/thing.yaml", "things.a.example"), ("app/templates/both.yaml", "one"), ("app/templates/both.yaml", "two")],
            documents.Select(d => (d.Source, d.Body["metadata"]!["name"]!.GetValue<string>())));
        Assert.Equal("---\nnot a document start: indented\n", documents[1].Body["data"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_document_that_does_not_parse_is_named_by_its_source() =>
        Assert.Contains("app/templates/bad.yaml", Assert.Throws<YamlDotNet.Core.YamlException>(() => HelmTemplate.Parse("---\n# Source: app/templates/ok.yaml\na: 1\n---\n# Source: app/templates/bad.yaml\na: [unclosed\n")).Message);

    [Fact]
    public void Helms_message_loses_only_its_advice_to_rerun_with_debug()
    {
        Assert.Equal("Error: execution error at (app/templates/x.yaml:2:4): no",
            HelmTemplate.ErrorMessage(new HelmResult(1, "", "Error: execution error at (app/templates/x.yaml:2:4): no\n\nUse --debug flag to render out invalid YAML\n")));
        Assert.Equal("helm exited 1 without a message", HelmTemplate.ErrorMessage(new HelmResult(1, "", "")));
    }

    [Fact]
    public void Without_helm_on_PATH_the_error_says_how_to_install_it()
    {
        var error = Assert.Throws<HelmMissingException>(() => HelmTool.Locate(name => name == "PATH" ? "/nonexistent/bin" : null));
        Assert.Contains("helm is not on PATH", error.Message);
        Assert.Contains("https://github.com/helm/helm/releases", error.Message);
        Assert.Contains("Without --charts nothing needs helm", error.Message);
    }
}
