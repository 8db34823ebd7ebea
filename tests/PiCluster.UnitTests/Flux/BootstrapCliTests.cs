namespace PiCluster.UnitTests.Flux;

/// <summary>The bootstrap CLI's dry runs, in process: they print plans and touch no node.</summary>
public class BootstrapCliTests
{
    [Fact]
    public void Cluster_dry_run_lists_nodes_then_kubeadm_then_flux_then_secrets()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--dry-run");
        Assert.True(code == 0, output);
        var phases = output.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).Distinct().ToList();
        Assert.Equal(["nodes", "kubeadm", "nfs", "flux", "secrets"], phases);
        Assert.Contains("pi0      flux     flux-components", output);
        Assert.Contains("pi0      secrets  secret adguard/adguard-admin", output);
    }

    [Fact]
    public void Restore_and_reset_refuse_without_confirmation_and_reset_dry_run_prints_the_steps()
    {
        var (code, output) = BootstrapTool.Run("reset", "--node", "pi3", "--dry-run", "--scripts");
        Assert.True(code == 0, output);
        Assert.Contains("### stage 1 · pi3 · reset · remove-from-api", output);
        Assert.Contains("CRI_SOCKET=unix:///run/containerd/containerd.sock", output);
        Assert.Contains("kubeadm reset -f --cri-socket=\"$CRI_SOCKET\"", output);
        Assert.Contains("ip link delete", output);
        Assert.DoesNotContain("pi0 · reset", output);

        // Nobody at a terminal (the test console, like a redirected stdin): not confirmed is bad input, nothing ran.
        var refused = BootstrapTool.Run("reset", "--node", "pi3", "--ssh-key", "/nonexistent");
        Assert.Equal(2, refused.Code);
        Assert.Contains("pass --yes", refused.Error);

        var missing = BootstrapTool.Run("restore-etcd");
        Assert.Equal(2, missing.Code);
        Assert.Contains("--snapshot", missing.Output);

        using var temp = new TempDir();
        File.WriteAllText(temp.Sub("snap.db"), "not really a snapshot");
        var unconfirmed = BootstrapTool.Run("restore-etcd", "--snapshot", temp.Sub("snap.db"), "--ssh-key", "/nonexistent");
        Assert.Equal(2, unconfirmed.Code);
        Assert.Contains("pass --yes", unconfirmed.Error);
    }
}
