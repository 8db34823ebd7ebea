using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Overview;

namespace PiCluster.UnitTests.Render;

/// <summary>Issue 20 minor item: the .local limitation and the home.arpa switch come first in the rendered README.</summary>
public sealed class OverviewTopTests
{
    [Fact]
    public void The_local_limitation_and_the_switch_are_in_the_first_lines()
    {
        var top = string.Join("\n", RenderedObjects.Overview.Split('\n').Take(4));
        Assert.Contains("`.local`", top);
        Assert.Contains("RFC 6762", top);
        Assert.Contains("Domain: \"home.arpa\"", top);
        Assert.Contains("cluster/HomeCluster.cs", top);
    }

    [Fact]
    public void A_cluster_under_home_arpa_gets_no_such_note()
    {
        var cluster = HomeCluster.Definition with { Network = HomeCluster.Definition.Network with { Domain = "home.arpa" } };
        var readme = ClusterRenderer.Render(cluster).Single(f => f.Path == ClusterOverview.FilePath).Content;
        Assert.DoesNotContain("RFC 6762", readme);
        Assert.Contains("`*.home.arpa` → 192.168.50.234", readme);
    }
}
