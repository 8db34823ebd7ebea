using LibGit2Sharp;
using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Output;

namespace PiCluster.TestSupport;

/// <summary>Real Git repositories for the Flux tests.</summary>
public static class GitCheckout
{
    /// <summary>A checkout with the current rendered tree committed, like the operator's clone.</summary>
    /// <param name="fluxInstall">The Flux install manifest render copies into the tree (cluster/Flux/install.yaml), or none.</param>
    public static string Create(TempDir temp, PiCluster.Cluster.Model.ClusterDefinition? cluster = null, string? fluxInstall = null)
    {
        var root = temp.Sub("checkout");
        Repository.Init(root);
        TreeWriter.Write(ClusterRenderer.Render(cluster ?? HomeCluster.Definition, fluxInstall), Path.Combine(root, "rendered"));
        // The project's own ignore rules: .picluster/ (keys, secrets) must never be committable.
        File.Copy(Path.Combine(TestPaths.RepoRoot, ".gitignore"), Path.Combine(root, ".gitignore"));
        File.WriteAllText(Path.Combine(root, "README.md"), "home cluster\n");
        using var repo = new Repository(root);
        Commands.Stage(repo, "*");
        var me = new Signature("Test Operator", "operator@example.invalid", DateTimeOffset.UnixEpoch);
        repo.Commit("Rendered tree", me, me);
        repo.Network.Remotes.Add("origin", "ssh://git@git.example.invalid/home/picluster.git");
        return root;
    }
}
