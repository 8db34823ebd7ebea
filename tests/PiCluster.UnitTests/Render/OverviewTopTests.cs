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
        // The merge keeps entries of other domains, so the old wildcard must go by hand.
        Assert.Contains("keeps the old `*.local` one", top);
        Assert.Contains("delete it in AdGuard's UI (Filters → DNS rewrites)", top);
    }

    [Fact]
    public void The_cluster_domain_is_never_to_be_the_DHCP_search_domain_because_pods_would_reach_Traefik_for_outside_names()
    {
        var readme = RenderedObjects.Overview;
        Assert.Contains("Do not hand out `local` as the LAN's DHCP domain or search domain", readme);
        Assert.Contains("`ndots:5`", readme);
        Assert.Contains("`api.github.com.local`", readme);
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
