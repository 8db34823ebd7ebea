using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.UnitTests.Apps;

public class HeadlampTests
{
    private static readonly List<object> Objects = AppObjects.Of<ClusterDashboard>(HeadlampComponent.Build, HomeCluster.Definition);

    private static HeadlampValues Values => (HeadlampValues)Objects.Single<HelmRelease>().Spec.Values;

    [Fact]
    public void Headlamp_replaces_the_archived_dashboard_pinned_and_at_the_k8s_host()
    {
        var release = Objects.Single<HelmRelease>();
        Assert.Equal("headlamp", release.Spec.Chart.Spec.Chart);
        Assert.Equal("0.45.0", release.Spec.Chart.Spec.Version);
        Assert.Equal("https://kubernetes-sigs.github.io/headlamp/", Objects.Single<HelmRepository>().Spec.Url);
        Assert.Equal("k8s.local", Assert.Single(Values.Ingress.Hosts).Host);
        Assert.Equal("traefik", Values.Ingress.IngressClassName);
    }

    [Fact]
    public void Nobody_is_cluster_admin_anonymously_and_login_is_by_token()
    {
        Assert.False(Values.ClusterRoleBinding.Create);
        var account = Objects.Single<V1ServiceAccount>();
        Assert.Equal("headlamp-login", account.Metadata.Name);
        var binding = Objects.Single<V1ClusterRoleBinding>();
        Assert.Equal("view", binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal((account.Metadata.Name, account.Metadata.NamespaceProperty), (subject.Name, subject.NamespaceProperty));
        Assert.Equal("kubectl -n headlamp create token headlamp-login --duration=8h", HeadlampComponent.TokenCommand(HomeCluster.Definition.Services.Dashboard));
    }
}
