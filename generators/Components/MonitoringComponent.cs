using System.Text.Json.Serialization;
using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// kube-prometheus-stack sized for Pis: Prometheus on a static local volume (never NFS: its TSDB does not support it),
/// Grafana at grafana.&lt;domain&gt; through Traefik with admin credentials from a Secret bootstrap creates, community
/// Kubernetes dashboards from grafana.com, node-exporter with the host root mounted (Alpine needs `/` rshared, which
/// the card step sets), and control-plane targets pointed at the control-plane node's address.
/// The release lives in apps: nothing in configs needs its CRDs, and its Prometheus needs the volume from configs.
/// </summary>
public static class MonitoringComponent
{
    public const string Release = "kube-prometheus-stack";
    public const string LocalStorageClass = "local-static";
    public const string VolumeLabel = "picluster.dev/volume";
    public const string PrometheusVolumeName = "prometheus-data";
    public const string DashboardProvider = "community";
    public const int ControllerManagerPort = 10257;
    public const int SchedulerPort = 10259;
    public const int EtcdMetricsPort = 2381;

    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster)
    {
        var monitoring = cluster.Services.Monitoring;
        yield return new ManifestFile($"{RenderedLayout.Configs}/prometheus-volume.yaml", "ClusterServices.Monitoring.PrometheusVolume", [
            new V1StorageClass
            {
                ApiVersion = "storage.k8s.io/v1", Kind = "StorageClass", Metadata = Meta.Of(LocalStorageClass),
                Provisioner = "kubernetes.io/no-provisioner",
                // Bind when the pod is scheduled, so the scheduler honours the volume's node.
                VolumeBindingMode = "WaitForFirstConsumer",
                ReclaimPolicy = "Retain",
            },
            LocalVolume(cluster, monitoring.PrometheusVolume),
        ]);

        yield return new ManifestFile($"{RenderedLayout.Apps}/monitoring/kube-prometheus-stack.yaml", "ClusterServices.Monitoring", [
            // node-exporter needs hostNetwork, hostPID and host mounts.
            Meta.PrivilegedNamespace(monitoring.Namespace),
            HelmSource.Repository(Release, monitoring.Namespace, monitoring.Chart),
            HelmSource.Release(Release, monitoring.Namespace, monitoring.Chart, Values(cluster, monitoring), timeout: "20m0s"),
        ]);
    }

    public static Node ControlPlane(ClusterDefinition cluster) =>
        cluster.Nodes.FirstOrDefault(n => n.Role == NodeRole.ControlPlane)
        ?? throw new InvalidOperationException("No node has the role ControlPlane");

    private static V1PersistentVolume LocalVolume(ClusterDefinition cluster, LocalVolume volume)
    {
        var node = cluster.Nodes.FirstOrDefault(n => n.Name == volume.Node)
            ?? throw new InvalidOperationException($"Services.Monitoring.PrometheusVolume.Node: \"{volume.Node}\" names no node in Nodes");
        return new V1PersistentVolume
        {
            ApiVersion = "v1", Kind = "PersistentVolume",
            Metadata = Meta.Of(PrometheusVolumeName, labels: new Dictionary<string, string> { [VolumeLabel] = PrometheusVolumeName }),
            Spec = new V1PersistentVolumeSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(volume.Capacity) },
                Local = new V1LocalVolumeSource { Path = volume.Path },
                NodeAffinity = new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm
                            {
                                MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [node.Name] }],
                            },
                        ],
                    },
                },
                PersistentVolumeReclaimPolicy = "Retain",
                StorageClassName = LocalStorageClass,
                VolumeMode = "Filesystem",
            },
        };
    }

    public static KubePrometheusStackValues Values(ClusterDefinition cluster, Monitoring monitoring)
    {
        var controlPlane = ControlPlane(cluster).Address;
        var providerPath = $"/var/lib/grafana/dashboards/{DashboardProvider}";
        return new KubePrometheusStackValues(
            Alertmanager: new Toggle(false),
            Grafana: new GrafanaValues(
                Replicas: monitoring.GrafanaReplicas,
                Admin: new GrafanaAdmin(monitoring.GrafanaAdminSecret, UserKey: SecretKeys.AdminUser, PasswordKey: SecretKeys.AdminPassword),
                Ingress: new GrafanaIngress(
                    Enabled: true,
                    IngressClassName: "traefik",
                    Annotations: new Dictionary<string, string> { ["traefik.ingress.kubernetes.io/router.entrypoints"] = TraefikComponent.WebEntryPoint },
                    Hosts: [cluster.Network.HostName(monitoring.GrafanaHost)],
                    Path: "/"),
                Plugins: [.. monitoring.GrafanaPlugins],
                // Dashboards and data sources are provisioned; nothing in Grafana's SQLite needs to survive a restart.
                Persistence: new Toggle(false),
                DefaultDashboardsEnabled: true,
                DashboardProviders: new Dictionary<string, GrafanaProviderFile>
                {
                    ["dashboardproviders.yaml"] = new(1, [new GrafanaProvider(DashboardProvider, 1, "Kubernetes", "file", DisableDeletion: true, Editable: false, new GrafanaProviderOptions(providerPath))]),
                },
                Dashboards: new Dictionary<string, IReadOnlyDictionary<string, GrafanaComDashboard>>
                {
                    [DashboardProvider] = monitoring.Dashboards.ToDictionary(d => d.Name, d => new GrafanaComDashboard(d.GnetId, d.Revision, "Prometheus")),
                },
                Resources: Resources("50m", "128Mi", "256Mi")),
            KubeControllerManager: new ControlPlaneTarget(true, [controlPlane],
                new TargetService(true, ControllerManagerPort, ControllerManagerPort),
                new TargetMonitor(true, Https: true, InsecureSkipVerify: true)),
            KubeScheduler: new ControlPlaneTarget(true, [controlPlane],
                new TargetService(true, SchedulerPort, SchedulerPort),
                new TargetMonitor(true, Https: true, InsecureSkipVerify: true)),
            // kubeadm serves etcd metrics over plain HTTP on 2381 (listen-metrics-urls).
            KubeEtcd: new ControlPlaneTarget(true, [controlPlane],
                new TargetService(true, EtcdMetricsPort, EtcdMetricsPort),
                new TargetMonitor(true, Scheme: "http")),
            Prometheus: new PrometheusValues(new PrometheusSpec(
                Retention: monitoring.Retention,
                RetentionSize: monitoring.RetentionSize,
                ScrapeInterval: "60s",
                ServiceMonitorSelectorNilUsesHelmValues: false,
                PodMonitorSelectorNilUsesHelmValues: false,
                Resources: Resources("200m", "512Mi", "1Gi"),
                StorageSpec: new StorageSpec(new VolumeClaimTemplate(new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = LocalStorageClass,
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [VolumeLabel] = PrometheusVolumeName } },
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(monitoring.PrometheusVolume.Capacity) } },
                })))),
            PrometheusOperator: new ComponentResources(Resources("50m", "64Mi", "192Mi")),
            KubeStateMetrics: new ComponentResources(Resources("20m", "64Mi", "128Mi")),
            NodeExporter: new NodeExporterValues(
                // Needs `/` to be an rshared mount on the node (Alpine's is private until the card step runs mount --make-rshared /).
                new HostRootFsMount(Enabled: true, MountPropagation: "HostToContainer"),
                Resources("20m", "32Mi", "64Mi")));
    }

    private static ResourceValues Resources(string cpu, string memory, string memoryLimit) =>
        new(new Dictionary<string, string> { ["cpu"] = cpu, ["memory"] = memory }, new Dictionary<string, string> { ["memory"] = memoryLimit });
}

