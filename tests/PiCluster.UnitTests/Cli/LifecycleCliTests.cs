using PiCluster.Cluster;
using PiCluster.CommandLine;


namespace PiCluster.UnitTests.Cli;

/// <summary>rebuild-control-plane and backup pull from the command line: the plan and every script before anything runs, and bad input as exit 2.</summary>
public sealed class LifecycleCliTests
{
    [Fact]
    public void Rebuild_dry_run_scripts_shows_every_command_on_the_control_plane_then_the_workers_checks()
    {
        var (code, output) = BootstrapTool.Run("rebuild-control-plane", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        // The nodes phase on the new card only, then the rebuild.
        Assert.Contains("### stage 1 · pi0 · nodes · time-sync", output);
        Assert.DoesNotContain("· pi1 · nodes ·", output);
        foreach (var step in new[] { "backup", "pki-restore", "restore-tool", "etcd-data", "kubeadm-config", "kubeadm-init", "admin-kubeconfig", "control-plane-taint" })
            Assert.Contains($"· pi0 · rebuild · {step}\n", output);
        Assert.Contains("· pi5 · rebuild · kubelet-ca", output);
        Assert.Contains("· pi0 · rebuild · nodes-ready", output);
        // The backup location comes from the model; the member from kubeadm's rules; init ignores one preflight check only.
        Assert.Contains($"SERVER={HomeClusterAddresses.NfsAddress}", output);
        Assert.Contains($"NAME=pi0\nINITIAL_CLUSTER=pi0=https://{HomeClusterAddresses.NodesPi0Address}:2380\nPEER_URLS=https://{HomeClusterAddresses.NodesPi0Address}:2380\n", output);
        Assert.Contains("CONFIG=/etc/kubernetes/kubeadm-init.yaml\nIGNORE_PREFLIGHT=DirAvailable--var-lib-etcd\n", output);
        Assert.Contains("FILES='ca.crt ca.key sa.key sa.pub front-proxy-ca.crt front-proxy-ca.key etcd/ca.crt etcd/ca.key'", output);
        Assert.Contains("IMAGE=registry.k8s.io/etcd:3.6.9-0", output);
    }

    [Theory]
    [InlineData("--backup", "yesterday")]
    [InlineData("--backup", "20261327T030000Z")]
    [InlineData("--from", "/nonexistent/etcd-20261127T030000Z.tar.age", "--identity", "/nonexistent/key.txt")]
    [InlineData("--from", "/nonexistent/etcd-20261127T030000Z.tar.age")]
    [InlineData("--identity", "/nonexistent/key.txt")]
    [InlineData("--backup", "20261127T030000Z", "--from", "x.tar.age", "--identity", "k")]
    public void Rebuild_bad_input_is_exit_2_before_anything_runs(params string[] args)
    {
        var (code, output) = BootstrapTool.Run(["rebuild-control-plane", .. args, "--dry-run", "--ssh-key", "/nonexistent/key"]);

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains(args[0], output);
    }

    [Fact]
    public void Backup_pull_dry_run_shows_the_plan_even_before_recipients_are_set_and_a_real_run_refuses()
    {
        var (code, output) = BootstrapTool.Run("backup", "pull", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        Assert.Contains("### stage 1 · pi0 · backup · backup-copy", output);
        Assert.Contains("ACTION=list", output);
        Assert.Contains("ACTION=pack", output);
        Assert.Contains("### stage 1 · pi0 · backup · backup-prune\n(runs where bootstrap runs; sends no script)", output);
        Assert.Contains("Bootstrap.BackupCopy.AgeRecipients is empty", output);

        var refused = BootstrapTool.Run("backup", "pull", "--ssh-key", "/nonexistent/key");
        Assert.True(refused.Code == ExitCodes.BadInput, refused.Output);
        Assert.Contains("Bootstrap.BackupCopy.AgeRecipients is empty", refused.Output);
    }

    [Fact]
    public void Node_replace_dry_run_scripts_shows_the_api_cleanup_on_the_control_plane_then_the_worker_only()
    {
        var (code, output) = BootstrapTool.Run("node", "replace", "pi3", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        Assert.Contains("### stage 1 · pi0 · replace · drain pi3", output);
        Assert.Contains("### stage 1 · pi0 · replace · delete-node pi3", output);
        Assert.Contains("### stage 1 · pi0 · replace · force-delete-pods pi3", output);
        Assert.Contains("--force --grace-period=0", output);
        Assert.Contains("jsonpath={.status.nodeInfo.machineID}", output);
        Assert.Contains("· pi3 · replace · new-card", output);
        Assert.Contains("· pi3 · nodes · time-sync", output);
        Assert.Contains("· pi3 · replace · kubeadm-join", output);
        Assert.Contains("· pi3 · replace · node-ready", output);
        foreach (var other in new[] { "pi1", "pi2", "pi4", "pi5" }) Assert.DoesNotContain($"· {other} ·", output);

        var remove = BootstrapTool.Run("node", "remove", "pi4", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");
        Assert.True(remove.Code == 0, remove.Output);
        Assert.Contains("### stage 2 · pi0 · remove · reset pi4", remove.Output);
        Assert.Contains("kubeadm reset -f", remove.Output);
    }

    [Theory]
    [InlineData("replace", "pi0", "rebuild-control-plane")]
    [InlineData("remove", "pi0", "rebuild-control-plane")]
    [InlineData("replace", "pi9", "no such node")]
    [InlineData("remove", "pi9", "no such node")]
    public void Node_replace_and_remove_refuse_the_control_plane_and_unknown_nodes_with_exit_2(string verb, string node, string message)
    {
        var (code, output) = BootstrapTool.Run("node", verb, node, "--dry-run", "--ssh-key", "/nonexistent/key");

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains(message, output);
    }
}
