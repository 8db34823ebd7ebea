using System.Text.Json;

namespace PiCluster.UnitTests.Apps;

/// <summary>Issue 11 item 6: Grafana starts without grafana.com — dashboards ship in the tree as sidecar ConfigMaps.</summary>
public class GrafanaOfflineTests
{
    private const string MonitoringFile = "apps/monitoring/kube-prometheus-stack.yaml";

    [Fact]
    public void Nothing_is_downloaded_from_grafana_com_at_start()
    {
        var release = RenderedObjects.Object("HelmRelease", "kube-prometheus-stack");
        var grafana = release.Get("spec", "values", "grafana");
        Assert.Null(grafana.Get("dashboards"));
        Assert.Empty(grafana.Strings("plugins"));
        Assert.DoesNotContain("gnetId", RenderedObjects.Text(MonitoringFile));
        Assert.Equal("true", grafana.Str("sidecar", "dashboards", "enabled"));
    }

    [Fact]
    public void Shipped_dashboards_are_configmaps_the_sidecar_picks_up()
    {
        var release = RenderedObjects.Object("HelmRelease", "kube-prometheus-stack");
        var sidecar = release.Get("spec", "values", "grafana", "sidecar", "dashboards");
        var label = sidecar.Str("label")!;
        var value = sidecar.Str("labelValue")!;
        var maps = RenderedObjects.OfKind("ConfigMap").Where(m => m.Str("metadata", "labels", label) == value).ToList();
        Assert.NotEmpty(maps);
        foreach (var map in maps)
        {
            Assert.Equal("monitoring", map.Str("metadata", "namespace"));
            var json = Assert.Single(((YamlDotNet.RepresentationModel.YamlMappingNode)map.Get("data")!).Children).Value.ToString();
            using var dashboard = JsonDocument.Parse(json);
            Assert.False(string.IsNullOrEmpty(dashboard.RootElement.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrEmpty(dashboard.RootElement.GetProperty("uid").GetString()));
        }
    }
}
