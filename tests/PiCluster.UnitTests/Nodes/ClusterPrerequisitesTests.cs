using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using PiCluster.Bootstrap.Prerequisites;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
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

    /// <summary>What `bootstrap cluster` passes in: the checkout's state folder and the process environment (here the test's).</summary>
    private static PhaseInputs Inputs(ClusterDefinition cluster, string root, IReadOnlyDictionary<string, string>? environment = null) =>
        new(cluster, new StateFolder(root), "/nonexistent/kubeconfig")
        {
            Environment = name => environment?.GetValueOrDefault(name),
            Time = TimeProvider.System,
        };

    /// <summary>A checkout rendered from <paramref name="rendered"/>, with the install manifest and every node's host key, all committed.</summary>
    private static string CommittedCheckout(TempDir temp, ClusterDefinition rendered)
    {
        var root = GitCheckout.Create(temp, rendered, Install);
        Directory.CreateDirectory(Path.Combine(root, "cluster", "Flux"));
        File.WriteAllText(Path.Combine(root, "cluster", "Flux", "install.yaml"), Install);
        Directory.CreateDirectory(Path.Combine(root, "bootstrap"));
        File.WriteAllLines(Path.Combine(root, "bootstrap", "known_hosts"),
            rendered.Nodes.Select(n => $"{n.Name},{n.Address} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOf{n.Name}"));
        using var repo = new Repository(root);
        Commands.Stage(repo, "*");
        var me = new Signature("Test Operator", "operator@example.invalid", DateTimeOffset.UnixEpoch);
        repo.Commit("Flux install manifest", me, me);
        return root;
    }

    [Fact]
    public void The_shipped_definition_lists_the_nfs_address_the_flux_pin_the_render_and_the_alert_credential_as_not_done()
    {
        using var temp = new TempDir();

        var steps = ClusterPrerequisites.Of(Inputs(HomeCluster.Definition, temp.Path));

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], steps.Select(s => s.Number));
        Assert.Contains($"Nfs.Address is still the example {HomeClusterAddresses.NfsAddress}", steps[0].Missing);
        Assert.Contains("FluxSettings.InstallManifestSha256 is not pinned", steps[1].Missing);
        Assert.Contains("rendered/flux-system/gotk-components.yaml is missing", steps[2].Missing);
        Assert.Contains("no host key for pi0, pi1, pi2, pi3, pi4, pi5", steps[3].Missing);
        Assert.Null(steps[4].Missing); // not a Git checkout: nothing uncommitted to name
        Assert.True(steps[5].CheckedLater);
        Assert.Contains("monitoring/alert-receiver (Services.Monitoring.AlertReceiverSecret) needs 'credential'", steps[6].Missing);
        var error = Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => ClusterPrerequisites.Require(Inputs(HomeCluster.Definition, temp.Path)));
        Assert.Contains("no node was touched", error.Message);
        Assert.Contains("1. Set Nfs.Address in cluster/HomeCluster.cs", error.Message);
        Assert.Contains("2. Fetch Flux v2.9.4's install manifest: `dotnet run --project bootstrap -- flux-manifest --sha256 <hex>`", error.Message);
        Assert.Contains("3. Render: `dotnet run --project generators render`", error.Message);
        Assert.Contains("4. Write the cards", error.Message);
        Assert.Contains("6. Add the deploy key", error.Message);
        // The README's step 7, with the names the Secret catalog and the store use.
        Assert.Contains("7. Where alerts go: Monitoring.AlertReceiver", error.Message);
        Assert.Contains("under \"monitoring/alert-receiver\" in .picluster/secrets.yaml or in $PICLUSTER_SECRET_MONITORING_ALERT_RECEIVER_CREDENTIAL", error.Message);
    }

    [Fact]
    public void The_refusal_lists_as_many_steps_as_the_readme()
    {
        using var temp = new TempDir();
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("## Rebuild the cluster from nothing", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("```sh", StringComparison.Ordinal)];
        var readmeSteps = section.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+\. \*\*"));

        Assert.Equal(readmeSteps, ClusterPrerequisites.Of(Inputs(HomeCluster.Definition, temp.Path)).Count);
    }

    [Fact]
    public void A_pinned_rendered_and_committed_checkout_with_the_alert_credential_passes_and_an_uncommitted_rendered_file_is_named()
    {
        using var temp = new TempDir();
        var root = CommittedCheckout(temp, Ready);
        var environment = OperatorSecrets.Environment(Ready);

        ClusterPrerequisites.Require(Inputs(Ready, root, environment));

        // A file render did not make is both not rendered (the tree differs from a fresh render) and not committed.
        File.WriteAllText(Path.Combine(root, "rendered", "apps", "new-app.yaml"), "kind: ConfigMap\n");
        var steps = ClusterPrerequisites.Of(Inputs(Ready, root, environment));
        Assert.Equal([3, 5], steps.Where(s => s.Missing is not null).Select(s => s.Number));
        Assert.Contains("apps/new-app.yaml", steps[2].Missing);
        Assert.Contains("rendered/apps/new-app.yaml", steps[4].Missing);

        File.Delete(Path.Combine(root, "rendered", "apps", "new-app.yaml"));
        File.WriteAllText(Path.Combine(root, "cluster", "Flux", "install.yaml"), Install + "# edited\n");
        Assert.Contains("does not match the pinned SHA-256", ClusterPrerequisites.Of(Inputs(Ready, root, environment))[1].Missing);
    }

    [Fact]
    public void An_nfs_address_set_but_never_rendered_is_caught_by_the_render_step_naming_the_stale_files()
    {
        using var temp = new TempDir();
        // Rendered and committed with one address, then Nfs.Address changed in the definition without a new render.
        var root = CommittedCheckout(temp, Ready);
        var changed = Ready with { Nfs = Ready.Nfs with { Address = "192.168.50.30" } };

        var steps = ClusterPrerequisites.Of(Inputs(changed, root, OperatorSecrets.Environment(changed)));

        Assert.Equal([3], steps.Where(s => s.Missing is not null).Select(s => s.Number));
        Assert.Contains("rendered/ differs from a fresh render of the definition", steps[2].Missing);
        Assert.Contains("infrastructure/configs/nfs-volumes.yaml", steps[2].Missing);
        Assert.Contains("run `dotnet run --project generators render` and commit", steps[2].Missing);
    }

    [Fact]
    public void The_alert_credential_counts_from_the_store_file_or_the_environment_and_the_check_writes_nothing()
    {
        using var temp = new TempDir();
        var root = CommittedCheckout(temp, Ready);
        var state = new StateFolder(root);

        var missing = ClusterPrerequisites.Of(Inputs(Ready, root)).Single(s => s.Number == 7).Missing;
        Assert.Contains("$PICLUSTER_SECRET_MONITORING_ALERT_RECEIVER_CREDENTIAL", missing);
        Assert.False(File.Exists(state.SecretsFile)); // nothing generated, nothing written

        var fromEnvironment = new Dictionary<string, string> { ["PICLUSTER_SECRET_MONITORING_ALERT_RECEIVER_CREDENTIAL"] = "https://ntfy.sh/home-k8s-alerts" };
        Assert.Null(ClusterPrerequisites.Of(Inputs(Ready, root, fromEnvironment)).Single(s => s.Number == 7).Missing);

        Directory.CreateDirectory(state.Root);
        File.WriteAllText(state.SecretsFile, "monitoring/alert-receiver:\n  credential: 'https://ntfy.sh/home-k8s-alerts'\n");
        Assert.Null(ClusterPrerequisites.Of(Inputs(Ready, root)).Single(s => s.Number == 7).Missing);

        File.WriteAllText(state.SecretsFile, "monitoring/alert-receiver:\n  credential: ''\n");
        Assert.NotNull(ClusterPrerequisites.Of(Inputs(Ready, root)).Single(s => s.Number == 7).Missing);
    }

    [Fact]
    public void Bootstrap_cluster_on_the_shipped_placeholders_exits_2_with_the_list_before_connecting()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--ssh-key", "/nonexistent/key");

        Assert.Equal(2, code);
        Assert.Contains("bootstrap cluster needs these steps first", output);
        Assert.Contains("NOT DONE: Nfs.Address is still the example", output);
        Assert.Contains("7. Where alerts go", output);
        Assert.DoesNotContain("connect", output, StringComparison.OrdinalIgnoreCase);
    }
}
