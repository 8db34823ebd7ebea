using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Flux;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Output;

namespace PiCluster.UnitTests.Flux;

/// <summary>
/// One writer of rendered/: the pinned Flux install manifest is an input under cluster/ (written by
/// `bootstrap flux-manifest`), render copies it into the tree, bootstrap only reads the tree at Git.Path.
/// </summary>
public class FluxInstallInputTests
{
    private const string Manifest = FakeReleaseServer.FakeFluxInstallYaml;

    private static readonly FluxSettings Pinned = new("v2.9.4", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Manifest))));

    [Fact]
    public async Task Fetch_writes_the_verified_manifest_under_cluster_render_copies_it_and_bootstrap_reads_it_at_git_path()
    {
        using var temp = new TempDir();
        using var server = new FakeReleaseServer(new() { ["/releases/v2.9.4/install.yaml"] = Encoding.UTF8.GetBytes(Manifest) });
        var root = temp.Sub("repo");
        var fetched = await new FluxInstallManifest(new StateFolder(root), new HttpClient(), server.BaseUri, TextWriter.Null).GetAsync(Pinned, null, null, CancellationToken.None);

        Assert.Contains("now holds", FluxManifestFetch.Write(root, Pinned, fetched));
        Assert.Equal(Manifest, File.ReadAllText(Path.Combine(root, "cluster", "Flux", "install.yaml")));
        Assert.Contains("already holds", FluxManifestFetch.Write(root, Pinned, fetched));

        // A tree in a sub-folder: both the Flux manifest and flannel are found through Git.Path.
        var cluster = HomeCluster.Definition with { Flux = Pinned, Git = HomeCluster.Definition.Git with { Path = "deploy/rendered" } };
        var files = ClusterRenderer.Render(cluster, FluxInstallInput.Read(root, Pinned));
        Assert.Equal(Manifest, files.Single(f => f.Path == "flux-system/gotk-components.yaml").Content);
        Assert.Contains("resources:\n- apps.yaml\n- gotk-components.yaml\n- gotk-sync.yaml\n", files.Single(f => f.Path == "flux-system/kustomization.yaml").Content);
        TreeWriter.Write(files, Path.Combine(root, "deploy", "rendered"));

        Assert.Equal(Manifest, FluxComponentsFile.Read(cluster, root).Text);
        var flannel = KubeadmPhase.FlannelManifestPath(new PhaseInputs(cluster, new StateFolder(root), temp.Sub("kubeconfig")));
        Assert.Equal(Path.Combine(root, "deploy", "rendered", "infrastructure", "controllers", "flannel.yaml"), flannel);
        Assert.True(File.Exists(flannel));
    }

    [Fact]
    public void Without_the_input_the_tree_has_no_components_and_bootstrap_refuses_naming_the_fetch_command()
    {
        using var temp = new TempDir();
        Assert.Null(FluxInstallInput.Read(temp.Path, Pinned));
        Assert.DoesNotContain(ClusterRenderer.Render(HomeCluster.Definition), f => f.Path == RenderedLayout.FluxComponents);
        var root = GitCheckout.Create(temp);

        var error = Assert.Throws<BootstrapException>(() => FluxComponentsFile.Read(HomeCluster.Definition with { Flux = Pinned }, root));
        Assert.Contains("rendered/flux-system/gotk-components.yaml is missing", error.Message);
        Assert.Contains("dotnet run --project bootstrap -- flux-manifest", error.Message);
    }

    [Fact]
    public void Render_and_bootstrap_refuse_a_manifest_that_does_not_match_the_pin()
    {
        using var temp = new TempDir();
        var input = Path.Combine(temp.Path, "cluster", "Flux", "install.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllText(input, Manifest + "# tampered\n");

        var mismatch = Assert.Throws<ClusterInputException>(() => FluxInstallInput.Read(temp.Path, Pinned));
        Assert.Contains("cluster/Flux/install.yaml: SHA-256 is ", mismatch.Message);
        Assert.Contains(Pinned.InstallManifestSha256!, mismatch.Message);
        var unpinned = Assert.Throws<ClusterInputException>(() => FluxInstallInput.Read(temp.Path, Pinned with { InstallManifestSha256 = null }));
        Assert.Contains("InstallManifestSha256 is null", unpinned.Message);

        var root = GitCheckout.Create(temp, HomeCluster.Definition with { Flux = Pinned }, Manifest + "# tampered\n");
        var refused = Assert.Throws<BootstrapException>(() => FluxComponentsFile.Read(HomeCluster.Definition with { Flux = Pinned }, root));
        Assert.Contains("refusing to install unverified controllers", refused.Message);
    }

    [Fact]
    public void Reads_origin_and_branch_of_the_checkout_and_null_for_a_detached_head()
    {
        using var temp = new TempDir();
        var root = GitCheckout.Create(temp);
        var (origin, branch) = GitWorkingCopy.OriginAndBranch(Path.Combine(root, "rendered"));
        Assert.Equal("ssh://git@git.example.invalid/home/picluster.git", origin);
        using (var repo = new Repository(root)) Assert.Equal(repo.Head.FriendlyName, branch);
        using (var repo = new Repository(root)) LibGit2Sharp.Commands.Checkout(repo, repo.Head.Tip);
        Assert.Null(GitWorkingCopy.OriginAndBranch(root).Branch);
    }
}
