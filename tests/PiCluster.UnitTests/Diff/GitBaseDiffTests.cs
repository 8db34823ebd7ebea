using LibGit2Sharp;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Diff;
using PiCluster.Render.Output;
using PiCluster.Render.Schemas;
using ChangeKind = PiCluster.Render.Diff.ChangeKind;

namespace PiCluster.UnitTests.Diff;

/// <summary>The base side read from real temporary git repositories (LibGit2Sharp), and the "done when" end to end.</summary>
public class GitBaseDiffTests
{
    private static readonly Signature Author = new("PiCluster test", "test@example.invalid", DateTimeOffset.UnixEpoch);

    /// <summary>Replaces <paramref name="folder"/> in the checkout with <paramref name="files"/> and commits everything.</summary>
    internal static Commit CommitTree(Repository repo, string folder, IReadOnlyDictionary<string, string> files, string message)
    {
        var dir = Path.Combine(repo.Info.WorkingDirectory, folder);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        TreeWriter.WriteAll(files.Select(f => new RenderedText(f.Key, f.Value)).ToList(), dir);
        Commands.Stage(repo, "*");
        return repo.Commit(message, Author, Author, new CommitOptions { AllowEmptyCommit = true });
    }

    private static Repository NewRepository(string dir)
    {
        Repository.Init(dir);
        var repo = new Repository(dir);
        // The first commit lands on whatever init.defaultBranch says; name the branch explicitly.
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
        return repo;
    }

    private static Dictionary<string, string> Rendered(ClusterDefinition cluster) =>
        ClusterRenderer.Render(cluster).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    [Fact]
    public void The_base_is_read_from_a_commit_without_touching_the_working_tree()
    {
        using var temp = new TempDir();
        using var repo = NewRepository(temp.Path);
        var first = CommitTree(repo, "deploy/rendered", FixtureTreeDiffTests.Tree("base"), "base");
        CommitTree(repo, "deploy/rendered", FixtureTreeDiffTests.Tree("head"), "head");
        File.WriteAllText(Path.Combine(temp.Path, "deploy", "rendered", "README.md"), "edited, not committed\n");

        var atParent = GitBaseTree.Read(Path.Combine(temp.Path, "deploy"), "HEAD~1", "deploy/rendered", "main");
        Assert.Equal(FixtureTreeDiffTests.Tree("base"), atParent.Files);
        Assert.Equal($"deploy/rendered/ at HEAD~1 ({first.Sha[..7]})", atParent.Label);
        Assert.Equal(FixtureTreeDiffTests.Tree("head"), GitBaseTree.Read(temp.Path, "HEAD", "deploy/rendered", "main").Files);
        Assert.Equal("edited, not committed\n", File.ReadAllText(Path.Combine(temp.Path, "deploy", "rendered", "README.md")));

        var compared = ClusterDiff.Compare(atParent.Files, GitBaseTree.Read(temp.Path, "HEAD", "deploy/rendered", "main").Files);
        Assert.Equal(6, compared.Objects.Count);
    }

    [Fact]
    public void Without_a_revision_the_base_is_where_the_branch_left_the_default_branch()
    {
        using var temp = new TempDir();
        using var repo = NewRepository(temp.Path);
        var forkPoint = CommitTree(repo, "rendered", FixtureTreeDiffTests.Tree("base"), "base");
        var feature = repo.CreateBranch("feature");
        // main moves on after the fork: that change must not show as reverted on the feature branch.
        CommitTree(repo, "rendered", new Dictionary<string, string> { ["README.md"] = "main moved on\n" }, "main moves");
        Commands.Checkout(repo, feature);
        CommitTree(repo, "rendered", FixtureTreeDiffTests.Tree("head"), "feature work");

        var baseTree = GitBaseTree.Read(temp.Path, null, "rendered", "main");
        Assert.Equal($"rendered/ at merge base with main ({forkPoint.Sha[..7]})", baseTree.Label);
        Assert.Equal(FixtureTreeDiffTests.Tree("base"), baseTree.Files);

        // A remote-tracking default branch wins over a local branch of the same name.
        repo.Refs.Add("refs/remotes/origin/main", forkPoint.Id);
        Assert.Contains("merge base with origin/main", GitBaseTree.Read(temp.Path, null, "rendered", "main").Label);
    }

