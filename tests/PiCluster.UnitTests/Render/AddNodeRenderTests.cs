using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Overview;

namespace PiCluster.UnitTests.Render;

/// <summary>
/// Adding a Pi to the model (docs: README "Add a worker"): render updates what depends on the node list and nothing
/// else, so the pull request's diff shows exactly what a seventh node changes before `bootstrap cluster --node pi6`.
/// </summary>
public sealed class AddNodeRenderTests
{
    private static readonly Node Pi6 = new("pi6", "192.168.50.231", NodeRole.Worker);

    private static Dictionary<string, string> Tree(ClusterDefinition cluster) =>
        ClusterRenderer.Render(cluster).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    [Fact]
    public void A_seventh_node_changes_only_what_depends_on_the_node_list()
    {
        var before = Tree(HomeCluster.Definition);
        var after = Tree(HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes, Pi6] });

        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        var changed = before.Keys.Where(p => before[p] != after[p]).Order(StringComparer.Ordinal).ToList();
        // Only files that depend on the node list change, and each names the new node: the MetalLB pools and, where the
        // overview lists node addresses (the NFS /etc/exports lines), rendered/README.md. A file outside this set is a new
        // dependency on the node list for the reviewer to see.
        Assert.Subset(new HashSet<string>(["infrastructure/configs/metallb-pools.yaml", ClusterOverview.FilePath], StringComparer.Ordinal), changed.ToHashSet(StringComparer.Ordinal));
        if (changed.Contains(ClusterOverview.FilePath)) Assert.Contains(Pi6.Address, after[ClusterOverview.FilePath]);

        // The address sits inside the MetalLB range: the auto-assign pool no longer hands it out.
        const string pool = "infrastructure/configs/metallb-pools.yaml";
        Assert.Contains(pool, changed);
        Assert.Contains("- 192.168.50.231-192.168.50.233\n", before[pool]);
        Assert.Contains("- 192.168.50.232-192.168.50.233\n", after[pool]);
        Assert.DoesNotContain("192.168.50.231", after[pool]);
    }

    [Fact]
    public void A_new_node_on_an_address_already_in_use_is_refused_before_anything_renders()
    {
        var clash = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes, Pi6 with { Address = "192.168.50.234" }] };

        var error = Assert.ThrowsAny<Exception>(() => ClusterRenderer.Render(clash));
        Assert.Contains("PI0001", error.Message);
        Assert.Contains("192.168.50.234", error.Message);
    }
}
