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
        // Exactly the files that depend on the node list; a file outside this set is a new dependency for the reviewer.
        const string pool = "infrastructure/configs/metallb-pools.yaml";
        Assert.Equal(new[] { ClusterOverview.FilePath, pool }.Order(StringComparer.Ordinal), changed);

        // The address sits inside the MetalLB range: the auto-assign pool no longer hands it out, and nothing else moves.
        Assert.Contains("- 192.168.50.231-192.168.50.233\n", before[pool]);
        Assert.Equal(before[pool].Replace("- 192.168.50.231-192.168.50.233\n", "- 192.168.50.232-192.168.50.233\n", StringComparison.Ordinal), after[pool]);

        // The overview: each export to every node gains pi6 in its comment and pi6's address on its /etc/exports line; the
        // control-plane-only export (backups) and every other line stay as they were.
        var shared = HomeCluster.Definition.Nfs.Exports.Where(e => e.Clients == NfsClients.AllNodes).ToList();
        Assert.NotEmpty(shared);
        var expected = before[ClusterOverview.FilePath].Split('\n').Select(line =>
            shared.Any(e => line.StartsWith($"# {e.Name}: ", StringComparison.Ordinal)) ? line[..^1] + ", pi6)"
            : shared.Any(e => line.StartsWith(e.Path + " ", StringComparison.Ordinal)) ? line + $" {Pi6.Address}({ClusterOverview.ExportOptions})"
            : line);
        Assert.Equal(string.Join('\n', expected), after[ClusterOverview.FilePath]);
        Assert.Equal(2 * shared.Count, before[ClusterOverview.FilePath].Split('\n').Except(after[ClusterOverview.FilePath].Split('\n')).Count());
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