    [Fact]
    public void Bad_bases_are_refused_with_a_message_naming_them()
    {
        using var temp = new TempDir();
        Assert.Contains("not inside a git repository", Assert.Throws<BaseTreeException>(() => GitBaseTree.Read(temp.Path, "HEAD", "rendered", "main")).Message);
        using var repo = NewRepository(temp.Path);
        CommitTree(repo, "rendered", FixtureTreeDiffTests.Tree("base"), "base");
        Assert.Contains("--base no-such-branch", Assert.Throws<BaseTreeException>(() => GitBaseTree.Read(temp.Path, "no-such-branch", "rendered", "main")).Message);
        Assert.Contains("no default branch found", Assert.Throws<BaseTreeException>(() => GitBaseTree.Read(temp.Path, null, "rendered", "trunk")).Message);
        // A commit from before the first render has no rendered folder: everything is new.
        Assert.Empty(GitBaseTree.Read(temp.Path, "HEAD", "not-rendered-yet", "main").Files);
    }

    [Fact]
    public void Done_when_prometheus_retention_7d_to_8d_changes_exactly_that_field_of_the_kube_prometheus_stack_release()
    {
        using var temp = new TempDir();
        using var repo = NewRepository(temp.Path);
        var home = HomeCluster.Definition;
        CommitTree(repo, home.Git.Path, Rendered(home), "render");
        Assert.Equal("7d", home.Services.Monitoring.Retention);
        var changed = home with { Services = home.Services with { Monitoring = home.Services.Monitoring with { Retention = "8d" } } };

        foreach (var revision in new[] { "HEAD", null })
        {
            var (result, labels) = WorkingTreeDiff.Run(temp.Path, changed, revision, chartDefaults: null);
            var release = Assert.Single(result.Objects);
            Assert.Equal((ChangeKind.Changed, "HelmRelease monitoring/kube-prometheus-stack"), (release.Kind, release.Id.Display));
            var field = Assert.Single(release.Fields);
            Assert.Equal(("spec.values.prometheus.prometheusSpec.retention", "7d", "8d"), (field.Path, DiffLines.Value(field.Old), DiffLines.Value(field.New)));
            // The overview repeats the retention; it is listed as a file, not as a cluster object.
            Assert.Equal([new FileDiff("README.md", ChangeKind.Changed)], result.OtherFiles);
            Assert.Empty(result.Summary);
            Assert.Contains("      spec.values.prometheus.prometheusSpec.retention: 7d → 8d\n", TextDiffFormat.Format(result, labels));
        }
        Assert.DoesNotContain(repo.RetrieveStatus(), s => s.State != FileStatus.Ignored);
    }

    [Fact]
    public void The_cli_prints_the_diff_exits_0_or_with_exit_code_1_and_writes_nothing()
    {
        using var temp = new TempDir();
        using var repo = NewRepository(temp.Path);
        // diff merges HelmRelease values over the chart defaults of the pinned schemas, which the list names.
        Directory.CreateDirectory(Path.Combine(temp.Path, "schemas"));
        File.Copy(Path.Combine(TestPaths.RepoRoot, SchemaSourceList.RepositoryPath), Path.Combine(temp.Path, SchemaSourceList.RepositoryPath));
        var home = HomeCluster.Definition;
        var older = home with { Services = home.Services with { Monitoring = home.Services.Monitoring with { Retention = "6d" } } };
        CommitTree(repo, home.Git.Path, Rendered(older), "older render");

        var text = RunDiff(temp.Path, "--base", "HEAD");
        Assert.Equal(0, text.Code);
        Assert.Contains("spec.values.prometheus.prometheusSpec.retention: 6d → 7d", text.Output);
        Assert.Equal(1, RunDiff(temp.Path, "--base", "HEAD", "--exit-code").Code);
        var markdown = RunDiff(temp.Path, "--format", "markdown");
        Assert.StartsWith(MarkdownDiffFormat.Marker + "\n", markdown.Output);
        Assert.Contains("<details>", markdown.Output);
        Assert.DoesNotContain(repo.RetrieveStatus(), s => s.State != FileStatus.Ignored);

        var badBase = RunDiff(temp.Path, "--base", "no-such-ref");
        Assert.Equal(2, badBase.Code);
        Assert.Contains("--base no-such-ref", badBase.Output);
        var badFormat = RunDiff(temp.Path, "--format", "html");
        Assert.NotEqual(0, badFormat.Code);
        Assert.Contains("--format html: expected text or markdown", badFormat.Output);

        CommitTree(repo, home.Git.Path, Rendered(home), "current render");
        var clean = RunDiff(temp.Path, "--exit-code");
        Assert.Equal(0, clean.Code);
        Assert.StartsWith("No changes: rendered/ at merge base with main", clean.Output);
    }

    private static CliRun RunDiff(string checkout, params string[] args) =>
        RenderTool.Run(HomeCluster.Definition, new Checkout(checkout, HomeCluster.Definition.Git), ["diff", .. args, "--schemas", TestSchemas.Directory]);
}
