using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// LoadBalancer Services on fixed MetalLB addresses. One Service carries TCP and UDP on the same port (mixed-protocol
/// LoadBalancers are GA since Kubernetes 1.26), so an address needs no sharing key unless two apps use it.
/// </summary>
public static class LoadBalancerService
{
    public const string AddressAnnotation = "metallb.io/loadBalancerIPs";
    public const string SharingAnnotation = "metallb.io/allow-shared-ip";

    /// <summary>MetalLB annotations for an address: the address itself, plus the sharing key when the model shares it.</summary>
    public static Dictionary<string, string> Annotations(RenderContext context, string address)
    {
        var annotations = new Dictionary<string, string> { [AddressAnnotation] = address };
        var key = SharingKey(context, address);
        if (key is not null) annotations[SharingAnnotation] = key;
        return annotations;
    }

    public static string? SharingKey(RenderContext context, string address) =>
        context.SharingKeys.GetValueOrDefault(address);

    /// <summary>
    /// Local keeps client source addresses (AdGuard per-client stats, rTorrent peers); MetalLB only lets Services with
    /// different pods share an address under Cluster, so a shared address falls back to it.
    /// </summary>
    public static string TrafficPolicy(RenderContext context, string address) =>
        SharingKey(context, address) is null ? "Local" : "Cluster";

    public static V1Service Build(
        RenderContext context, string name, string ns, string address,
        IDictionary<string, string> selector, IEnumerable<V1ServicePort> ports) => new()
    {
        ApiVersion = ApiOf<V1Service>.Version, Kind = ApiOf<V1Service>.Kind,
        Metadata = Meta.Of(name, ns, annotations: Annotations(context, address)),
        Spec = new V1ServiceSpec
        {
            Type = "LoadBalancer",
            ExternalTrafficPolicy = TrafficPolicy(context, address),
            Selector = selector,
            Ports = ports.ToList(),
        },
    };

    /// <summary>
    /// Where a pod behind LoadBalancer addresses may run: off the nodes MetalLB never announces from
    /// (<see cref="NodeScheduling.ExcludedFromLoadBalancers"/>: kubeadm labels the control plane so) whenever one of its
    /// addresses uses the Local policy, since then only a node running the pod may announce. Null when nothing needs
    /// avoiding. The one place Traefik, AdGuard and torrent take their placement from.
    /// </summary>
    public static V1Affinity? Placement(RenderContext context, params string[] addresses) =>
        addresses.Any(a => TrafficPolicy(context, a) == "Local") && context.ExcludedFromLoadBalancers.Count > 0
            ? new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm
                            {
                                MatchExpressions = [new V1NodeSelectorRequirement { Key = NodeScheduling.ExcludeFromExternalLoadBalancersLabel, OperatorProperty = "DoesNotExist" }],
                            },
                        ],
                    },
                },
            }
            : null;

    /// <summary>
    /// How long a LAN front door (AdGuard's DNS, Traefik) stays bound to a node that stopped answering before it is
    /// evicted and started elsewhere. Without these tolerations the DefaultTolerationSeconds admission plugin adds 300 s
    /// to every pod that has none (kube-apiserver --default-not-ready-toleration-seconds and
    /// --default-unreachable-toleration-seconds, default 300; kubernetes/kubernetes
    /// plugin/pkg/admission/defaulttolerationseconds): five minutes without LAN DNS for one Pi down.
    /// </summary>
    public const int NodeLossToleranceSeconds = 30;

    /// <summary>NoExecute tolerations of a node going NotReady or unreachable, for <see cref="NodeLossToleranceSeconds"/>.</summary>
    public static List<V1Toleration> NodeLossTolerations() =>
    [
        new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = NodeLossToleranceSeconds },
        new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = NodeLossToleranceSeconds },
    ];

    /// <summary>The same port over TCP and UDP (DNS, BitTorrent peers + DHT).</summary>
    public static IEnumerable<V1ServicePort> TcpAndUdp(string name, int port, string targetPort) =>
    [
        new V1ServicePort { Name = name + "-tcp", Port = port, Protocol = "TCP", TargetPort = targetPort + "-tcp" },
        new V1ServicePort { Name = name + "-udp", Port = port, Protocol = "UDP", TargetPort = targetPort + "-udp" },
    ];
}