// Chart values: only the keys PiCluster sets, named as in kube-prometheus-stack's values.yaml (and its subcharts').
public sealed record KubePrometheusStackValues(
    Toggle Alertmanager,
    GrafanaValues Grafana,
    ControlPlaneTarget KubeControllerManager,
    ControlPlaneTarget KubeScheduler,
    ControlPlaneTarget KubeEtcd,
    PrometheusValues Prometheus,
    ComponentResources PrometheusOperator,
    [property: JsonPropertyName("kube-state-metrics")] ComponentResources KubeStateMetrics,
    [property: JsonPropertyName("prometheus-node-exporter")] NodeExporterValues NodeExporter);

public sealed record Toggle(bool Enabled);

public sealed record ResourceValues(IReadOnlyDictionary<string, string> Requests, IReadOnlyDictionary<string, string> Limits);

public sealed record ComponentResources(ResourceValues Resources);

public sealed record GrafanaValues(
    int Replicas,
    GrafanaAdmin Admin,
    GrafanaIngress Ingress,
    IReadOnlyList<string> Plugins,
    Toggle Persistence,
    bool DefaultDashboardsEnabled,
    IReadOnlyDictionary<string, GrafanaProviderFile> DashboardProviders,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, GrafanaComDashboard>> Dashboards,
    ResourceValues Resources);

public sealed record GrafanaAdmin(string ExistingSecret, string UserKey, string PasswordKey);

public sealed record GrafanaIngress(bool Enabled, string IngressClassName, IReadOnlyDictionary<string, string> Annotations, IReadOnlyList<string> Hosts, string Path);

public sealed record GrafanaProviderFile(int ApiVersion, IReadOnlyList<GrafanaProvider> Providers);

public sealed record GrafanaProvider(string Name, int OrgId, string Folder, string Type, bool DisableDeletion, bool Editable, GrafanaProviderOptions Options);

public sealed record GrafanaProviderOptions(string Path);

/// <summary>Downloaded by the chart's init step from grafana.com; the data source name replaces the dashboard's placeholder.</summary>
public sealed record GrafanaComDashboard(int GnetId, int Revision, string Datasource);

public sealed record ControlPlaneTarget(bool Enabled, IReadOnlyList<string> Endpoints, TargetService Service, TargetMonitor ServiceMonitor);

public sealed record TargetService(bool Enabled, int Port, int TargetPort);

public sealed record TargetMonitor(bool Enabled, bool? Https = null, bool? InsecureSkipVerify = null, string? Scheme = null);

public sealed record PrometheusValues(PrometheusSpec PrometheusSpec);

public sealed record PrometheusSpec(
    string Retention,
    string RetentionSize,
    string ScrapeInterval,
    bool ServiceMonitorSelectorNilUsesHelmValues,
    bool PodMonitorSelectorNilUsesHelmValues,
    ResourceValues Resources,
    StorageSpec StorageSpec);

public sealed record StorageSpec(VolumeClaimTemplate VolumeClaimTemplate);

public sealed record VolumeClaimTemplate(V1PersistentVolumeClaimSpec Spec);

public sealed record NodeExporterValues(HostRootFsMount HostRootFsMount, ResourceValues Resources);

public sealed record HostRootFsMount(bool Enabled, string MountPropagation);
