using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.UnitTests.Apps;

public class MonitoringTests
{
    private static readonly List<object> Objects = AppObjects.Of<Monitoring>(MonitoringComponent.Build, HomeCluster.Definition);

    private static KubePrometheusStackValues Values => (KubePrometheusStackValues)Objects.Single<HelmRelease>().Spec.Values;

    [Fact]
    public void The_chart_is_pinned_and_its_crds_are_created_and_replaced()
    {
        var release = Objects.Single<HelmRelease>();
        Assert.Equal("kube-prometheus-stack", release.Spec.Chart.Spec.Chart);
        Assert.Equal("88.5.3", release.Spec.Chart.Spec.Version);
        Assert.Equal("CreateReplace", release.Spec.Install!.Crds);
        Assert.Equal("CreateReplace", release.Spec.Upgrade!.Crds);
        Assert.Equal("https://prometheus-community.github.io/helm-charts", Objects.Single<HelmRepository>().Spec.Url);
    }

    [Fact]
    public void Grafana_is_at_the_grafana_host_with_admin_credentials_from_an_existing_secret()
    {
        var grafana = Values.Grafana;
        Assert.Equal(["grafana.local"], grafana.Ingress.Hosts);
        Assert.Equal("traefik", grafana.Ingress.IngressClassName);
        Assert.Equal("grafana-admin", grafana.Admin.ExistingSecret);
        Assert.Empty(grafana.Plugins);
        Assert.Equal(1, grafana.Replicas);
    }

    [Fact]
    public void Dashboards_ship_as_sidecar_configmaps_and_kubegraf_is_not_installed()
    {
        Assert.True(Values.Grafana.DefaultDashboardsEnabled);
        Assert.True(Values.Grafana.Sidecar.Dashboards.Enabled);
        var map = Objects.Single<V1ConfigMap>(m => m.Metadata.Name == "dashboard-etcd-backup");
        Assert.Equal(MonitoringComponent.DashboardLabelValue, map.Metadata.Labels[Values.Grafana.Sidecar.Dashboards.Label]);
        Assert.DoesNotContain(Values.Grafana.Plugins, p => p.Contains("kubegraf", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Prometheus_keeps_a_week_on_a_local_volume_never_on_nfs()
    {
        var spec = Values.Prometheus.PrometheusSpec;
        Assert.Equal("7d", spec.Retention);
        Assert.Equal("4GB", spec.RetentionSize);
        Assert.Equal(MonitoringComponent.LocalStorageClass, spec.StorageSpec.VolumeClaimTemplate.Spec.StorageClassName);
        var volume = Objects.Single<V1PersistentVolume>();
        Assert.Null(volume.Spec.Nfs);
        Assert.Equal("/var/lib/prometheus", volume.Spec.Local.Path);
        Assert.Equal(["pi1"], volume.Spec.NodeAffinity.Required.NodeSelectorTerms[0].MatchExpressions[0].Values);
        Assert.Equal(spec.StorageSpec.VolumeClaimTemplate.Spec.Selector.MatchLabels, volume.Metadata.Labels);
        Assert.Equal("WaitForFirstConsumer", Objects.Single<V1StorageClass>().VolumeBindingMode);
        Assert.NotNull(spec.Resources.Limits["memory"]);
    }

    [Fact]
    public void Control_plane_targets_point_at_the_control_plane_node()
    {
        var v = Values;
        Assert.Equal([HomeClusterAddresses.NodesPi0Address], v.KubeControllerManager.Endpoints);
        Assert.Equal(10257, v.KubeControllerManager.Service.Port);
        Assert.True(v.KubeControllerManager.ServiceMonitor.Https);
        Assert.Equal(10259, v.KubeScheduler.Service.Port);
        Assert.True(v.KubeScheduler.ServiceMonitor.Https);
        Assert.Equal(2381, v.KubeEtcd.Service.TargetPort);
        Assert.Equal("http", v.KubeEtcd.ServiceMonitor.Scheme);
    }

    [Fact]
    public void Node_exporter_mounts_the_host_root_and_its_namespace_allows_it()
    {
        Assert.True(Values.NodeExporter.HostRootFsMount.Enabled);
        Assert.Equal("HostToContainer", Values.NodeExporter.HostRootFsMount.MountPropagation);
        var ns = Objects.Single<V1Namespace>();
        Assert.Equal("privileged", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        // Issue 20 item 2: alerts reach someone (AlertingTests).
        Assert.True(Values.Alertmanager.Enabled);
    }

    [Fact]
    public void A_prometheus_volume_on_an_unknown_node_stops_render_naming_the_field()
    {
        var s = HomeCluster.Definition.Services;
        var broken = HomeCluster.Definition with { Services = s with { Monitoring = s.Monitoring with { PrometheusVolume = s.Monitoring.PrometheusVolume with { Node = "pi9" } } } };
        var error = Assert.Throws<ClusterInputException>(() => MonitoringComponent.Build(broken.Services.Monitoring, new RenderContext(broken)).ToList());
        Assert.Contains("Services.Monitoring.PrometheusVolume.Node: \"pi9\" names no node", error.Message);
    }
}
