using System.Text.Json.Serialization;
using k8s.Models;
using PiCluster.Cluster.Dashboards;
using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// kube-prometheus-stack sized for Pis: Prometheus on a static local volume (never NFS: its TSDB does not support it),
/// Grafana at grafana.&lt;domain&gt; through Traefik with admin credentials from a Secret bootstrap creates, the chart's
/// bundled dashboards plus the model's dashboard files as sidecar ConfigMaps (Grafana starts offline: nothing is fetched
/// from grafana.com), node-exporter with the host root mounted (Alpine needs `/` rshared, which the card step sets),
/// control-plane targets pointed at the control-plane node's address, and the cluster's own alert rules
/// (additionalPrometheusRulesMap, so they are applied by the release that brings the PrometheusRule CRD).
/// The release lives in apps: nothing in configs needs its CRDs, and its Prometheus needs the volume from configs.
/// </summary>
public static class MonitoringComponent
{
    public const string Release = "kube-prometheus-stack";
    public const string LocalStorageClass = "local-static";
    public const string VolumeLabel = "picluster.dev/volume";
    public const string PrometheusVolumeName = "prometheus-data";
    public const string DashboardLabel = "grafana_dashboard";
    public const string DashboardLabelValue = "1";
    public const int ControllerManagerPort = 10257;
    public const int SchedulerPort = 10259;
    public const int EtcdMetricsPort = 2381;

    /// <summary>The chart's Alertmanager Service port (kube-prometheus-stack values.yaml alertmanager.service.port).</summary>
    public const int AlertmanagerPort = 9093;

    /// <summary>Where the prometheus-operator mounts each of alertmanagerSpec.secrets (pkg/alertmanager/statefulset.go secretsDir).</summary>
    public const string AlertmanagerSecretsDir = "/etc/alertmanager/secrets";

    /// <summary>Alertmanager's receiver that drops what reaches it (a receiver with no *_configs).</summary>
    public const string NullReceiver = "null";

    public const string HeartbeatReceiver = "heartbeat";

    /// <summary>
    /// The chart's Alertmanager Service: "&lt;fullname&gt;-alertmanager", fullname being the release name when it contains the
    /// chart name (prometheus-community/helm-charts charts/kube-prometheus-stack/templates/alertmanager/service.yaml, _helpers.tpl).
    /// </summary>
    public static string AlertmanagerService => $"{Release}-alertmanager";

    /// <summary>Alertmanager's alert API inside the cluster, where Flux's notification-controller posts its events.</summary>
    public static string AlertmanagerAlertsUrl(Monitoring monitoring) =>
        $"http://{AlertmanagerService}.{monitoring.Namespace}.svc.cluster.local:{AlertmanagerPort}/api/v2/alerts/";

    /// <summary>A file Alertmanager reads a Secret's key from.</summary>
    public static string SecretFile(string secret, string key) => $"{AlertmanagerSecretsDir}/{secret}/{key}";

    public static IEnumerable<ManifestFile> Build(Monitoring monitoring, RenderContext context)
    {
        yield return new ManifestFile($"{RenderedLayout.Configs}/prometheus-volume.yaml", "ClusterServices.Monitoring.PrometheusVolume", [
            new V1StorageClass
            {
                ApiVersion = ApiOf<V1StorageClass>.Version, Kind = ApiOf<V1StorageClass>.Kind, Metadata = Meta.Of(LocalStorageClass),
                Provisioner = "kubernetes.io/no-provisioner",
                // Bind when the pod is scheduled, so the scheduler honours the volume's node.
                VolumeBindingMode = "WaitForFirstConsumer",
                ReclaimPolicy = "Retain",
            },
            LocalVolume(context, monitoring.PrometheusVolume),
        ]);

        yield return new ManifestFile($"{RenderedLayout.Apps}/monitoring/kube-prometheus-stack.yaml", "ClusterServices.Monitoring", [
            // node-exporter needs hostNetwork, hostPID and host mounts.
            // Holds Prometheus' claim on the local volume: Flux never deletes it, even if the model renames it.
            FluxSync.NeverPruned(Meta.PrivilegedNamespace(monitoring.Namespace)),
            HelmSource.Repository(Release, monitoring.Namespace, monitoring.Chart),
            HelmSource.Release(Release, monitoring.Namespace, monitoring.Chart, Values(context, monitoring), timeout: TimeSpan.FromMinutes(20),
                // prometheus-operator's admission webhook annotates every PrometheusRule after Helm applied it; without
                // this, drift detection "corrects" it on every reconcile.
                driftIgnore: [new DriftIgnoreRule(["/metadata/annotations/prometheus-operator-validated"], new DriftIgnoreTarget("monitoring.coreos.com", "PrometheusRule"))]),
            .. DashboardConfigMaps(monitoring),
        ]);
    }

