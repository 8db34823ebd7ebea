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
        var (code, output) = BootstrapCliTests.RunBootstrap("cluster", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

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
        Assert.Contains("KUBECONFIG_FILE=/etc/kubernetes/admin.conf\nNAMESPACES=kube-flannel\n", output);
        Assert.Contains("NAMESPACES=flux-system", output);
        Assert.Contains("get namespace \"$ns\" --ignore-not-found -o name", output);
        Assert.Contains("### stage 3 · pi4 · kubeadm · kubeadm-join", output);
        Assert.Contains("NODE=pi4\n", output); // bootstrap/Scripts/kubeadm-join.sh's parameter
        Assert.Contains("kubeadm join \"$endpoint\" --token \"$token\" --discovery-token-ca-cert-hash \"$hash\" --node-name \"$NODE\"", output);
        Assert.DoesNotContain("connect", output, StringComparison.OrdinalIgnoreCase);
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
        var (code, output) = BootstrapCliTests.RunBootstrap("cluster", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.Equal(2, code);
        Assert.Contains("--scripts only goes with --dry-run", output);
    }
}
