using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// Traefik: the chart with one LoadBalancer Service at the model's address (controllers), and its dashboard on the
/// model's host name behind a basic-auth Middleware (configs). Every UI is served on websecure with the cluster's
/// wildcard certificate (default TLSStore; Secret made by bootstrap from the cluster CA) and web redirects there, so
/// logins never cross the LAN in clear. Secrets are referenced by name only; bootstrap creates them.
/// </summary>
public static class TraefikComponent
{
    public const string Release = "traefik";
    public const string WebEntryPoint = "web";
    public const string SecureEntryPoint = "websecure";

    /// <summary>Annotations that put a chart's plain Ingress on websecure with TLS (the default certificate).</summary>
    public static Dictionary<string, string> SecureIngressAnnotations() => new()
    {
        ["traefik.ingress.kubernetes.io/router.entrypoints"] = SecureEntryPoint,
        ["traefik.ingress.kubernetes.io/router.tls"] = "true",
    };
    public const string DashboardAuthMiddleware = "dashboard-auth";

    public static IEnumerable<ManifestFile> Build(Traefik traefik, RenderContext context)
    {
        yield return new ManifestFile($"{RenderedLayout.Controllers}/traefik.yaml", "ClusterServices.Traefik", [
            Meta.Namespace(traefik.Namespace),
            HelmSource.Repository(Release, traefik.Namespace, traefik.Chart),
            HelmSource.Release(Release, traefik.Namespace, traefik.Chart, Values(context, traefik)),
        ]);

        yield return new ManifestFile($"{RenderedLayout.Configs}/traefik-dashboard.yaml", "ClusterServices.Traefik", [
            new Middleware(
                Meta.Of(DashboardAuthMiddleware, traefik.Namespace),
                new MiddlewareSpec(new BasicAuth(traefik.DashboardAuthSecret, Realm: "traefik", RemoveHeader: true))),
            new IngressRoute(
                Meta.Of("dashboard", traefik.Namespace),
                new IngressRouteSpec([SecureEntryPoint], [
                    new IngressRouteRule(
                        HostRule(context.Network.HostName(traefik.DashboardHost)),
                        [new IngressRouteService("api@internal", Kind: "TraefikService")],
                        [new MiddlewareReference(DashboardAuthMiddleware)]),
                ], new IngressRouteTls())),
        ]);
    }

    /// <summary>Traefik v3 rule matching one host name.</summary>
    public static string HostRule(string host) => $"Host(`{host}`)";

    /// <summary>An app's web UI on its host name: an IngressRoute on websecure (default certificate) to a Service in the app's namespace.</summary>
    public static IngressRoute Route(RenderContext context, string name, string ns, string hostLabel, string service, int port, IReadOnlyList<MiddlewareReference>? middlewares = null) =>
        new(Meta.Of(name, ns), new IngressRouteSpec([SecureEntryPoint], [
            new IngressRouteRule(HostRule(context.Network.HostName(hostLabel)), [new IngressRouteService(service, port)], middlewares),
        ], new IngressRouteTls()));

    private static TraefikValues Values(RenderContext context, Traefik traefik) => new(
        Deployment: new TraefikDeployment(Replicas: 1),
        IngressClass: new TraefikIngressClass(Enabled: true, IsDefaultClass: true),
        IngressRoute: new TraefikIngressRoutes(new TraefikChartRoute(Enabled: false)),
        // Plain http only answers with a permanent redirect to https (traefik chart values.yaml ports.web.http.redirections).
        Ports: new TraefikPorts(new TraefikWebPort(new TraefikPortHttp(new TraefikRedirections(new TraefikEntryPointRedirect(SecureEntryPoint, "https", Permanent: true))))),
        // The chart renders this as the TLSStore "default": every websecure router without its own secret uses it.
        TlsStore: new Dictionary<string, TraefikTlsStore> { ["default"] = new(new TraefikDefaultCertificate(traefik.TlsSecret)) },
        Providers: new TraefikProviders(
            new TraefikCrdProvider(Enabled: true, AllowCrossNamespace: false),
            new TraefikIngressProvider(Enabled: true)),
        Service: new TraefikService(
            Annotations: LoadBalancerService.Annotations(context, traefik.Address),
            Spec: new TraefikServiceSpec(ExternalTrafficPolicy: LoadBalancerService.TrafficPolicy(context, traefik.Address))),
        Resources: new TraefikResources(
            Requests: new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "64Mi" },
            Limits: new Dictionary<string, string> { ["memory"] = "256Mi" }),
        Affinity: LoadBalancerService.Placement(context, traefik.Address),
        // Every UI goes through this one pod: leave a dead node after 30 s, not the admission default of 300 s.
        Tolerations: LoadBalancerService.NodeLossTolerations());
}

// Chart values: only the keys PiCluster sets, named as in the traefik chart's values.yaml (validated by its schema).
public sealed record TraefikValues(
    TraefikDeployment Deployment,
    TraefikIngressClass IngressClass,
    TraefikIngressRoutes IngressRoute,
    TraefikPorts Ports,
    IReadOnlyDictionary<string, TraefikTlsStore> TlsStore,
    TraefikProviders Providers,
    TraefikService Service,
    TraefikResources Resources,
    V1Affinity? Affinity = null,
    IReadOnlyList<V1Toleration>? Tolerations = null);

public sealed record TraefikDeployment(int Replicas);

public sealed record TraefikPorts(TraefikWebPort Web);

public sealed record TraefikWebPort(TraefikPortHttp Http);

public sealed record TraefikPortHttp(TraefikRedirections Redirections);

public sealed record TraefikRedirections(TraefikEntryPointRedirect EntryPoint);

public sealed record TraefikEntryPointRedirect(string To, string Scheme, bool Permanent);

public sealed record TraefikTlsStore(TraefikDefaultCertificate DefaultCertificate);

public sealed record TraefikDefaultCertificate(string SecretName);

public sealed record TraefikIngressClass(bool Enabled, bool IsDefaultClass);

/// <summary>The chart's own dashboard route is off: PiCluster renders one with host and auth from the model.</summary>
public sealed record TraefikIngressRoutes(TraefikChartRoute Dashboard);

public sealed record TraefikChartRoute(bool Enabled);

public sealed record TraefikProviders(TraefikCrdProvider KubernetesCRD, TraefikIngressProvider KubernetesIngress);

public sealed record TraefikCrdProvider(bool Enabled, bool AllowCrossNamespace);

public sealed record TraefikIngressProvider(bool Enabled);

public sealed record TraefikService(IReadOnlyDictionary<string, string> Annotations, TraefikServiceSpec Spec);

public sealed record TraefikServiceSpec(string ExternalTrafficPolicy);

public sealed record TraefikResources(IReadOnlyDictionary<string, string> Requests, IReadOnlyDictionary<string, string> Limits);