    private static IEnumerable<V1ConfigMap> DashboardConfigMaps(Monitoring monitoring)
    {
        var maps = monitoring.Dashboards.Select(d => (d.Name, Map: DashboardConfigMap(monitoring, d))).ToList();
        GrafanaDashboardFile.CheckUniqueUids(maps.Select(m => (m.Name, m.Map.Data.Values.Single())));
        return maps.Select(m => m.Map);
    }

    /// <summary>A dashboard file as a ConfigMap the Grafana sidecar loads (label grafana_dashboard=1, same namespace).</summary>
    public static V1ConfigMap DashboardConfigMap(Monitoring monitoring, GrafanaDashboard dashboard) => new()
    {
        ApiVersion = ApiOf<V1ConfigMap>.Version, Kind = ApiOf<V1ConfigMap>.Kind,
        Metadata = Meta.Of($"dashboard-{dashboard.Name}", monitoring.Namespace,
            labels: new Dictionary<string, string> { [DashboardLabel] = DashboardLabelValue },
            annotations: new Dictionary<string, string> { ["picluster.dev/source"] = $"cluster/Dashboards/{dashboard.Name}.json: {dashboard.Source}" }),
        Data = new Dictionary<string, string> { [$"{dashboard.Name}.json"] = GrafanaDashboardFile.Check(dashboard.Name, ClusterDashboards.Read(dashboard.Name)) },
    };

    private static V1PersistentVolume LocalVolume(RenderContext context, LocalVolume volume)
    {
        var node = context.Nodes.FirstOrDefault(n => n.Name == volume.Node)
            ?? throw new ClusterInputException($"Services.Monitoring.PrometheusVolume.Node: \"{volume.Node}\" names no node in Nodes");
        return FluxSync.NeverPruned(new V1PersistentVolume
        {
            ApiVersion = ApiOf<V1PersistentVolume>.Version, Kind = ApiOf<V1PersistentVolume>.Kind,
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
        });
    }

