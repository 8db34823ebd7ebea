using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Components;

namespace PiCluster.UnitTests.Apps;

public class LoadBalancerSharingTests
{
    [Fact]
    public void Services_on_a_shared_address_carry_the_same_sharing_key_and_cluster_traffic_policy()
    {
        var s = HomeCluster.Definition.Services;
        var cluster = HomeCluster.Definition with
        {
            Services = s with
            {
                Torrent = s.Torrent with { Address = s.AdGuard.DnsAddress },
                MetalLb = s.MetalLb with { SharedAddresses = [new SharedAddress(s.AdGuard.DnsAddress, "home-services")] },
            },
        };
        ClusterRenderer.Render(cluster); // validates
        var services = AppObjects.Of<AdGuardHome>(AdGuardComponent.Build, cluster).Concat(AppObjects.Of<Torrent>(TorrentComponent.Build, cluster))
            .OfType<V1Service>()
            .Where(v => v.Metadata.Annotations is { } a && a.TryGetValue(LoadBalancerService.AddressAnnotation, out var ip) && ip == s.AdGuard.DnsAddress)
            .ToList();
        Assert.Equal(["adguard-dns", "torrent-peers"], services.Select(v => v.Metadata.Name).Order());
        Assert.All(services, v =>
        {
            Assert.Equal("home-services", v.Metadata.Annotations[LoadBalancerService.SharingAnnotation]);
            Assert.Equal("Cluster", v.Spec.ExternalTrafficPolicy);
        });
        var catchAll = AppObjects.Of<AdGuardHome>(AdGuardComponent.Build, cluster).Single<V1Service>(v => v.Metadata.Name == "adguard-dns-catchall");
        Assert.Equal("Local", catchAll.Spec.ExternalTrafficPolicy);
        Assert.False(catchAll.Metadata.Annotations.ContainsKey(LoadBalancerService.SharingAnnotation));
    }

    [Fact]
    public void Every_app_export_gets_a_static_volume_reserved_for_its_claim()
    {
        var claims = NfsStorageComponent.Claims(HomeCluster.Definition.Services, HomeCluster.Definition.Nfs).Select(c => $"{c.Namespace}/{c.Export.Name}");
        Assert.Equal(["adguard/adguard", "kube-system/backups", "torrent/torrent"], claims);
    }

    [Fact]
    public void Pods_behind_local_policy_load_balancers_avoid_nodes_metallb_does_not_announce_from()
    {
        foreach (var build in new Func<ClusterDefinition, List<object>>[] { c => AppObjects.Of<AdGuardHome>(AdGuardComponent.Build, c), c => AppObjects.Of<Torrent>(TorrentComponent.Build, c) })
        {
            var pod = build(HomeCluster.Definition).Single<V1Deployment>().Spec.Template.Spec;
            var requirement = Assert.Single(Assert.Single(pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms).MatchExpressions);
            Assert.Equal(("node.kubernetes.io/exclude-from-external-load-balancers", "DoesNotExist"), (requirement.Key, requirement.OperatorProperty));
        }
    }
}
