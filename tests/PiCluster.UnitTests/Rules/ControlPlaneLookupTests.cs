using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Rules;

/// <summary>ClusterDefinition.ControlPlane / Workers: the one lookup render and bootstrap share.</summary>
public sealed class ControlPlaneLookupTests
{
    [Fact]
    public void The_home_cluster_has_pi0_as_control_plane_and_the_rest_as_workers_in_order()
    {
        Assert.Equal("pi0", HomeCluster.Definition.ControlPlane.Name);
        Assert.Equal(["pi1", "pi2", "pi3", "pi4", "pi5"], HomeCluster.Definition.Workers.Select(n => n.Name));
    }

    [Fact]
    public void A_definition_without_a_control_plane_names_the_field_and_the_rule()
    {
        var headless = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Workers] };

        var error = Assert.Throws<ClusterInputException>(() => headless.ControlPlane);
        Assert.Contains("Nodes: no node has the role ControlPlane", error.Message);
        Assert.Contains("PI0011", error.Message);
    }
}