    public static KubePrometheusStackValues Values(RenderContext context, Monitoring monitoring)
    {
        var controlPlane = context.ControlPlane.Address;
        return new KubePrometheusStackValues(
            Alertmanager: Alertmanager(monitoring),
            Grafana: new GrafanaValues(
                Replicas: monitoring.GrafanaReplicas,
                Admin: new GrafanaAdmin(monitoring.GrafanaAdminSecret, UserKey: SecretKeys.AdminUser, PasswordKey: SecretKeys.AdminPassword),
                Ingress: new GrafanaIngress(
                    Enabled: true,
                    IngressClassName: "traefik",
                    Annotations: TraefikComponent.SecureIngressAnnotations(),
                    Hosts: [context.Network.HostName(monitoring.GrafanaHost)],
                    Path: "/"),
                Plugins: [.. monitoring.GrafanaPlugins],
                // Dashboards and data sources are provisioned; nothing in Grafana's SQLite needs to survive a restart.
                Persistence: new Toggle(false),
                // The chart's Kubernetes/node dashboards ship inside the chart as ConfigMaps: no download.
                DefaultDashboardsEnabled: true,
                Sidecar: new GrafanaSidecar(new GrafanaDashboardSidecar(Enabled: true, DashboardLabel, DashboardLabelValue)),
                Resources: Resources("50m", "128Mi", "256Mi"),
                // Grafana 12+ installs a list of plugins from grafana.com in the background at every start, and checks for
                // updates; a home cluster starts offline (grafana/grafana pkg/setting/setting_plugins.go; conf/defaults.ini
                // [analytics]). The model's own plugins need the preinstaller, so it stays on when GrafanaPlugins lists any.
                Ini: new GrafanaIni(
                    new GrafanaPluginsIni(PreinstallDisabled: monitoring.GrafanaPlugins.Count == 0),
                    new GrafanaAnalyticsIni(ReportingEnabled: false, CheckForUpdates: false, CheckForPluginUpdates: false))),
            KubeControllerManager: new ControlPlaneTarget(true, [controlPlane],
                new TargetService(true, ControllerManagerPort, ControllerManagerPort),
                new TargetMonitor(true, Https: true, InsecureSkipVerify: true)),
            KubeScheduler: new ControlPlaneTarget(true, [controlPlane],
                new TargetService(true, SchedulerPort, SchedulerPort),
                new TargetMonitor(true, Https: true, InsecureSkipVerify: true)),
            // etcd serves plain-HTTP metrics on 2381 at loopback and the control plane's address (bootstrap's kubeadm
            // listen-metrics-urls, bootstrap/Kubeadm/KubeadmConfigBuilder.cs): Prometheus scrapes the address.
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
            AdditionalPrometheusRulesMap: new Dictionary<string, PrometheusRuleSet> { [EtcdBackupComponent.Name] = EtcdBackupComponent.AlertRules(context.EtcdBackup) },
            KubeStateMetrics: new ComponentResources(Resources("20m", "64Mi", "128Mi")),
            NodeExporter: new NodeExporterValues(
                // Needs `/` to be an rshared mount on the node (Alpine's is private until the card step runs mount --make-rshared /).
                new HostRootFsMount(Enabled: true, MountPropagation: "HostToContainer"),
                Resources("20m", "32Mi", "64Mi")));
    }

    /// <summary>
    /// A Pi-sized Alertmanager (one replica, emptyDir: silences are lost on restart) routing every alert to the model's
    /// receiver, the chart's always-firing Watchdog to the heartbeat URL when the model names one (else dropped), and
    /// InfoInhibitor nowhere. Secret values are files from alertmanagerSpec.secrets, never in the values. Helm merges maps
    /// over the chart's config (global, inhibit_rules and templates stay the chart's), lists replace.
    /// </summary>
    public static AlertmanagerValues Alertmanager(Monitoring monitoring)
    {
        var receiver = monitoring.AlertReceiver;
        var credential = SecretFile(monitoring.AlertReceiverSecret, SecretKeys.ReceiverCredential);
        var receivers = new List<AlertmanagerReceiver> { new(NullReceiver), Receiver(receiver, credential) };
        if (monitoring.HeartbeatSecret is { } heartbeat)
            receivers.Add(new AlertmanagerReceiver(HeartbeatReceiver, WebhookConfigs: [new AmWebhookConfig(SecretFile(heartbeat, SecretKeys.Url), SendResolved: false)]));
        return new AlertmanagerValues(
            Enabled: true,
            Config: new AlertmanagerConfig(
                new AlertmanagerRoute(
                    Receiver: receiver.Name,
                    GroupBy: ["namespace", "alertname"],
                    GroupWait: "30s",
                    GroupInterval: "5m",
                    RepeatInterval: "12h",
                    Routes:
                    [
                        // The chart's Watchdog always fires: a dead-man's switch when something outside listens for it.
                        new AlertmanagerRoute(
                            Receiver: monitoring.HeartbeatSecret is null ? NullReceiver : HeartbeatReceiver,
                            Matchers: ["alertname = \"Watchdog\""],
                            GroupWait: "0s",
                            GroupInterval: "1m",
                            RepeatInterval: monitoring.HeartbeatInterval),
                        // Only there to inhibit info alerts (the chart's inhibit_rules); never worth a message.
                        new AlertmanagerRoute(Receiver: NullReceiver, Matchers: ["alertname = \"InfoInhibitor\""]),
                    ]),
                receivers),
            AlertmanagerSpec: new AlertmanagerSpecValues(
                Secrets: [monitoring.AlertReceiverSecret, .. monitoring.HeartbeatSecret is { } h ? new[] { h } : []],
                Resources: Resources("10m", "32Mi", "64Mi")));
    }

