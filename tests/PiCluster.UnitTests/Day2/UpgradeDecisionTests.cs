using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Day2;

/// <summary>What `bootstrap upgrade` decides from the model and the control plane's facts (pure, no node).</summary>
public sealed class UpgradeDecisionTests
{
    private static ClusterDefinition Model(string version, string? branch = null, string alpine = "3.24.2") =>
        HomeCluster.Definition with
        {
            Kubernetes = HomeCluster.Definition.Kubernetes with { Version = version, PackageBranch = branch },
            Bootstrap = HomeCluster.Definition.Bootstrap with { AlpineVersion = alpine },
        };

    private static UpgradeFacts Facts(string controlPlane, string alpine = "3.24.2", params (string Branch, string[] Versions)[] offers) =>
        Facts(controlPlane, HomeCluster.Definition.Nodes.ToDictionary(n => n.Name, _ => new NodeOs(alpine, KernelBooted: true)), offers);

    private static UpgradeFacts Facts(string controlPlane, Dictionary<string, NodeOs> nodes, params (string Branch, string[] Versions)[] offers) =>
        new(controlPlane, offers.ToDictionary(o => o.Branch, o => (IReadOnlyList<string>)o.Versions), nodes);

    [Fact]
    public void A_minor_upgrade_targets_the_newest_patch_of_the_next_minor_the_package_branch_offers()
    {
        var run = UpgradeDecision.Decide(Model("v1.37.0", "v3.25"), Facts("v1.36.3", offers: ("v3.25", ["1.37.1-r0", "1.37.2-r0"])));

        var k = Assert.IsType<KubernetesUpgradeRun>(run);
        Assert.Equal(("v1.37.2", "minor", "v3.25"), (k.Target.ToString(), k.Kind, k.PackageBranch));
    }

    [Fact]
    public void Skipping_a_minor_is_refused_naming_the_one_in_between()
    {
        var error = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.38.0", "v3.26"), Facts("v1.36.3", offers: ("v3.26", ["1.38.1-r0"]))));

        Assert.Contains("one minor at a time", error.Message);
        Assert.Contains("Set Version to v1.37.x", error.Message);
    }

    [Fact]
    public void Going_back_a_minor_is_refused()
    {
        var error = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.36.1"), Facts("v1.37.2", offers: ("v3.24", ["1.36.3-r0"]))));

        Assert.Contains("going back a minor is not an upgrade", error.Message);
    }

