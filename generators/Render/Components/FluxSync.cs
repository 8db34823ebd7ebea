using k8s;
using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// flux-system: the GitRepository + root Kustomization that `flux bootstrap` writes as gotk-sync.yaml, and the
/// Flux Kustomizations that apply rendered/ in order: infrastructure-controllers → infrastructure-configs → apps.
/// How long a layer may take and what it waits for are derived from the objects in it.
/// </summary>
public static class FluxSync
{
    public const string Namespace = "flux-system";
    public const string SourceName = "flux-system";

    /// <summary>Flux's annotation that keeps an object when it leaves Git or its Kustomization is deleted.</summary>
    public const string PruneAnnotation = "kustomize.toolkit.fluxcd.io/prune";

    /// <summary>Pis pull images slowly; a chart with CRDs can take minutes on first install.</summary>
    public static readonly TimeSpan LayerTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How often Flux fetches the Git repository.</summary>
    public static readonly TimeSpan SourceInterval = TimeSpan.FromMinutes(1);

    /// <summary>How often the root Kustomization is applied.</summary>
    public static readonly TimeSpan RootInterval = TimeSpan.FromMinutes(10);

    /// <summary>How often each layer is reconciled, and how soon a failed one is retried.</summary>
    public static readonly TimeSpan LayerInterval = TimeSpan.FromHours(1);

    public static readonly TimeSpan LayerRetryInterval = TimeSpan.FromMinutes(2);