    /// <summary>The model's receiver as Alertmanager configuration, reading its credential from <paramref name="credentialFile"/>.</summary>
    public static AlertmanagerReceiver Receiver(AlertReceiver receiver, string credentialFile) => receiver switch
    {
        WebhookReceiver => new(receiver.Name, WebhookConfigs: [new AmWebhookConfig(credentialFile, SendResolved: true)]),
        // ntfy renders Alertmanager's JSON with these Go templates (X-Template), not the raw body.
        NtfyReceiver => new(receiver.Name, WebhookConfigs:
        [
            new AmWebhookConfig(credentialFile, SendResolved: true, new AmHttpConfig(new Dictionary<string, AmHeader>
            {
                ["X-Template"] = new(["yes"]),
                ["X-Title"] = new(["[{{.status}}] {{.commonLabels.alertname}}"]),
                ["X-Message"] = new(["{{range .alerts}}{{if .annotations.summary}}{{.annotations.summary}}{{else}}{{.annotations.message}}{{end}} ({{.labels.namespace}}){{\"\\n\"}}{{end}}"]),
                ["X-Tags"] = new(["rotating_light"]),
            })),
        ]),
        TelegramReceiver telegram => new(receiver.Name, TelegramConfigs: [new AmTelegramConfig(credentialFile, telegram.ChatId, SendResolved: true)]),
        EmailReceiver email => new(receiver.Name, EmailConfigs: [new AmEmailConfig(email.To, email.From, email.Smarthost, email.Username, credentialFile, SendResolved: true)]),
        _ => throw new InvalidOperationException($"Services.Monitoring.AlertReceiver: {receiver.GetType().Name} has no Alertmanager configuration"),
    };

    private static ResourceValues Resources(string cpu, string memory, string memoryLimit) =>
        new(new Dictionary<string, string> { ["cpu"] = cpu, ["memory"] = memory }, new Dictionary<string, string> { ["memory"] = memoryLimit });
}

// Chart values: only the keys PiCluster sets, named as in kube-prometheus-stack's values.yaml (and its subcharts').
public sealed record KubePrometheusStackValues(
    AlertmanagerValues Alertmanager,
    GrafanaValues Grafana,
    ControlPlaneTarget KubeControllerManager,
    ControlPlaneTarget KubeScheduler,
    ControlPlaneTarget KubeEtcd,
    PrometheusValues Prometheus,
    ComponentResources PrometheusOperator,
    IReadOnlyDictionary<string, PrometheusRuleSet> AdditionalPrometheusRulesMap,
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
    GrafanaSidecar Sidecar,
    ResourceValues Resources,
    [property: JsonPropertyName("grafana.ini")] GrafanaIni Ini);

/// <summary>Sections of grafana.ini the grafana chart renders from its "grafana.ini" value.</summary>
public sealed record GrafanaIni(GrafanaPluginsIni Plugins, GrafanaAnalyticsIni Analytics);

public sealed record GrafanaPluginsIni([property: JsonPropertyName("preinstall_disabled")] bool PreinstallDisabled);

public sealed record GrafanaAnalyticsIni(
    [property: JsonPropertyName("reporting_enabled")] bool ReportingEnabled,
    [property: JsonPropertyName("check_for_updates")] bool CheckForUpdates,
    [property: JsonPropertyName("check_for_plugin_updates")] bool CheckForPluginUpdates);

