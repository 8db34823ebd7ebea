using PiCluster.Bootstrap.Nfs;
using PiCluster.Bootstrap.Run;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// The NFS preflight before Flux (issue 10, item 7) on a real sshd test node; mount is a FAKE that serves exports from
/// a folder and refuses like mount.nfs; the probe's writes, removes and checks are real.
/// </summary>
public sealed class NfsPreflightTests
{
    [Fact]
    public async Task Every_export_the_model_uses_is_mounted_and_probed_and_a_working_server_passes_without_changes()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);

        var report = await cluster.RunAsync([BootstrapPhases.NfsPreflight]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(0, report.Actions);
        var mounts = File.ReadAllLines(cluster["pi0"].RootPath("fake/calls.log")).Where(c => c.StartsWith("mount -t nfs", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, mounts.Count);
        Assert.Contains(mounts, m => m.Contains($"{HomeClusterAddresses.NfsAddress}:/mnt/drobo-storage/docker-volumes/adguard", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(cluster.Fixture.ClusterState, "nfs", "root"), ".picluster-probe-*", SearchOption.AllDirectories));
        Assert.DoesNotContain("/run/picluster-nfs-probe", File.ReadAllText(cluster["pi0"].RootPath("proc/mounts")));
    }

    [Fact]
    public async Task Root_squash_fails_naming_server_export_and_fix()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        TestCluster.ServeNfs(cluster.Fixture, cluster.Definition, rootSquashExport: "torrent");

        var report = await cluster.RunAsync([BootstrapPhases.NfsPreflight]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("nfs torrent", failure.Step);
        Assert.Contains($"NFS server {HomeClusterAddresses.NfsAddress}, export torrent ({HomeClusterAddresses.NfsAddress}:/mnt/drobo-storage/docker-volumes/torrent): root cannot write", failure.Message);
        Assert.Contains("no_root_squash", failure.Message);
        Assert.Contains("still the example address", failure.Message);
    }

    [Fact]
    public async Task An_unreachable_server_and_a_missing_folder_fail_with_the_fix()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        Directory.Delete(Path.Combine(cluster.Fixture.ClusterState, "nfs", "root", "mnt/drobo-storage/docker-volumes/adguard", "conf"));

        var missing = await cluster.RunAsync([BootstrapPhases.NfsPreflight]);
        Assert.Contains("/mnt/drobo-storage/docker-volumes/adguard/conf does not exist", Assert.Single(missing.Failures).Message);

        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "nfs", "exports"), "");
        var unreachable = await cluster.RunAsync([BootstrapPhases.NfsPreflight]);
        var failure = Assert.Single(unreachable.Failures);
        Assert.Contains("cannot mount it: mount.nfs: Connection timed out", failure.Message);
        Assert.Contains("TCP 2049", failure.Message);
    }

    [Fact]
    public void The_preflight_runs_before_flux_in_bootstrap_cluster()
    {
        var phases = BootstrapPhases.Cluster.Select(p => p.Name).ToList();

        Assert.True(phases.IndexOf(NfsPreflightPhase.PhaseName) < phases.IndexOf("flux"));
        Assert.Equal(["nfs adguard", "nfs backups", "nfs torrent"], NfsPreflightPhase.Probes(HomeCluster.Definition).Select(p => p.Name));
    }

    [Fact]
    public void Render_warns_about_the_placeholder_nfs_address_and_still_succeeds()
    {
        var (code, output) = RenderTool.Run("render", "--check");

        Assert.Equal(0, code);
        Assert.Contains($"warning: Nfs.Address {HomeClusterAddresses.NfsAddress} is the example placeholder", output);
        var mine = HomeCluster.Definition with { Nfs = HomeCluster.Definition.Nfs with { Address = "192.168.50.20" } };
        Assert.Empty(PiCluster.Cluster.Model.Placeholders.Of(mine));
    }
}
