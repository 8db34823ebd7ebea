using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.UnitTests.Apps;

public class TorrentTests
{
    private static readonly List<object> Objects = AppObjects.Of<Torrent>(TorrentComponent.Build, HomeCluster.Definition);

    private static V1PodSpec Pod => Objects.Single<V1Deployment>().Spec.Template.Spec;

    private static V1Container Container(string name) => Assert.Single(Pod.Containers, c => c.Name == name);

    [Fact]
    public void Exactly_one_replica_recreated_with_a_fixed_host_name_and_a_long_grace_period()
    {
        var deployment = Objects.Single<V1Deployment>();
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.Equal("rtorrent", Pod.Hostname);
        Assert.True(Pod.TerminationGracePeriodSeconds >= 120, $"grace period {Pod.TerminationGracePeriodSeconds}s");
    }

    [Fact]
    public void A_stale_session_lock_is_removed_before_rtorrent_starts()
    {
        var init = Assert.Single(Pod.InitContainers);
        // /data is the export's rtorrent folder, so /data/rtorrent/.session/rtorrent.lock is /export/rtorrent/rtorrent/... here.
        Assert.Contains("rm -f /export/rtorrent/rtorrent/.session/rtorrent.lock", init.Command[2]);
        Assert.Equal("rtorrent", Assert.Single(Container("rtorrent").VolumeMounts, m => m.MountPath == "/data").SubPath);
        Assert.Equal(init.VolumeMounts[0].Name, Assert.Single(Container("rtorrent").VolumeMounts, m => m.MountPath == "/data").Name);
        Assert.StartsWith("busybox:", init.Image);
    }

    [Fact]
    public void Peer_port_is_offered_over_tcp_and_udp_on_the_torrent_address()
    {
        var peers = Objects.Single<V1Service>(s => s.Spec.Type == "LoadBalancer");
        Assert.Equal(HomeClusterAddresses.ServicesTorrentAddress, peers.Metadata.Annotations["metallb.io/loadBalancerIPs"]);
        Assert.Equal("Local", peers.Spec.ExternalTrafficPolicy);
        Assert.Equal(["23340/TCP", "23340/UDP"], peers.Spec.Ports.Select(p => $"{p.Port}/{p.Protocol}").Order());
        Assert.Contains(Container("rtorrent").Env, e => e.Name == "RT_INC_PORT" && e.Value == "23340");
        Assert.Contains(Container("rtorrent").Env, e => e.Name == "RT_DHT_PORT" && e.Value == "23340");
    }

    [Theory]
    [InlineData("downloads", "/downloads")]
    [InlineData("rtorrent", "/data")]
    public void Downloads_and_session_are_mounted_at_the_same_path_in_both_containers(string subPath, string mountPath)
    {
        var rtorrent = Assert.Single(Container("rtorrent").VolumeMounts, m => m.SubPath == subPath);
        var flood = Assert.Single(Container("flood").VolumeMounts, m => m.SubPath == subPath);
        Assert.Equal(mountPath, rtorrent.MountPath);
        Assert.Equal(rtorrent.MountPath, flood.MountPath);
        Assert.Equal(rtorrent.Name, flood.Name);
    }

    [Fact]
    public void Session_downloads_and_flood_data_live_on_the_torrent_export()
    {
        var claim = Assert.Single(Pod.Volumes, v => v.PersistentVolumeClaim is not null);
        Assert.Equal("nfs-torrent", claim.PersistentVolumeClaim.ClaimName);
        var subPaths = Pod.Containers.SelectMany(c => c.VolumeMounts).Where(m => m.Name == claim.Name).Select(m => m.SubPath).Distinct().Order();
        Assert.Equal(["downloads", "flood", "rtorrent"], subPaths);
    }

    [Fact]
    public void Scgi_stays_inside_the_pod_on_a_shared_unix_socket()
    {
        var socket = Assert.Single(Pod.Volumes, v => v.EmptyDir is not null);
        Assert.All(Pod.Containers.Where(c => c.Name != "auth-proxy"), c => Assert.Contains(c.VolumeMounts, m => m.Name == socket.Name && m.MountPath == "/var/run/rtorrent"));
        Assert.Contains(Container("flood").Env, e => e.Name == "FLOOD_OPTION_RTSOCKET" && e.Value == "/var/run/rtorrent/scgi.socket");
        // Only the peer port and the auth proxy's web port are declared, and only they reach a Service.
        var ports = Pod.Containers.SelectMany(c => c.Ports ?? []).Select(p => p.ContainerPort).Distinct().Order();
        Assert.Equal([3000, 23340], ports);
        var servicePorts = Objects.OfType<V1Service>().SelectMany(s => s.Spec.Ports).Select(p => p.Port).Distinct().Order();
        Assert.Equal([3000, 23340], servicePorts);
    }

    [Fact]
    public void Flood_runs_as_rtorrents_user_so_it_may_use_the_socket()
    {
        Assert.Equal(1000, Container("flood").SecurityContext.RunAsUser);
        Assert.Equal(1000, Container("flood").SecurityContext.RunAsGroup);
        Assert.Contains(Container("rtorrent").Env, e => e.Name == "PUID" && e.Value == "1000");
        Assert.Contains(Container("rtorrent").Env, e => e.Name == "PGID" && e.Value == "1000");
    }

    [Fact]
    public void Flood_is_published_at_the_torrent_host_behind_basic_auth_from_a_secret()
    {
        var route = Objects.Single<IngressRoute>();
        Assert.Equal("Host(`torrent.local`)", route.Spec.Routes[0].Match);
        // Basic auth is checked inside the pod (auth-proxy), from the same Secret, so in-cluster callers need it too.
        Assert.Empty(Objects.OfType<Middleware>());
        Assert.Equal("torrent-web-auth", Assert.Single(Pod.Volumes, v => v.Secret is not null).Secret.SecretName);
    }

    [Fact]
    public void Images_are_maintained_arm64_builds_pinned_by_tag()
    {
        Assert.Equal("ghcr.io/crazy-max/rtorrent-rutorrent:5.3.7-0.16.17-r1", Container("rtorrent").Image);
        Assert.Equal("jesec/flood:4.16.1", Container("flood").Image);
        Assert.DoesNotContain(Pod.Containers, c => c.Image.Contains("rtorrent-flood", StringComparison.Ordinal));
    }

    [Fact]
    public void Image_pull_secret_is_referenced_only_when_the_model_names_one()
    {
        Assert.Null(Pod.ImagePullSecrets);
        var cluster = HomeCluster.Definition with { Services = HomeCluster.Definition.Services with { Torrent = HomeCluster.Definition.Services.Torrent with { ImagePullSecret = "ghcr-pull" } } };
        var pod = AppObjects.Of<Torrent>(TorrentComponent.Build, cluster).Single<V1Deployment>().Spec.Template.Spec;
        Assert.Equal("ghcr-pull", Assert.Single(pod.ImagePullSecrets).Name);
    }
}