/// <summary>kube-prometheus-stack's alertmanager values: only the keys PiCluster sets.</summary>
public sealed record AlertmanagerValues(bool Enabled, AlertmanagerConfig Config, AlertmanagerSpecValues AlertmanagerSpec);

/// <summary>Secrets the operator mounts at /etc/alertmanager/secrets/&lt;name&gt;/ (the receiver's credential files).</summary>
public sealed record AlertmanagerSpecValues(IReadOnlyList<string> Secrets, ResourceValues Resources);

// Alertmanager's own configuration (prometheus/alertmanager v0.34.0 config/config.go, notify/*/config.go): snake_case keys.
public sealed record AlertmanagerConfig(AlertmanagerRoute Route, IReadOnlyList<AlertmanagerReceiver> Receivers);

public sealed record AlertmanagerRoute(
    string Receiver,
    [property: JsonPropertyName("group_by")] IReadOnlyList<string>? GroupBy = null,
    [property: JsonPropertyName("group_wait")] string? GroupWait = null,
    [property: JsonPropertyName("group_interval")] string? GroupInterval = null,
    [property: JsonPropertyName("repeat_interval")] string? RepeatInterval = null,
    IReadOnlyList<string>? Matchers = null,
    IReadOnlyList<AlertmanagerRoute>? Routes = null);

public sealed record AlertmanagerReceiver(
    string Name,
    [property: JsonPropertyName("webhook_configs")] IReadOnlyList<AmWebhookConfig>? WebhookConfigs = null,
    [property: JsonPropertyName("telegram_configs")] IReadOnlyList<AmTelegramConfig>? TelegramConfigs = null,
    [property: JsonPropertyName("email_configs")] IReadOnlyList<AmEmailConfig>? EmailConfigs = null);

public sealed record AmWebhookConfig(
    [property: JsonPropertyName("url_file")] string UrlFile,
    [property: JsonPropertyName("send_resolved")] bool SendResolved,
    [property: JsonPropertyName("http_config")] AmHttpConfig? HttpConfig = null);

/// <summary>prometheus/common config HTTPClientConfig: only http_headers (each header a list of values).</summary>
public sealed record AmHttpConfig([property: JsonPropertyName("http_headers")] IReadOnlyDictionary<string, AmHeader> HttpHeaders);

public sealed record AmHeader(IReadOnlyList<string> Values);

public sealed record AmTelegramConfig(
    [property: JsonPropertyName("bot_token_file")] string BotTokenFile,
    [property: JsonPropertyName("chat_id")] long ChatId,
    [property: JsonPropertyName("send_resolved")] bool SendResolved);

public sealed record AmEmailConfig(
    string To,
    string From,
    string Smarthost,
    [property: JsonPropertyName("auth_username")] string AuthUsername,
    [property: JsonPropertyName("auth_password_file")] string AuthPasswordFile,
    [property: JsonPropertyName("send_resolved")] bool SendResolved);

public sealed record GrafanaSidecar(GrafanaDashboardSidecar Dashboards);

/// <summary>The grafana chart's dashboard sidecar: loads ConfigMaps carrying Label=LabelValue from the release namespace.</summary>
public sealed record GrafanaDashboardSidecar(bool Enabled, string Label, string LabelValue);

/// <summary>One PrometheusRule's spec, as additionalPrometheusRulesMap takes it.</summary>
public sealed record PrometheusRuleSet(IReadOnlyList<PrometheusRuleGroup> Groups);

public sealed record PrometheusRuleGroup(string Name, IReadOnlyList<PrometheusAlertRule> Rules);

public sealed record PrometheusAlertRule(string Alert, string Expr, string For, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

public sealed record GrafanaAdmin(string ExistingSecret, string UserKey, string PasswordKey);

public sealed record GrafanaIngress(bool Enabled, string IngressClassName, IReadOnlyDictionary<string, string> Annotations, IReadOnlyList<string> Hosts, string Path);


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
