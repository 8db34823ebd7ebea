using YamlDotNet.RepresentationModel;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 7: only Flood behind basic auth is reachable. Port facts of the crazymax image, from
/// crazy-max/docker-rtorrent-rutorrent rootfs/etc/cont-init.d/03-config.sh (XMLRPC_PORT 8000, RUTORRENT_PORT 8080,
/// WEBDAV_PORT 9000, each +1 as a loopback health port, auth dropped when the htpasswd file is empty) and
/// rootfs/tpls/etc/nginx/conf.d/rpc.conf (`listen @XMLRPC_PORT@` on every address); nginx and php-fpm are s6 services
/// written by rootfs/etc/cont-init.d/04-create-services.sh. flannel enforces no NetworkPolicy, so the pod itself must
/// keep everything else off the pod IP.
/// </summary>
public class TorrentExposureTests
{
    private static readonly int[] ImageWebPorts = [8000, 8001, 8080, 8081, 9000, 9001];

    private static YamlMappingNode Pod => RenderedObjects.Object("Deployment", "torrent").PodSpec();

    private static List<YamlMappingNode> Services => RenderedObjects.OfKind("Service").Where(s => s.Str("metadata", "namespace") == "torrent").ToList();

    [Fact]
    public void No_service_reaches_xmlrpc_rutorrent_webdav_or_flood_directly()
    {
        var containerPorts = Pod.Maps("containers").SelectMany(c => c.Maps("ports")).ToList();
        foreach (var service in Services)
        {
            foreach (var port in service.Maps("spec", "ports"))
            {
                var target = port.Str("targetPort")!;
                var number = int.TryParse(target, out var n) ? n : int.Parse(Assert.Single(containerPorts, p => p.Str("name") == target).Str("containerPort")!);
                Assert.DoesNotContain(number, ImageWebPorts);
                Assert.NotEqual(int.Parse(Pod.Container("flood").Env("FLOOD_OPTION_PORT")!), number);
            }
        }
        Assert.DoesNotContain(containerPorts, p => ImageWebPorts.Contains(int.Parse(p.Str("containerPort")!)));
    }

    [Fact]
    public void Flood_listens_on_loopback_only_and_the_web_service_hits_an_auth_proxy()
    {
        Assert.Equal("127.0.0.1", Pod.Container("flood").Env("FLOOD_OPTION_HOST"));
        var web = Assert.Single(Services, s => s.Str("spec", "type") is null or "ClusterIP");
        var target = Assert.Single(web.Maps("spec", "ports")).Str("targetPort");
        var owner = Assert.Single(Pod.Maps("containers"), c => c.Maps("ports").Any(p => p.Str("name") == target || p.Str("containerPort") == target));
        Assert.Equal("auth-proxy", owner.Str("name"));
        var config = RenderedObjects.Object("ConfigMap", "torrent-auth-proxy");
        var dynamic = config.Str("data", "dynamic.yaml")!;
        Assert.Contains("basicAuth", dynamic);
        Assert.Contains("usersFile", dynamic);
        Assert.Contains($"http://127.0.0.1:{Pod.Container("flood").Env("FLOOD_OPTION_PORT")}", dynamic);
    }

    [Fact]
    public void The_image_nginx_and_php_fpm_services_are_removed_before_s6_starts_them()
    {
        var rtorrent = Pod.Container("rtorrent");
        var mount = Assert.Single(rtorrent.Maps("volumeMounts"), m => (m.Str("mountPath") ?? "").StartsWith("/etc/cont-init.d/", StringComparison.Ordinal));
        // 04-create-services.sh writes the services; ours must sort after it.
        Assert.True(string.CompareOrdinal(Path.GetFileName(mount.Str("mountPath")), "04-create-services.sh") > 0);
        var volume = Assert.Single(Pod.Maps("volumes"), v => v.Str("name") == mount.Str("name"));
        var script = RenderedObjects.Object("ConfigMap", volume.Str("configMap", "name")!).Str("data", mount.Str("subPath")!)!;
        Assert.Contains("/etc/services.d/nginx", script);
        Assert.Contains("/etc/services.d/php-fpm", script);
        Assert.Equal(["peer-tcp", "peer-udp"], rtorrent.Maps("ports").Select(p => p.Str("name")!).Order());
    }

    [Fact]
    public void No_network_policy_is_rendered_because_flannel_would_not_enforce_it()
    {
        Assert.Empty(RenderedObjects.OfKind("NetworkPolicy"));
        Assert.Contains("NetworkPolicy", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "apps.md")));
    }
}