    /// <summary>helm-controller's timeout for a HelmRelease that sets none (Helm's own 5m default).</summary>
    public static readonly TimeSpan DefaultReleaseTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The sync file and the layers, for the components the cluster renders.</summary>
    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster) =>
        Build(cluster, cluster.Services.Accept(new ComponentBuilders(new RenderContext(cluster))).SelectMany(files => files).ToList());

    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster, IReadOnlyList<ManifestFile> components)
    {
        var git = cluster.Git;
        var source = new FluxSourceReference(GitRepository.KindName, SourceName);
        yield return new ManifestFile(RenderedLayout.FluxSync, "ClusterDefinition.Git", [
            new GitRepository(
                Meta.Of(SourceName, Namespace),
                new GitRepositorySpec(git.Url, GoDuration.Format(SourceInterval), new GitRepositoryRef(git.Branch), new SecretReference(SourceName))),
            new FluxKustomization(
                Meta.Of(SourceName, Namespace),
                new FluxKustomizationSpec(GoDuration.Format(RootInterval), PathIn(git, RenderedLayout.FluxSystem), Prune: true, source)),
        ]);

        yield return new ManifestFile($"{RenderedLayout.FluxSystem}/infrastructure.yaml", "ClusterDefinition.Git", [
            Layer(git, source, "infrastructure-controllers", RenderedLayout.Controllers, dependsOn: null, components),
            Layer(git, source, "infrastructure-configs", RenderedLayout.Configs, dependsOn: "infrastructure-controllers", components),
        ]);
        yield return new ManifestFile($"{RenderedLayout.FluxSystem}/apps.yaml", "ClusterDefinition.Git", [
            Layer(git, source, "apps", RenderedLayout.Apps, dependsOn: "infrastructure-configs", components),
        ]);
        yield return new ManifestFile(NotificationsFile, "ClusterServices.Monitoring.AlertReceiver", Notifications(cluster, components));
    }

    public const string NotificationsFile = RenderedLayout.FluxSystem + "/notifications.yaml";
    public const string AlertProvider = "alertmanager";
    public const string ErrorAlert = "errors";

    /// <summary>
    /// Flux's failures reach a person: notification-controller posts every error event of the Kustomizations, HelmReleases
    /// and their sources to the cluster's Alertmanager (Provider type "alertmanager": fluxcd/notification-controller
    /// internal/notifier/alertmanager.go, labels alertname Flux&lt;Kind&gt;&lt;Reason&gt; and severity), which routes it to the model's
    /// receiver like any alert. One receiver to configure, one Secret; a failed first install of kube-prometheus-stack
    /// itself is the one error that finds no Alertmanager yet (its heartbeat, when set, then stays silent).
    /// </summary>
    public static IReadOnlyList<object> Notifications(ClusterDefinition cluster, IReadOnlyList<ManifestFile> components)
    {
        var releaseNamespaces = components.SelectMany(f => f.Documents).OfType<HelmRelease>()
            .Select(r => r.Metadata.NamespaceProperty).Distinct().Order(StringComparer.Ordinal).ToList();
        var sources = new List<FluxEventSource>
        {
            new(FluxKustomization.KindName, "*", Namespace),
            new(GitRepository.KindName, "*", Namespace),
        };
        foreach (var ns in releaseNamespaces)
        {
            sources.Add(new(HelmRelease.KindName, "*", ns));
            sources.Add(new(HelmRepository.KindName, "*", ns));
        }
        return
        [
            new NotificationProvider(Meta.Of(AlertProvider, Namespace),
                new NotificationProviderSpec("alertmanager", Address: MonitoringComponent.AlertmanagerAlertsUrl(cluster.Services.Monitoring))),
            new NotificationAlert(Meta.Of(ErrorAlert, Namespace),
                new NotificationAlertSpec(new LocalObjectReference(AlertProvider), "error", sources,
                    EventMetadata: new Dictionary<string, string> { ["cluster"] = cluster.Name })),
        ];
    }

    /// <summary>
    /// A layer's timeout covers its slowest HelmRelease. A layer holding a DaemonSet does not wait for everything: a
    /// DaemonSet with one Pi down is never Ready, and through dependsOn that would stop every later layer. It health-checks
    /// what the next layer needs instead: each HelmRelease, except that a release whose chart ships a DaemonSet (MetalLB's
    /// speaker) is replaced by the object the next layer needs from it (<see cref="ChartDaemonSets.GateOf"/>: MetalLB's
    /// controller Deployment), since helm-controller's poller keeps such a release not Ready while a Pi is down.
    /// </summary>
    private static FluxKustomization Layer(GitSource git, FluxSourceReference source, string name, string folder, string? dependsOn, IReadOnlyList<ManifestFile> components)
    {
        var documents = components.Where(f => f.Path.StartsWith(folder + "/", StringComparison.Ordinal)).SelectMany(f => f.Documents).ToList();
        var releases = documents.OfType<HelmRelease>().ToList();
        var timeout = releases.Select(r => GoDuration.TryParse(r.Spec.Timeout) ?? DefaultReleaseTimeout).Append(LayerTimeout).Max();
        var holdsDaemonSet = documents.OfType<V1DaemonSet>().Any();
        return new(Meta.Of(name, Namespace), new FluxKustomizationSpec(
            Interval: GoDuration.Format(LayerInterval),
            Path: PathIn(git, folder),
            Prune: true,
            SourceRef: source,
            Wait: !holdsDaemonSet,
            Timeout: GoDuration.Format(timeout),
            RetryInterval: GoDuration.Format(LayerRetryInterval),
            DependsOn: dependsOn is null ? null : [new FluxDependency(dependsOn)],
            HealthChecks: holdsDaemonSet ? releases.Select(Gate).ToList() : null));
    }

    /// <summary>What a later layer waits for from a release: the release itself, or what it needs from a chart that ships a DaemonSet.</summary>
    private static FluxHealthCheck Gate(HelmRelease release) =>
        ChartDaemonSets.GateOf(release) ?? new FluxHealthCheck(release.ApiVersion, release.Kind, release.Metadata.Name, release.Metadata.NamespaceProperty);

    /// <summary>
    /// Marks one object Flux must never delete, even when it leaves Git or its Kustomization goes: data-bearing Namespaces,
    /// PersistentVolumes and claims (renaming a namespace in the model must not delete the one holding AdGuard's claim).
    /// </summary>
    public static T NeverPruned<T>(T document) where T : IMetadata<V1ObjectMeta>
    {
        document.Metadata.Annotations ??= new Dictionary<string, string>();
        document.Metadata.Annotations[PruneAnnotation] = "disabled";
        return document;
    }

    /// <summary>Marks objects Flux must never delete (the pod network: without it no pod, Flux included, gets an address).</summary>
    public static IReadOnlyList<object> NeverPruned(IReadOnlyList<object> documents)
    {
        foreach (var metadata in documents.OfType<IMetadata<V1ObjectMeta>>().Select(d => d.Metadata))
        {
            metadata.Annotations ??= new Dictionary<string, string>();
            metadata.Annotations[PruneAnnotation] = "disabled";
        }
        return documents;
    }

    private static string PathIn(GitSource git, string folder) => $"./{git.Path.Trim('/')}/{folder}";
}
