using System.Diagnostics;
using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.UnitTests.Apps;

public class AdGuardTests
{
    private static readonly List<object> Objects = AppObjects.Of<AdGuardHome>(AdGuardComponent.Build, HomeCluster.Definition);

    private static V1Deployment Deployment => Objects.Single<V1Deployment>();

    [Fact]
    public void Dns_answers_over_tcp_and_udp_on_the_main_and_the_catch_all_address_keeping_client_ips()
    {
        var services = Objects.OfType<V1Service>().Where(s => s.Spec.Type == "LoadBalancer").ToList();
        Assert.Equal([HomeClusterAddresses.ServicesAdGuardDnsAddress, HomeClusterAddresses.ServicesAdGuardCatchAllAddress], services.Select(s => s.Metadata.Annotations["metallb.io/loadBalancerIPs"]).Order());
        foreach (var service in services)
        {
            Assert.Equal("Local", service.Spec.ExternalTrafficPolicy);
            Assert.Equal(["53/TCP", "53/UDP"], service.Spec.Ports.Select(p => $"{p.Port}/{p.Protocol}").Order());
            // One mixed-protocol Service per address: nothing shares an address, so no sharing key.
            Assert.False(service.Metadata.Annotations.ContainsKey("metallb.io/allow-shared-ip"));
            Assert.Equal(Deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
        }
    }

    [Fact]
    public void One_replica_replaced_by_recreate()
    {
        Assert.Equal(1, Deployment.Spec.Replicas);
        Assert.Equal("Recreate", Deployment.Spec.Strategy.Type);
        Assert.StartsWith("adguard/adguardhome:v0.107.79@sha256:", Deployment.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void Config_lives_on_the_adguard_export_and_work_data_on_the_node()
    {
        var pod = Deployment.Spec.Template.Spec;
        var volume = Assert.Single(pod.Volumes, v => v.PersistentVolumeClaim is not null);
        Assert.Equal("nfs-adguard", volume.PersistentVolumeClaim.ClaimName);
        var mounts = pod.Containers[0].VolumeMounts.ToDictionary(m => m.MountPath, m => (m.Name, m.SubPath));
        Assert.Equal(("nfs-adguard", "conf"), mounts["/opt/adguardhome/conf"]);
        Assert.Equal(("work", null), mounts["/opt/adguardhome/work"]);
        var claim = Objects.Single<V1PersistentVolumeClaim>();
        Assert.Equal("nfs-adguard-adguard", claim.Spec.VolumeName);
    }

    [Fact]
    public void Probes_check_dns_on_tcp_53_and_the_web_server()
    {
        var container = Deployment.Spec.Template.Spec.Containers[0];
        Assert.Equal("53", container.ReadinessProbe.TcpSocket.Port.Value);
        Assert.Equal("80", container.LivenessProbe.HttpGet.Port.Value);
    }

    [Fact]
    public void The_seed_step_gets_the_admin_hash_from_the_secret_by_name_and_writes_the_conf_folder()
    {
        var init = Assert.Single(Deployment.Spec.Template.Spec.InitContainers);
        var hash = Assert.Single(init.Env, e => e.Name == "ADMIN_PASSWORD_HASH");
        Assert.Null(hash.Value);
        Assert.Equal("adguard-admin", hash.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("password-hash", hash.ValueFrom.SecretKeyRef.Key);
        Assert.Contains(init.VolumeMounts, m => m.MountPath == "/opt/adguardhome/conf" && m.SubPath == "conf");
        var seed = Objects.Single<V1ConfigMap>();
        Assert.Equal(ClusterScripts.Read(ClusterScripts.AdGuardSeed), seed.Data["adguard-seed.sh"]);
        Assert.Contains("password: __ADMIN_PASSWORD_HASH__", seed.Data["AdGuardHome.yaml"]);
        Assert.Contains("address: 0.0.0.0:80", seed.Data["AdGuardHome.yaml"]);
        Assert.Contains("schema_version: 34", seed.Data["AdGuardHome.yaml"]);
    }

    [Fact]
    public void Web_ui_is_routed_by_traefik_at_the_adguard_host_name()
    {
        var route = Objects.Single<IngressRoute>();
        var rule = Assert.Single(route.Spec.Routes);
        Assert.Equal("Host(`adguard.local`)", rule.Match);
        Assert.Equal(AdGuardComponent.WebService, Assert.Single(rule.Services).Name);
        Assert.Equal(["websecure"], route.Spec.EntryPoints);
    }

    [Fact]
    public void Host_names_follow_the_domain_setting()
    {
        var cluster = HomeCluster.Definition with { Network = HomeCluster.Definition.Network with { Domain = "home.arpa" } };
        var route = AppObjects.Of<AdGuardHome>(AdGuardComponent.Build, cluster).Single<IngressRoute>();
        Assert.Equal("Host(`adguard.home.arpa`)", route.Spec.Routes[0].Match);
    }

    [Fact]
    public void Seed_script_writes_the_config_once_and_keeps_later_edits()
    {
        using var temp = new TempDir();
        var template = temp.Sub("AdGuardHome.yaml");
        File.WriteAllText(template, AdGuardComponent.SeedConfig(HomeCluster.Definition.Services.AdGuard, new RenderContext(HomeCluster.Definition)));
        var config = Path.Combine(temp.Sub("conf"), "AdGuardHome.yaml");
        const string hash = "$2y$10$abcdefghijklmnopqrstuu5BZrtjK0CXtOZ.yKJgdRVJ8gfe6yMPq";

        Assert.Equal(0, Seed(template, config, hash).Code);
        Assert.Contains($"password: {hash}", File.ReadAllText(config));

        File.WriteAllText(config, "edited in the UI\n");
        Assert.Equal(0, Seed(template, config, hash).Code);
        Assert.Equal("edited in the UI\n", File.ReadAllText(config));

        File.Delete(config);
        var refused = Seed(template, config, "plain-text-password");
        Assert.NotEqual(0, refused.Code);
        Assert.False(File.Exists(config));
    }

    private static (int Code, string Output) Seed(string template, string config, string hash) =>
        Shell.Run("sh", [Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.AdGuardSeed)],
            new Dictionary<string, string> { ["TEMPLATE"] = template, ["CONFIG"] = config, ["ADMIN_PASSWORD_HASH"] = hash });
}

/// <summary>Issue 20 item 5: LAN DNS and every UI leave a dead node after 30 s, and the overview is honest about .249.</summary>
public sealed class FrontDoorFailoverTests
{
    [Theory]
    [InlineData("Deployment", "adguard")]
    public void The_dns_pod_tolerates_node_loss_for_30_seconds_not_300(string kind, string name)
    {
        var pod = RenderedObjects.Object(kind, name).PodSpec();
        AssertThirtySeconds(pod.Maps("tolerations"));
    }

    [Fact]
    public void Traefik_tolerates_node_loss_for_30_seconds_not_300()
    {
        var release = RenderedObjects.Object("HelmRelease", "traefik");
        AssertThirtySeconds(release.Maps("spec", "values", "tolerations"));
    }

    [Fact]
    public void The_overview_does_not_call_the_catch_all_a_fallback_and_asks_for_a_second_dhcp_resolver()
    {
        var overview = RenderedObjects.Overview;
        Assert.Contains("are two addresses of that same pod", overview);
        Assert.Contains("it is not a fallback", overview);
        Assert.Contains("hand out a second resolver in DHCP", overview);
        Assert.Contains("What it costs", overview);
    }

    private static void AssertThirtySeconds(IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> tolerations)
    {
        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            var toleration = Assert.Single(tolerations, t => t.Str("key") == key);
            Assert.Equal("NoExecute", toleration.Str("effect"));
            Assert.Equal("Exists", toleration.Str("operator"));
            Assert.Equal("30", toleration.Str("tolerationSeconds"));
        }
    }
}
