using System.Text.Json.Nodes;
using PiCluster.Render.Diff;
using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Diff;

/// <summary>The committed GitHub workflow runs the checks and finds its own comment by the marker diff writes (schema-level checks: action-validator in .ci/run).</summary>
public class PullRequestWorkflowTests
{
    private static readonly string File = Path.Combine(TestPaths.RepoRoot, ".github", "workflows", "cluster.yml");

    private static JsonObject Workflow() => (JsonObject)YamlJson.LoadSingle(System.IO.File.ReadAllText(File))!;

    private static List<string> Runs() =>
        Workflow()["jobs"]!["checks"]!["steps"]!.AsArray().Select(s => s?["run"]?.GetValue<string>()).OfType<string>().ToList();

    [Fact]
    public void Runs_on_pull_requests_and_on_pushes_to_main_with_no_permissions_beyond_the_job()
    {
        var workflow = Workflow();
        Assert.True(workflow["on"]!.AsObject().ContainsKey("pull_request"));
        Assert.Equal(["main"], workflow["on"]!["push"]!["branches"]!.AsArray().Select(b => b!.GetValue<string>()));
        Assert.Empty(workflow["permissions"]!.AsObject());
        Assert.Equal(
            new Dictionary<string, string> { ["contents"] = "read", ["pull-requests"] = "write" },
            workflow["jobs"]!["checks"]!["permissions"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()));
        Assert.DoesNotContain("secrets.", System.IO.File.ReadAllText(File), StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_tests_checks_the_tree_and_posts_the_markdown_diff_found_by_its_marker()
    {
        var steps = Workflow()["jobs"]!["checks"]!["steps"]!.AsArray();
        Assert.Equal(0, steps[0]!["with"]!["fetch-depth"]!.GetValue<long>());
        Assert.Equal("global.json", steps[1]!["with"]!["global-json-file"]!.GetValue<string>());
        var runs = string.Join("\n", Runs());
        foreach (var command in new[]
                 {
                     "dotnet build PiCluster.sln",
                     "git diff --exit-code --stat -- cluster/Generated",
                     "git ls-files --others --exclude-standard -- cluster/Generated",
                     "dotnet test tests/PiCluster.Analyzers.Tests --no-build",
                     "schemas/update.sh",
                     "dotnet test tests/PiCluster.UnitTests --no-build",
                     "dotnet run --project generators --no-build -- render --check",
                     "dotnet run --project generators --no-build -- validate --charts",
                     "dotnet run --project generators --no-build -- charts pull \"${base[@]}\"",
                     "dotnet run --project generators --no-build -- diff --base HEAD^1 --charts --format markdown",
                 })
        {
            Assert.Contains(command, runs);
        }
        // The schemas cache is filled before diff, the tests and validate read it; cluster/Generated is checked right after the build.
        var commands = Runs();
        Assert.Equal(commands.FindIndex(r => r.Contains("dotnet build", StringComparison.Ordinal)) + 1, commands.FindIndex(r => r.Contains("cluster/Generated", StringComparison.Ordinal)));
        Assert.True(commands.FindIndex(r => r.Contains("schemas/update.sh", StringComparison.Ordinal)) < commands.FindIndex(r => r.Contains("-- diff", StringComparison.Ordinal)));
        // The charts diff compares (both sides) are pulled first, with helm set up.
        Assert.True(commands.FindIndex(r => r.Contains("charts pull", StringComparison.Ordinal)) < commands.FindIndex(r => r.Contains("-- diff", StringComparison.Ordinal)));
        Assert.Contains("base=(--base HEAD^1)", string.Join("\n", commands));
        // helm is the pinned, checksum-verified one test.sh installs, set up before the charts are pulled.
        Assert.True(commands.FindIndex(r => r.Contains("tools/install-helm.sh", StringComparison.Ordinal)) is >= 0 and var helm
            && helm < commands.FindIndex(r => r.Contains("charts pull", StringComparison.Ordinal)), "helm is not set up by tools/install-helm.sh before charts pull");
        var script = steps.Single(s => s?["uses"]?.GetValue<string>().StartsWith("actions/github-script@", StringComparison.Ordinal) == true)!["with"]!["script"]!.GetValue<string>();
        Assert.Contains($"'{MarkdownDiffFormat.Marker}'", script);
        Assert.Contains("updateComment", script);
    }
}