    [Fact]
    public void A_branch_without_the_minor_is_refused_naming_the_branch_that_has_it_or_saying_none_does()
    {
        var hinted = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.37.0"),
            Facts("v1.36.3", offers: [("v3.24", ["1.36.3-r0"]), ("v3.25", ["1.37.2-r0"])])));
        Assert.Contains("(Alpine v3.24 community) offers 1.36.3-r0", hinted.Message);
        Assert.Contains("set KubernetesSettings.PackageBranch = \"v3.25\" (it offers kubeadm 1.37.2-r0)", hinted.Message);

        var none = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.37.0"),
            Facts("v1.36.3", offers: [("v3.24", ["1.36.3-r0"]), ("v3.25", []), ("v3.26", []), ("v3.27", []), ("edge", ["1.38.0-r0"])])));
        Assert.Contains("none of v3.25, v3.26, v3.27, edge offers 1.37 yet", none.Message);
    }

    [Fact]
    public void A_model_patch_newer_than_the_branch_offers_is_refused()
    {
        var error = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.36.5"), Facts("v1.36.3", offers: ("v3.24", ["1.36.4-r0"]))));

        Assert.Contains("offers kubeadm v1.36.4 at most", error.Message);
    }

    [Fact]
    public void A_patch_upgrade_and_a_reconcile_at_the_running_version_use_the_same_run()
    {
        Assert.Equal("patch", Assert.IsType<KubernetesUpgradeRun>(UpgradeDecision.Decide(Model("v1.36.1"), Facts("v1.36.3", offers: ("v3.24", ["1.36.4-r0"])))).Kind);
        var same = Assert.IsType<KubernetesUpgradeRun>(UpgradeDecision.Decide(Model("v1.36.1"), Facts("v1.36.3", offers: ("v3.24", ["1.36.3-r0"]))));
        Assert.Equal(same.Running, same.Target);
    }

    [Fact]
    public void An_Alpine_branch_change_is_its_own_run_and_never_goes_with_a_Kubernetes_minor()
    {
        var alpine = UpgradeDecision.Decide(Model("v1.36.1", "v3.24", alpine: "3.25.0"), Facts("v1.36.3", "3.24.2", ("v3.24", ["1.36.3-r0"])));
        Assert.Equal(("v3.24", "v3.25"), (Assert.IsType<AlpineUpgradeRun>(alpine).From, ((AlpineUpgradeRun)alpine).To));

        var both = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.37.0", "v3.25", alpine: "3.25.0"), Facts("v1.36.3", "3.24.2", ("v3.25", ["1.37.2-r0"]))));
        Assert.Contains("upgrade one per run", both.Message);

        // PackageBranch null follows the OS to v3.25, which lacks the running 1.36: pin it first.
        var unpinned = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.36.1", alpine: "3.25.0"), Facts("v1.36.3", "3.24.2", ("v3.25", ["1.37.2-r0"]))));
        Assert.Contains("set KubernetesSettings.PackageBranch = \"v3.24\"", unpinned.Message);

        var older = Assert.Throws<BootstrapException>(() => UpgradeDecision.Decide(Model("v1.36.1", alpine: "3.23.3"), Facts("v1.36.3", "3.24.2", ("v3.23", ["1.36.3-r0"]))));
        Assert.Contains("cannot go back a branch", older.Message);
    }

    [Theory]
    [InlineData("v1.37.2", 1, 37, 2)]
    [InlineData("1.37.2-r0", 1, 37, 2)]
    [InlineData("1.36.10", 1, 36, 10)]
    public void Versions_parse_from_kubeadm_and_apk(string text, int major, int minor, int patch)
    {
        Assert.True(KubernetesVersion.TryParse(text, out var v));
        Assert.Equal(new KubernetesVersion(major, minor, patch), v);
        Assert.True(new KubernetesVersion(1, 36, 10) > new KubernetesVersion(1, 36, 9));
    }

    [Fact]
    public void A_bad_package_branch_is_bad_input_naming_the_field()
    {
        var error = Assert.Throws<BootstrapException>(() => KubernetesPackages.Branch(Model("v1.36.1", "3.25")));
        Assert.Contains("KubernetesSettings.PackageBranch: \"3.25\"", error.Message);
        Assert.Equal("@k8s https://dl-cdn.alpinelinux.org/alpine/v3.25/community", KubernetesPackages.RepositoryLine("v3.25"));
        Assert.Equal(["v3.25", "v3.26", "v3.27", "edge"], KubernetesPackages.HintBranches("v3.24"));
    }

    [Fact]
    public void Preflight_output_parses_into_facts()
    {
        var (controlPlane, offers) = UpgradeFacts.ParseControlPlane("control_plane=v1.36.3\noffers v3.24 1.36.3-r0 \noffers v3.25 \n");

        Assert.Equal("v1.36.3", controlPlane);
        Assert.Equal(["1.36.3-r0"], offers["v3.24"]);
        Assert.Empty(offers["v3.25"]);
        Assert.Equal(new NodeOs("3.25.0", KernelBooted: false, OsUpgradeUnfinished: false), NodeOs.Parse("alpine_release=3.25.0\nkernel_running=6.12.13-0-rpi\nkernel_newest=6.12.25-0-rpi\nos_upgrade=done v3.25\n"));
        Assert.True(NodeOs.Parse("alpine_release=3.25.0\nkernel_running=6.12.25-0-rpi\nkernel_newest=6.12.25-0-rpi\nos_upgrade=started v3.25\n").OsUpgradeUnfinished);
    }

    /// <summary>Every node but one on the model's branch and kernel: which one is behind, and how.</summary>
    private static Dictionary<string, NodeOs> OneBehind(string node, NodeOs os) =>
        HomeCluster.Definition.Nodes.ToDictionary(n => n.Name, n => n.Name == node ? os : new NodeOs("3.25.0", KernelBooted: true));

    [Fact]
    public void The_Alpine_run_goes_on_while_any_node_is_behind_not_only_the_control_plane()
    {
        var model = Model("v1.36.1", "v3.24", alpine: "3.25.0");
        (string, string[]) offer = ("v3.24", ["1.36.3-r0"]);

        // pi0 upgraded its packages but did not reboot onto the new kernel: still the Alpine run, pi0 not settled.
        var reboot = Assert.IsType<AlpineUpgradeRun>(UpgradeDecision.Decide(model, Facts("v1.36.3", OneBehind("pi0", new NodeOs("3.25.0", KernelBooted: false)), offer)));
        Assert.DoesNotContain("pi0", reboot.Settled);
        Assert.Contains("pi3", reboot.Settled);
        // A worker still on the old branch while pi0 moved.
        var worker = Assert.IsType<AlpineUpgradeRun>(UpgradeDecision.Decide(model, Facts("v1.36.3", OneBehind("pi4", new NodeOs("3.24.2", KernelBooted: true)), offer)));
        Assert.Equal("v3.24", worker.From);
        Assert.Equal(["pi4"], worker.Pending(HomeCluster.Definition.Nodes.Select(n => n.Name)));
        // A node whose apk upgrade stopped half-way (alpine-release already new).
        Assert.IsType<AlpineUpgradeRun>(UpgradeDecision.Decide(model, Facts("v1.36.3", OneBehind("pi2", new NodeOs("3.25.0", KernelBooted: true, OsUpgradeUnfinished: true)), offer)));
        // Every node moved and rebooted: the Kubernetes run.
        Assert.IsType<KubernetesUpgradeRun>(UpgradeDecision.Decide(model, Facts("v1.36.3", "3.25.0", offer)));
    }
}
