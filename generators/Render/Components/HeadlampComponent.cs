using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// Headlamp, the maintained successor of the archived Kubernetes Dashboard, at k8s.&lt;domain&gt; behind Traefik.
/// Nobody is logged in by the pod's own account: its cluster-admin binding is off and the UI asks for a token. The
/// login ServiceAccount rendered here gets the model's ClusterRole; `kubectl create token` mints short-lived tokens.
/// </summary>
public static class HeadlampComponent
{
    public const string Release = "headlamp";

    public static IEnumerable<ManifestFile> Build(ClusterDashboard dashboard, RenderContext context)
    {
        var ns = dashboard.Namespace;
        yield return new ManifestFile($"{RenderedLayout.Apps}/headlamp/headlamp.yaml", "ClusterServices.Dashboard", [
            Meta.Namespace(ns),
            HelmSource.Repository(Release, ns, dashboard.Chart),
            HelmSource.Release(Release, ns, dashboard.Chart, Values(context, dashboard)),
            new V1ServiceAccount { ApiVersion = ApiOf<V1ServiceAccount>.Version, Kind = ApiOf<V1ServiceAccount>.Kind, Metadata = Meta.Of(dashboard.LoginServiceAccount, ns) },
            new V1ClusterRoleBinding
            {
                ApiVersion = ApiOf<V1ClusterRoleBinding>.Version, Kind = ApiOf<V1ClusterRoleBinding>.Kind, Metadata = Meta.Of(LoginBindingName(dashboard)),
                RoleRef = new V1RoleRef { ApiGroup = ApiOf<V1ClusterRole>.Group, Kind = ApiOf<V1ClusterRole>.Kind, Name = dashboard.LoginClusterRole },
                Subjects = [new Rbacv1Subject { Kind = ApiOf<V1ServiceAccount>.Kind, Name = dashboard.LoginServiceAccount, NamespaceProperty = ns }],
            },
        ]);
    }

    public static string LoginBindingName(ClusterDashboard dashboard) => $"{dashboard.LoginServiceAccount}-{dashboard.LoginClusterRole}";

    /// <summary>The command that prints a login token, as the README shows it.</summary>
    public static string TokenCommand(ClusterDashboard dashboard) =>
        $"kubectl -n {dashboard.Namespace} create token {dashboard.LoginServiceAccount} --duration=8h";

    private static HeadlampValues Values(RenderContext context, ClusterDashboard dashboard) => new(
        Config: new HeadlampConfig(InCluster: true, new HeadlampOidc(new HeadlampOidcSecret(Create: false))),
        // The chart's default binds the pod's account to cluster-admin; logins use their own tokens instead.
        ClusterRoleBinding: new HeadlampClusterRoleBinding(Create: false),
        Ingress: new HeadlampIngress(
            Enabled: true,
            IngressClassName: "traefik",
            Annotations: TraefikComponent.SecureIngressAnnotations(),
            Hosts: [new HeadlampIngressHost(context.Network.HostName(dashboard.Host), [new HeadlampIngressPath("/", "Prefix")])]),
        Resources: new ResourceValues(
            new Dictionary<string, string> { ["cpu"] = "20m", ["memory"] = "64Mi" },
            new Dictionary<string, string> { ["memory"] = "256Mi" }));
}

// Chart values: only the keys PiCluster sets, named as in the headlamp chart's values.yaml.
public sealed record HeadlampValues(HeadlampConfig Config, HeadlampClusterRoleBinding ClusterRoleBinding, HeadlampIngress Ingress, ResourceValues Resources);

public sealed record HeadlampConfig(bool InCluster, HeadlampOidc Oidc);

/// <summary>No OIDC: the chart would otherwise create an empty "oidc" Secret.</summary>
public sealed record HeadlampOidc(HeadlampOidcSecret Secret);

public sealed record HeadlampOidcSecret(bool Create);

public sealed record HeadlampClusterRoleBinding(bool Create);

public sealed record HeadlampIngress(bool Enabled, string IngressClassName, IReadOnlyDictionary<string, string> Annotations, IReadOnlyList<HeadlampIngressHost> Hosts);

public sealed record HeadlampIngressHost(string Host, IReadOnlyList<HeadlampIngressPath> Paths);

public sealed record HeadlampIngressPath(string Path, string Type);
