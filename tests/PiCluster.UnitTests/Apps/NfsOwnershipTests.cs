using PiCluster.Cluster;

namespace PiCluster.UnitTests.Apps;

/// <summary>Issue 11 item 10: the folders non-root containers write are created with their owner; export options are stated.</summary>
public class NfsOwnershipTests
{
    [Fact]
    public void An_init_step_creates_the_torrent_folders_owned_by_the_pods_uid_before_anything_runs()
    {
        var pod = RenderedObjects.Object("Deployment", "torrent").PodSpec();
        var first = pod.Maps("initContainers")[0];
        Assert.Equal("0", first.Str("securityContext", "runAsUser"));
        var command = string.Join(" ", first.Strings("command").Concat(first.Strings("args")));
        var uid = HomeCluster.Definition.Services.Torrent.Uid;
        Assert.Contains($"chown {uid}:{uid}", command);
        foreach (var folder in new[] { "flood", "rtorrent", "downloads" }) Assert.Contains(folder, command);
        // The export root is mounted without subPath: kubelet would otherwise create the folders itself, owned by root.
        var mount = Assert.Single(first.Maps("volumeMounts"));
        Assert.Null(mount.Str("subPath"));
    }

    [Fact]
    public void The_overview_states_the_export_options_next_to_every_export()
    {
        var cluster = HomeCluster.Definition;
        foreach (var export in cluster.Nfs.Exports)
        {
            var line = Assert.Single(RenderedObjects.Overview.Split('\n'), l => l.StartsWith(export.Path + " ", StringComparison.Ordinal));
            // Every client (a node address, never the subnet: NfsExportTests) gets the options root writes need.
            Assert.Contains($"{cluster.ControlPlane.Address}(rw,sync,no_subtree_check,no_root_squash)", line);
            Assert.DoesNotContain(cluster.Network.Subnet, line);
        }
    }
}
