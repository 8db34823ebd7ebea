using PiCluster.Bootstrap.Run;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// The NFS preflight against a server that does not answer (the definition's placeholder address), on a real sshd test
/// node whose mount is a FAKE that retries like mount.nfs in the foreground (nfs-utils utils/mount/stropts.c
/// nfsmount_fg: 2 minutes unless retry= says otherwise).
/// </summary>
public sealed class NfsUnreachableServerTests
{
    [Fact]
    public async Task FAKE_mount_nfs_An_absent_server_fails_with_the_probes_message_not_with_the_checks_timeout()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "nfs", "exports"), "");

        var report = await cluster.RunAsync([BootstrapPhases.NfsPreflight]);

        // The probe must bound mount.nfs's own retry loop (retry=0): otherwise the check's 2-minute SSH timeout fires
        // first and the user never learns that the address is still the example one.
        var failure = Assert.Single(report.Failures);
        Assert.Contains($"cannot mount it: mount.nfs: Connection timed out for {HomeClusterAddresses.NfsAddress}:", failure.Message);
        Assert.Contains("still the example address", failure.Message);
        Assert.Contains(File.ReadAllLines(cluster["pi0"].RootPath("fake/calls.log")),
            c => c.StartsWith("mount -t nfs -o ", StringComparison.Ordinal) && c.Contains("retry=0", StringComparison.Ordinal));
    }
}
