using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using PiCluster.Bootstrap.Prerequisites;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.UnitTests.Flux;

namespace PiCluster.UnitTests.Nodes;

/// <summary>The README's numbered steps before `bootstrap cluster`, checked before any node is touched (issue 21, item 9).</summary>
public sealed class ClusterPrerequisitesTests
{
    private const string Install = FakeReleaseServer.FakeFluxInstallYaml;

    private static ClusterDefinition Ready => HomeCluster.Definition with
    {
        Nfs = HomeCluster.Definition.Nfs with { Address = "192.168.50.20" },
        Flux = HomeCluster.Definition.Flux with { InstallManifestSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Install))) },
    };

    [Fact]
    public void The_shipped_definition_lists_the_nfs_address_the_flux_pin_and_the_render_as_not_done()
    {
        using var temp = new TempDir();

        var steps = ClusterPrerequisites.Of(HomeCluster.Definition, temp.Path);

        Assert.Equal([1, 2, 3, 4, 5, 6], steps.Select(s => s.Number));
        Assert.Contains("Nfs.Address is still the example 192.168.50.10", steps[0].Missing);
        Assert.Contains("FluxSettings.InstallManifestSha256 is not pinned", steps[1].Missing);
        Assert.Contains("rendered/flux-system/gotk-components.yaml is missing", steps[2].Missing);
        Assert.Contains("no host key for pi0, pi1, pi2, pi3, pi4, pi5", steps[3].Missing);
        Assert.Null(steps[4].Missing); // not a Git checkout: nothing uncommitted to name
        Assert.True(steps[5].CheckedLater);
        var error = Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => ClusterPrerequisites.Require(HomeCluster.Definition, temp.Path));
        Assert.Contains("no node was touched", error.Message);
        Assert.Contains("1. Set Nfs.Address in cluster/HomeCluster.cs", error.Message);
        Assert.Contains("2. Fetch Flux v2.9.4's install manifest: `dotnet run --project bootstrap -- flux-manifest --sha256 <hex>`", error.Message);
        Assert.Contains("3. Render: `dotnet run --project generators render`", error.Message);
        Assert.Contains("4. Write the cards", error.Message);
        Assert.Contains("6. Add the deploy key", error.Message);
    }

    [Fact]
    public void A_pinned_rendered_and_committed_checkout_passes_and_an_uncommitted_rendered_file_is_named()
    {
        using var temp = new TempDir();
        var root = GitCheckout.Create(temp, Ready, Install);
        Directory.CreateDirectory(Path.Combine(root, "cluster", "Flux"));
        File.WriteAllText(Path.Combine(root, "cluster", "Flux", "install.yaml"), Install);
        Directory.CreateDirectory(Path.Combine(root, "bootstrap"));
        File.WriteAllLines(Path.Combine(root, "bootstrap", "known_hosts"),
            Ready.Nodes.Select(n => $"{n.Name},{n.Address} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOf{n.Name}"));
        using (var repo = new Repository(root))
        {
            Commands.Stage(repo, "*");
            var me = new Signature("Test Operator", "operator@example.invalid", DateTimeOffset.UnixEpoch);
            repo.Commit("Flux install manifest", me, me);
        }

        ClusterPrerequisites.Require(Ready, root);

        File.WriteAllText(Path.Combine(root, "rendered", "apps", "new-app.yaml"), "kind: ConfigMap\n");
        var steps = ClusterPrerequisites.Of(Ready, root);
        Assert.Equal([5], steps.Where(s => s.Missing is not null).Select(s => s.Number));
        Assert.Contains("rendered/apps/new-app.yaml", steps[4].Missing);

        File.Delete(Path.Combine(root, "rendered", "apps", "new-app.yaml"));
        File.WriteAllText(Path.Combine(root, "cluster", "Flux", "install.yaml"), Install + "# edited\n");
        Assert.Contains("does not match the pinned SHA-256", ClusterPrerequisites.Of(Ready, root)[1].Missing);
    }

    [Fact]
    public void Bootstrap_cluster_on_the_shipped_placeholders_exits_2_with_the_list_before_connecting()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--ssh-key", "/nonexistent/key");

        Assert.Equal(2, code);
        Assert.Contains("bootstrap cluster needs these steps first", output);
        Assert.Contains("NOT DONE: Nfs.Address is still the example", output);
        Assert.DoesNotContain("connect", output, StringComparison.OrdinalIgnoreCase);
    }
}
