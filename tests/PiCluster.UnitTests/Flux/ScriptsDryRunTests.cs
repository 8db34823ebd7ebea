using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Flux;

/// <summary>`bootstrap cluster --dry-run --scripts`: every planned step's scripts, as sent, without connecting.</summary>
public sealed class ScriptsDryRunTests
{
    [Fact]
    public void Cluster_dry_run_scripts_shows_containerd_config_local_volume_nfs_preflight_and_guarded_apply_checks()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        Assert.Contains("### stage 1 · pi3 · nodes · containerd-config", output);
        Assert.Contains("[plugins.'io.containerd.cri.v1.runtime'.cni]", output);
        var pi1Volume = output.IndexOf("### stage 1 · pi1 · nodes · local-volumes", StringComparison.Ordinal);
        Assert.True(pi1Volume >= 0, "pi1 creates Prometheus's directory");
        Assert.Contains("mkdir -p \"$ROOT\"/var/lib/prometheus", output[pi1Volume..]);
        Assert.DoesNotContain("### stage 1 · pi2 · nodes · local-volumes", output);
        Assert.Contains("· pi0 · nfs · nfs torrent", output);
        Assert.Contains("EXPORT_PATH=/mnt/drobo-storage/docker-volumes/torrent", output);
        // The namespace guard (bootstrap/Scripts/namespaces-exist.sh) takes its namespaces by parameter.
        Assert.Contains("ADMIN_CONF=/etc/kubernetes/admin.conf\nMANIFEST=/etc/kubernetes/picluster/flannel.yaml\nNAMESPACES=kube-flannel\n", output);
        Assert.Contains("NAMESPACES=flux-system", output);
        Assert.Contains("get namespace \"$ns\" --ignore-not-found -o name", output);
        Assert.Contains("### stage 3 · pi4 · kubeadm · kubeadm-join", output);
        Assert.Contains("NODE=pi4\n", output); // bootstrap/Scripts/kubeadm-join.sh's parameter
        Assert.Contains("kubeadm join \"$endpoint\" --token \"$token\" --discovery-token-ca-cert-hash \"$hash\" --node-name \"$NODE\"", output);
        Assert.DoesNotContain("connect", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Cluster_dry_run_scripts_shows_the_apkovl_removal_after_the_reboot_and_a_containerd_check_that_ignores_versions()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        var systemDisk = output.IndexOf("### stage 1 · pi2 · nodes · system-disk", StringComparison.Ordinal);
        var reboot = output.IndexOf("### stage 1 · pi2 · nodes · reboot", StringComparison.Ordinal);
        var removal = output.IndexOf("### stage 1 · pi2 · nodes · apkovl-removal", StringComparison.Ordinal);
        Assert.True(systemDisk >= 0 && systemDisk < reboot && reboot < removal, "system-disk, then reboot, then apkovl-removal");
        // Its code (comments aside) no longer touches the apkovl: that is the later step's, once / is p2.
        var systemDiskCode = string.Join("\n", output[systemDisk..reboot].Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
        Assert.DoesNotContain("apkovl", systemDiskCode);
        var removalText = output[removal..output.IndexOf("### stage 1 · pi2 · nodes · boot-firmware", StringComparison.Ordinal)];
        Assert.Contains("rm -f \"$boot\"/*.apkovl.tar.gz", removalText);
        Assert.Contains("awk '$2 == \"/\" { print $1 }' \"$ROOT/proc/mounts\" | grep -qx \"$SYSTEM_PARTITION\"", removalText);

        var containerd = output.IndexOf("### stage 1 · pi2 · nodes · containerd-config", StringComparison.Ordinal);
        var containerdText = output[containerd..output.IndexOf("### stage 1 · pi2 · nodes · kernel-modules", StringComparison.Ordinal)];
        Assert.Contains("KUBERNETES_MINOR=1.36\n", containerdText);
        Assert.Contains("[ \"$(desired | settings)\" = \"$(current_settings)\" ] || exit 1", containerdText);
        // The file's header names no version, and the comparison drops comments: a patch upgrade is no change.
        Assert.DoesNotContain("for containerd $version", containerdText);
    }

    [Fact]
    public void Every_script_step_is_printed_exactly_as_sent()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent");
        var plan = BootstrapPlan.For(BootstrapPhases.Cluster, inputs);
        var output = new StringWriter();

        PlanScripts.Write(plan, output);

        var text = output.ToString();
        foreach (var step in plan.AllSteps.OfType<ScriptStep>())
        {
            Assert.Contains("\n" + step.Check, text);
            Assert.Contains("\n" + step.Action, text);
        }
        Assert.Equal(plan.Lines.Count(), text.Split("\n### stage ").Length - 1);
    }

    [Fact]
    public void Scripts_without_dry_run_is_refused()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.Equal(2, code);
        Assert.Contains("--scripts only goes with --dry-run", output);
    }
}
