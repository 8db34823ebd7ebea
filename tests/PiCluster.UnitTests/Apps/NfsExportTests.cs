using System.Text.RegularExpressions;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Overview;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 20 item 3: the /etc/exports lines the overview prints open each export to node addresses only (the kubelet mounts
/// from the node), never to the subnet, and the etcd backups (every Secret, ca.key, sa.key) have an export of their own,
/// open to the control plane alone.
/// </summary>
public sealed class NfsExportTests
{
    private static IReadOnlyList<string> Lines => ClusterOverview.ExportLines(new RenderContext(HomeCluster.Definition)).Where(l => !l.StartsWith('#')).ToList();

    [Fact]
    public void No_export_line_names_the_subnet_or_any_address_that_is_not_a_node()
    {
        var nodes = HomeCluster.Definition.Nodes.Select(n => n.Address).ToHashSet();
        Assert.Equal(HomeCluster.Definition.Nfs.Exports.Count, Lines.Count);
        foreach (var line in Lines)
        {
            // No CIDR of any size after the path: only plain node addresses.
            Assert.DoesNotContain("/", line[(line.IndexOf(' ') + 1)..]);
            Assert.DoesNotContain(HomeCluster.Definition.Network.Subnet, line);
            var clients = Regex.Matches(line, @" ([^ (]+)\(").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(clients);
            Assert.All(clients, c => Assert.Contains(c, nodes));
            Assert.All(clients, c => Assert.DoesNotContain('*', c));
        }
        // The same lines are what rendered/README.md shows.
        Assert.All(Lines, line => Assert.Contains(line, RenderedObjects.Overview));
        Assert.DoesNotContain("192.168.50.0/24(", RenderedObjects.Overview);
    }

    [Fact]
    public void The_backups_export_is_its_own_open_to_the_control_plane_alone_and_pins_its_volume_there()
    {
        var backups = Assert.Single(HomeCluster.Definition.Nfs.Exports, e => e.Name == HomeCluster.Definition.Services.EtcdBackup.Target.Export);
        Assert.Equal(NfsClients.ControlPlane, backups.Clients);
        // Nothing else lives on it, and no other export contains it.
        Assert.All(HomeCluster.Definition.Nfs.Exports.Where(e => e != backups), e => Assert.False(backups.Path.StartsWith(e.Path.TrimEnd('/') + "/", StringComparison.Ordinal)));
        var line = Assert.Single(Lines, l => l.StartsWith(backups.Path + " ", StringComparison.Ordinal));
        Assert.Equal($"{backups.Path} 192.168.50.132(rw,sync,no_subtree_check,no_root_squash)", line);

        var volume = RenderedObjects.Object("PersistentVolume", "nfs-kube-system-backups");
        var term = Assert.Single(volume.Maps("spec", "nodeAffinity", "required", "nodeSelectorTerms"));
        var expression = Assert.Single(term.Maps("matchExpressions"));
        Assert.Equal("kubernetes.io/hostname", expression.Str("key"));
        Assert.Equal(["pi0"], expression.Strings("values"));
        // App exports go to every node: their pods may run anywhere but the control plane, and bootstrap's preflight mounts from it.
        Assert.Equal(HomeCluster.Definition.Nodes.Count, Regex.Matches(Assert.Single(Lines, l => l.Contains("/adguard ", StringComparison.Ordinal)), @"\(rw").Count);
    }
}
