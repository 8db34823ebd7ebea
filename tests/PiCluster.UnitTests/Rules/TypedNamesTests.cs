using System.Reflection;
using k8s;
using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;
using PiCluster.Render;

namespace PiCluster.UnitTests.Rules;

/// <summary>Names that must agree with a type: a rendered object's apiVersion/kind with its model type, a fact's role with the enum.</summary>
public class TypedNamesTests
{
    [Fact]
    public void Every_built_kubernetes_object_carries_the_api_version_and_kind_of_its_type()
    {
        var objects = ClusterRenderer.Build(HomeCluster.Definition).SelectMany(f => f.Documents).OfType<IKubernetesObject>().ToList();
        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            var entity = o.GetType().GetCustomAttribute<KubernetesEntityAttribute>()!;
            var expected = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
            Assert.True((expected, entity.Kind) == (o.ApiVersion, o.Kind), $"{o.GetType().Name} rendered as {o.ApiVersion} {o.Kind}");
        }
    }

    [Fact]
    public void The_control_plane_fact_value_is_the_enum_members_name()
    {
        Assert.Equal(nameof(NodeRole.ControlPlane), Fact.ControlPlaneRole);
        Assert.Contains(ClusterDefinitionFacts.From(HomeCluster.Definition), f => f.Kind == FactKind.NodeRole && f.Value == Fact.ControlPlaneRole);
    }
}
