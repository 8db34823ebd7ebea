using PiCluster.Bootstrap.Run;
using PiCluster.CommandLine;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Day2;

/// <summary>The upgrade plans as `--dry-run --scripts` prints them (no node).</summary>
public sealed class UpgradePlanTests
{
    private static string Scripts(IBootstrapPhase phase, string version = "v1.37.0")
    {
        var definition = HomeCluster.Definition with { Kubernetes = HomeCluster.Definition.Kubernetes with { Version = version, PackageBranch = "v3.25" } };
        var plan = BootstrapPlan.For([phase], new PhaseInputs(definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent/kubeconfig"));
        using var output = new StringWriter();
        PlanScripts.Write(plan, output);
        return output.ToString();
    }

    [Fact]
    public void At_the_next_minor_pi0s_upgrade_apply_comes_before_any_workers_upgrade_node_and_every_kubelet_restart_is_inside_drain_and_uncordon()
    {
        var run = UpgradePlanner.DryRun(HomeCluster.Definition with { Kubernetes = HomeCluster.Definition.Kubernetes with { Version = "v1.37.0", PackageBranch = "v3.25" } }, alpine: false);
        var text = Scripts(UpgradePlanner.PhaseFor(run, TimeSpan.FromMinutes(5)));

        var apply = text.IndexOf("### stage 1 · pi0 · upgrade · upgrade-apply", StringComparison.Ordinal);
        var firstNode = text.IndexOf("· upgrade · upgrade-node", StringComparison.Ordinal);
        Assert.True(apply > 0 && firstNode > apply, "apply on pi0 before any upgrade node");
        Assert.Contains("    kubeadm upgrade apply \"$VERSION\" --yes\n", text[apply..firstNode]);
        Assert.StartsWith("### stage 2 · pi1", text[text.LastIndexOf("###", firstNode, StringComparison.Ordinal)..]);
        Assert.Contains("    kubeadm upgrade node\n", text[firstNode..]);
        Assert.Contains("VERSION=v1.37.0", text);
        Assert.Contains("REPOSITORY_LINE='@k8s https://dl-cdn.alpinelinux.org/alpine/v3.25/community'", text);
        foreach (var node in new[] { "pi0", "pi1", "pi2", "pi3", "pi4", "pi5" })
        {
            var stage = node == "pi0" ? 1 : int.Parse(node[2..], System.Globalization.CultureInfo.InvariantCulture) + 1;
            var drain = text.IndexOf($"### stage {stage} · {node} · upgrade · drain", StringComparison.Ordinal);
            var restart = text.IndexOf($"### stage {stage} · {node} · upgrade · restart-kubelet", StringComparison.Ordinal);
            var uncordon = text.IndexOf($"### stage {stage} · {node} · upgrade · uncordon", StringComparison.Ordinal);
            Assert.True(drain > 0 && drain < restart && restart < uncordon, $"{node}: drain {drain}, restart {restart}, uncordon {uncordon}");
            Assert.Contains($"kubectl --kubeconfig \"$ROOT\"/etc/kubernetes/admin.conf get node {node} --ignore-not-found -o json", text);
        }
        Assert.Contains("--ignore-daemonsets --delete-emptydir-data --timeout=\"$TIMEOUT\"", text);
        Assert.Contains("TIMEOUT=300s", text);
        Assert.Contains("rc-service kubelet restart", text);
        // Refreshed with the version: containerd's sandbox image, pi0's kubeadm file, the workstation kubeconfig.
        Assert.Contains("### stage 1 · pi0 · upgrade · containerd-config", text);
        Assert.Contains("### stage 1 · pi0 · upgrade · kubeadm-config", text);
        Assert.Contains("### stage 1 · pi0 · upgrade · admin-kubeconfig", text);
    }

    [Fact]
    public void The_Alpine_upgrade_moves_workers_first_and_pi0_last_with_a_reboot_onto_the_new_kernel()
    {
        var run = UpgradePlanner.DryRun(HomeCluster.Definition with { Bootstrap = HomeCluster.Definition.Bootstrap with { AlpineVersion = "3.25.1" } }, alpine: true);
        var definition = HomeCluster.Definition;
        var plan = BootstrapPlan.For([UpgradePlanner.PhaseFor(run, TimeSpan.FromMinutes(5))], new PhaseInputs(definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent"));

        Assert.Equal(["pi1", "pi2", "pi3", "pi4", "pi5", "pi0"], plan.Stages.Select(s => s.Work.Single().Node.Name));
        Assert.Equal(["drain", "k8s-repository", "alpine-repositories", "alpine-upgrade", "boot-firmware", "reboot", "node-ready", "uncordon"],
            plan.Stages[0].Work.Single().Steps.Select(s => s.Name));
        using var output = new StringWriter();
        PlanScripts.Write(plan, output);
        Assert.Contains("BRANCH=v3.25", output.ToString());
        Assert.Contains("apk upgrade --available", output.ToString());
    }

    [Fact]
    public void The_upgrade_command_with_the_model_at_the_next_minor_prints_apply_before_any_upgrade_node_without_connecting()
    {
        var definition = HomeCluster.Definition with { Kubernetes = HomeCluster.Definition.Kubernetes with { Version = "v1.37.0", PackageBranch = "v3.25" } };

        var (code, output) = BootstrapTool.Run(definition, TestPaths.Checkout, "upgrade", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        Assert.StartsWith("# dry run, target from the model", output);
        Assert.Contains("Kubernetes v1.37.0", output);
        var apply = output.IndexOf("### stage 1 · pi0 · upgrade · upgrade-apply", StringComparison.Ordinal);
        var node = output.IndexOf("· upgrade · upgrade-node", StringComparison.Ordinal);
        Assert.True(apply > 0 && node > apply, output);
        Assert.DoesNotContain("connect", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_upgrade_command_validates_its_options_and_prints_its_dry_run_without_connecting()
    {
        var (code, output) = BootstrapTool.Run("upgrade", "--dry-run", "--ssh-key", "/nonexistent/key");
        Assert.True(code == 0, output);
        Assert.Contains(" 1  pi0      upgrade  upgrade-apply", output);
        Assert.Contains(" 6  pi5      upgrade  uncordon", output);

        var alpine = BootstrapTool.Run("upgrade", "--alpine", "--ssh-key", "/nonexistent/key");
        Assert.Equal(ExitCodes.BadInput, alpine.Code);
        Assert.Contains("--alpine only goes with --dry-run", alpine.Output);

        Assert.Equal(ExitCodes.BadInput, BootstrapTool.Run("upgrade", "--drain-timeout", "0", "--dry-run").Code);
        Assert.Equal(ExitCodes.BadInput, BootstrapTool.Run("upgrade", "--node", "pi9", "--dry-run").Code);

        var skip = HomeCluster.Definition with { Kubernetes = HomeCluster.Definition.Kubernetes with { Version = "1.38" } };
        var bad = BootstrapTool.Run(skip, TestPaths.Checkout, "upgrade", "--dry-run");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("KubernetesSettings.Version: \"1.38\"", bad.Output);
    }

    [Fact]
    public void Status_and_certs_renew_print_their_plans_and_refuse_bad_options()
    {
        var (code, output) = BootstrapTool.Run("status", "--dry-run", "--node", "pi3", "--scripts");
        Assert.True(code == 0, output);
        Assert.Contains("### stage 1 · pi3 · status · node", output);
        Assert.Contains("kubectl --kubeconfig \"$ROOT\"/etc/kubernetes/admin.conf get node pi3 --ignore-not-found -o json", output);
        Assert.DoesNotContain("· pi0 ·", output);

        var format = BootstrapTool.Run("status", "--format", "yaml");
        Assert.Equal(ExitCodes.BadInput, format.Code);
        Assert.Contains("--format yaml: must be table or json", format.Output);

        var (certs, certsOutput) = BootstrapTool.Run("certs", "renew", "--dry-run", "--scripts");
        Assert.True(certs == 0, certsOutput);
        Assert.Contains("kubeadm certs check-expiration -o json", certsOutput);
        Assert.Contains("kubeadm certs renew all", certsOutput);
        Assert.Contains("COMPONENT=kube-apiserver", certsOutput);
        Assert.Contains("### stage 1 · pi0 · certs · admin-kubeconfig", certsOutput);
    }
}
