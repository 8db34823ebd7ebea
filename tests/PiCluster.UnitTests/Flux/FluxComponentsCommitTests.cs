using LibGit2Sharp;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Flux;
using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Output;

namespace PiCluster.UnitTests.Flux;

public class FluxComponentsCommitTests
{
    private static readonly FluxManifest Manifest = new("v2.9.4", FakeReleaseServer.FakeFluxInstallYaml, new string('a', 64), "test");

    [Fact]
    public void Commits_only_the_components_and_their_index_once_leaving_other_work_alone()
    {
        using var temp = new TempDir();
        var root = GitCheckout.Create(temp);
        string before;
        using (var repo = new Repository(root))
        {
            before = repo.Head.Tip.Sha;
            File.WriteAllText(Path.Combine(root, "notes.txt"), "staged, not for this commit\n");
            Commands.Stage(repo, "notes.txt");
        }
        File.AppendAllText(Path.Combine(root, "README.md"), "local edit\n");

        var outcome = GitWorkingCopy.CommitFiles(root, FluxComponentsFiles.For(HomeCluster.Definition, Manifest), FluxComponentsFiles.CommitMessage(Manifest));

        Assert.NotNull(outcome.Sha);
        Assert.Equal(["rendered/flux-system/gotk-components.yaml", "rendered/flux-system/kustomization.yaml"], outcome.ChangedPaths);
        using (var repo = new Repository(root))
        {
            var commit = repo.Head.Tip;
            Assert.Equal(outcome.Sha, commit.Sha);
            Assert.Equal(before, Assert.Single(commit.Parents).Sha);
            Assert.StartsWith("Flux v2.9.4 components (gotk-components.yaml)\n", commit.Message);
            var changes = repo.Diff.Compare<TreeChanges>(commit.Parents.Single().Tree, commit.Tree);
            Assert.Equal(["rendered/flux-system/gotk-components.yaml", "rendered/flux-system/kustomization.yaml"], changes.Select(c => c.Path).Order(StringComparer.Ordinal));
            Assert.Equal(FakeReleaseServer.FakeFluxInstallYaml, ((Blob)commit["rendered/flux-system/gotk-components.yaml"].Target).GetContentText());
            Assert.Contains("- gotk-components.yaml\n", ((Blob)commit["rendered/flux-system/kustomization.yaml"].Target).GetContentText());
            // The operator's other work is exactly as it was: staged file still staged, edit still unstaged.
            Assert.Equal(FileStatus.NewInIndex, repo.RetrieveStatus("notes.txt"));
            Assert.Equal(FileStatus.ModifiedInWorkdir, repo.RetrieveStatus("README.md"));
            Assert.Equal(FileStatus.Unaltered, repo.RetrieveStatus("rendered/flux-system/gotk-components.yaml"));
        }

        // The committed tree is what render produces: render --check would pass.
        var rendered = Path.Combine(root, "rendered");
        Assert.Equal("", TreeDiff.Compare(TreeWriter.Read(rendered), ClusterRenderer.Render(HomeCluster.Definition, KeptFiles.ReadFrom(rendered))));

        var again = GitWorkingCopy.CommitFiles(root, FluxComponentsFiles.For(HomeCluster.Definition, Manifest), FluxComponentsFiles.CommitMessage(Manifest));
        Assert.Null(again.Sha);
        Assert.Empty(again.ChangedPaths);
        using (var repo = new Repository(root)) Assert.Equal(outcome.Sha, repo.Head.Tip.Sha);
    }

    [Fact]
    public void Reads_origin_and_branch_and_refuses_a_detached_head()
    {
        using var temp = new TempDir();
        var root = GitCheckout.Create(temp);
        var (origin, branch) = GitWorkingCopy.OriginAndBranch(Path.Combine(root, "rendered"));
        Assert.Equal("ssh://git@git.example.invalid/home/picluster.git", origin);
        using (var repo = new Repository(root)) Assert.Equal(repo.Head.FriendlyName, branch);
        Assert.NotNull(branch);
        using (var repo = new Repository(root)) Commands.Checkout(repo, repo.Head.Tip);
        var error = Assert.Throws<BootstrapException>(() => GitWorkingCopy.CommitFiles(root, [("x.txt", "x\n")], "x"));
        Assert.Contains("detached", error.Message);
    }
}
