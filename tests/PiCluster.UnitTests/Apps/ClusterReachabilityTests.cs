using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;
using PiCluster.Render.Schemas;
using PiCluster.Render.Yaml;

namespace PiCluster.UnitTests.Apps;

/// <summary>Issue 11 items 1, 2, 3 and 5: what the rendered tree needs so the real six-Pi cluster is reachable and keeps reconciling.</summary>
public sealed class ClusterReachabilityTests
{
    private static readonly IReadOnlyList<ManifestFile> Files = ClusterRenderer.Build(HomeCluster.Definition).ToList();

    private static IEnumerable<T> All<T>(IEnumerable<ManifestFile> files) => files.SelectMany(f => f.Documents).OfType<T>();

    private static bool AvoidsExcludedNodes(JsonNode? affinity) =>
        affinity?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] is JsonArray terms
        && terms.Count > 0
        && terms.All(t => t!["matchExpressions"]!.AsArray().Any(e =>
            (string?)e!["key"] == NodeScheduling.ExcludeFromExternalLoadBalancersLabel && (string?)e["operator"] == "DoesNotExist"));

    [Fact]
    public void Item1_every_workload_behind_a_local_load_balancer_avoids_nodes_kubeadm_excludes()
    {
        // kubeadm labels the control plane (pi0); the model says so once.
        Assert.Equal(["pi0"], NodeScheduling.ExcludedFromLoadBalancers(HomeCluster.Definition).Select(n => n.Name));

        var traefik = All<HelmRelease>(Files).Single(r => r.Metadata.Name == TraefikComponent.Release);
        var values = ManifestSerializer.ToJson(traefik.Spec.Values);
        Assert.Equal("Local", (string?)values["service"]!["spec"]!["externalTrafficPolicy"]);
        Assert.True(AvoidsExcludedNodes(values["affinity"]), values.ToJsonString());

        foreach (var name in new[] { AdGuardComponent.Name, TorrentComponent.Name })
        {
            var deployment = All<V1Deployment>(Files).Single(d => d.Metadata.Name == name);
            Assert.True(AvoidsExcludedNodes(ManifestSerializer.ToJson(deployment)["spec"]!["template"]!["spec"]!["affinity"]), name);
        }
    }

    [Fact]
    public void Item1_the_placement_follows_the_traffic_policy_not_a_per_app_flag()
    {
        // A shared address uses the Cluster policy: any node may announce, so no pod needs to avoid pi0.
        var home = HomeCluster.Definition;
        var shared = home with { Services = home.Services with { MetalLb = home.Services.MetalLb with { SharedAddresses = [new SharedAddress(home.Services.Traefik.Address, "web")] } } };
        var traefik = All<HelmRelease>(ClusterRenderer.Build(shared)).Single(r => r.Metadata.Name == TraefikComponent.Release);
        var values = ManifestSerializer.ToJson(traefik.Spec.Values);
        Assert.Equal("Cluster", (string?)values["service"]!["spec"]!["externalTrafficPolicy"]);
        Assert.Null(values["affinity"]);
    }

    [Fact]
    public void Item2_no_layer_that_others_depend_on_waits_for_a_daemon_set_and_flannel_is_never_pruned()
    {
        var layers = All<FluxKustomization>(Files).Where(k => k.Metadata.Name != FluxSync.SourceName).ToList();
        var controllers = layers.Single(k => k.Metadata.Name == "infrastructure-controllers");
        Assert.False(controllers.Spec.Wait);
        // Issue 20 item 6: MetalLB's release waits for its speaker DaemonSet; the next layer needs only its controller.
        Assert.Equal(["Deployment metallb-system/metallb-controller", "HelmRelease traefik/traefik"],
            controllers.Spec.HealthChecks!.Select(h => $"{h.Kind} {h.Namespace}/{h.Name}"));
        Assert.DoesNotContain(controllers.Spec.HealthChecks!, h => h.Kind == "DaemonSet");
        Assert.All(layers.Where(k => k != controllers), k => Assert.True(k.Spec.Wait));

        var flannel = Files.Single(f => f.Path == FlannelNetwork.FilePath);
        Assert.Contains(flannel.Documents, d => d is V1DaemonSet);
        Assert.All(flannel.Documents.OfType<IMetadata<V1ObjectMeta>>(), d => Assert.Equal("disabled", d.Metadata.Annotations?[FluxSync.PruneAnnotation]));
    }

    [Fact]
    public void Item3_adguard_seeds_a_rewrite_to_traefik_for_every_routed_host_web_apps_included()
    {
        // Issue 20 item 4: one wildcard covers every routed host, and hosts added later without reseeding.
        var home = HomeCluster.Definition;
        var withApp = home with { Services = home.Services with { WebApps = [new WebApp("wiki", new Image("wiki", "2.5"), 8080, "wiki")] } };
        var seed = YamlJson.LoadSingle(AdGuardComponent.SeedConfig(withApp.Services.AdGuard, new RenderContext(withApp)))!;
        var rewrites = seed["filtering"]!["rewrites"]!.AsArray().Select(r => ((string)r!["domain"]!, (string)r["answer"]!, (bool)r["enabled"]!)).ToList();
        var traefik = home.Services.Traefik.Address;
        Assert.Equal([("*.local", traefik, true)], rewrites);
        Assert.All(RoutedHosts.Of(withApp), host => Assert.EndsWith(".local", host, StringComparison.Ordinal));
        Assert.Contains("wiki.local", RoutedHosts.Of(withApp));
        Assert.Equal(34L, (long)seed["schema_version"]!);
    }

    [Fact]
    public void Item5_every_layer_timeout_covers_the_longest_release_inside_it()
    {
        var layers = All<FluxKustomization>(Files).Where(k => k.Metadata.Name != FluxSync.SourceName).ToList();
        foreach (var layer in layers)
        {
            var folder = layer.Spec.Path.Replace("./rendered/", "", StringComparison.Ordinal);
            var longest = All<HelmRelease>(Files.Where(f => f.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
                .Select(r => GoDuration.TryParse(r.Spec.Timeout) ?? FluxSync.DefaultReleaseTimeout).DefaultIfEmpty(TimeSpan.Zero).Max();
            Assert.True(GoDuration.TryParse(layer.Spec.Timeout) >= longest, $"{layer.Metadata.Name}: {layer.Spec.Timeout} < {longest}");
        }
        Assert.Equal("20m0s", layers.Single(k => k.Metadata.Name == "apps").Spec.Timeout);
    }
}
