using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// flannel as plain manifests (bootstrap applies this file before Flux exists; Flux owns it afterwards).
/// The pod network is the model's PodCidr, the same value bootstrap hands kubeadm; CNI plugins are installed
/// into the node's own CNI directory (Alpine: /usr/libexec/cni), where containerd looks for them.
/// </summary>
public static class FlannelNetwork
{
    public const string FilePath = RenderedLayout.Flannel;
    private const string AppLabel = "flannel";

    /// <summary>install-cni's script: $1 = the conflist in the ConfigMap, $2 = where the node's container runtime reads it.</summary>
    public const string InstallCniScript =
        "if [ -x /opt/bin/install-conf ]; then exec /opt/bin/install-conf \"$1\" \"$2\"; fi\n" +
        "cp -f \"$1\" \"$2.tmp\" && mv -f \"$2.tmp\" \"$2\"\n";

    public static IEnumerable<ManifestFile> Build(Flannel flannel, RenderContext context)
    {
        var ns = flannel.Namespace;
        var labels = new Dictionary<string, string> { ["app"] = AppLabel, ["k8s-app"] = AppLabel, ["tier"] = "node" };
        // Never pruned: removing flannel from Git (or deleting its layer) must not take the pod network down.
        yield return new ManifestFile(FilePath, "ClusterServices.Flannel", FluxSync.NeverPruned([
            Meta.PrivilegedNamespace(ns, new Dictionary<string, string> { ["k8s-app"] = AppLabel }),
            new V1ServiceAccount { ApiVersion = ApiOf<V1ServiceAccount>.Version, Kind = ApiOf<V1ServiceAccount>.Kind, Metadata = Meta.Of("flannel", ns) },
            new V1ClusterRole
            {
                ApiVersion = ApiOf<V1ClusterRole>.Version, Kind = ApiOf<V1ClusterRole>.Kind, Metadata = Meta.Of("flannel"),
                Rules =
                [
                    new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get"] },
                    new V1PolicyRule { ApiGroups = [""], Resources = ["nodes"], Verbs = ["get", "list", "watch"] },
                    new V1PolicyRule { ApiGroups = [""], Resources = ["nodes/status"], Verbs = ["patch"] },
                ],
            },
            new V1ClusterRoleBinding
            {
                ApiVersion = ApiOf<V1ClusterRoleBinding>.Version, Kind = ApiOf<V1ClusterRoleBinding>.Kind, Metadata = Meta.Of("flannel"),
                RoleRef = new V1RoleRef { ApiGroup = ApiOf<V1ClusterRole>.Group, Kind = ApiOf<V1ClusterRole>.Kind, Name = "flannel" },
                Subjects = [new Rbacv1Subject { Kind = ApiOf<V1ServiceAccount>.Kind, Name = "flannel", NamespaceProperty = ns }],
            },
            new V1ConfigMap
            {
                ApiVersion = ApiOf<V1ConfigMap>.Version, Kind = ApiOf<V1ConfigMap>.Kind, Metadata = Meta.Of("kube-flannel-cfg", ns, labels),
                Data = new Dictionary<string, string>
                {
                    ["cni-conf.json"] = CniConfig(),
                    ["net-conf.json"] = NetConfig(context.Kubernetes.PodCidr, flannel.Backend),
                },
            },
            DaemonSet(flannel, labels),
        ]));
    }

    public static string NetConfig(string podCidr, string backend) => Json(new JsonObject
    {
        ["Network"] = podCidr,
        ["EnableNFTables"] = false,
        ["Backend"] = new JsonObject { ["Type"] = backend },
    });

    private static string CniConfig() => Json(new JsonObject
    {
        ["name"] = "cbr0",
        ["cniVersion"] = "0.3.1",
        ["plugins"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "flannel",
                ["delegate"] = new JsonObject { ["hairpinMode"] = true, ["isDefaultGateway"] = true },
            },
            new JsonObject
            {
                ["type"] = "portmap",
                ["capabilities"] = new JsonObject { ["portMappings"] = true },
            }),
    });

    private static string Json(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";

    private static V1DaemonSet DaemonSet(Flannel flannel, Dictionary<string, string> labels)
    {
        var selector = new Dictionary<string, string> { ["app"] = AppLabel };
        V1Volume HostPath(string name, string path, string? type = null) =>
            new() { Name = name, HostPath = new V1HostPathVolumeSource { Path = path, Type = type } };
        return new V1DaemonSet
        {
            ApiVersion = ApiOf<V1DaemonSet>.Version, Kind = ApiOf<V1DaemonSet>.Kind, Metadata = Meta.Of("kube-flannel-ds", flannel.Namespace, labels),
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        Affinity = new V1Affinity
                        {
                            NodeAffinity = new V1NodeAffinity
                            {
                                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                                {
                                    NodeSelectorTerms =
                                    [
                                        new V1NodeSelectorTerm
                                        {
                                            MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/os", OperatorProperty = "In", Values = ["linux"] }],
                                        },
                                    ],
                                },
                            },
                        },
                        HostNetwork = true,
                        PriorityClassName = "system-node-critical",
                        ServiceAccountName = "flannel",
                        Tolerations = [new V1Toleration { OperatorProperty = "Exists", Effect = "NoSchedule" }],
                        InitContainers =
                        [
                            new V1Container
                            {
                                Name = "install-cni-plugin", Image = flannel.CniPluginImage.ToString(),
                                Command = ["cp"], Args = ["-f", "/flannel", "/opt/cni/bin/flannel"],
                                VolumeMounts = [new V1VolumeMount { Name = "cni-plugin", MountPath = "/opt/cni/bin" }],
                            },
                            new V1Container
                            {
                                // Newer kube-flannel.yml runs the image's /opt/bin/install-conf; v0.27.4's manifest and the stored
                                // images/Dockerfile (flannel-io/flannel) only know `cp -f`. Use install-conf when the image has it,
                                // else copy through a temporary file and rename, so the kubelet never reads a half-written conflist.
                                Name = "install-cni", Image = flannel.Image.ToString(),
                                Command = ["/bin/sh", "-c"],
                                Args = [InstallCniScript, "install-cni", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"],
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "cni", MountPath = "/etc/cni/net.d" },
                                    new V1VolumeMount { Name = "flannel-cfg", MountPath = "/etc/kube-flannel/" },
                                ],
                            },
                        ],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "kube-flannel", Image = flannel.Image.ToString(),
                                Command = ["/opt/bin/flanneld"],
                                Args = ["--ip-masq", "--kube-subnet-mgr", "--iface=eth0", "--healthz-port=8081"],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("50Mi") },
                                },
                                SecurityContext = new V1SecurityContext
                                {
                                    Privileged = false,
                                    Capabilities = new V1Capabilities { Add = ["NET_ADMIN", "NET_RAW"] },
                                },
                                Env =
                                [
                                    new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                                    new V1EnvVar { Name = "POD_NAMESPACE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
                                    new V1EnvVar { Name = "EVENT_QUEUE_DEPTH", Value = "5000" },
                                    // Upstream default: exit (and be restarted) when the node cache never syncs, instead of running blind.
                                    new V1EnvVar { Name = "CONT_WHEN_CACHE_NOT_READY", Value = "false" },
                                ],
                                LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = 8081 }, InitialDelaySeconds = 10, PeriodSeconds = 10 },
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = 8081 }, PeriodSeconds = 10 },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "run", MountPath = "/run/flannel" },
                                    new V1VolumeMount { Name = "flannel-cfg", MountPath = "/etc/kube-flannel/" },
                                    new V1VolumeMount { Name = "xtables-lock", MountPath = "/run/xtables.lock" },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            HostPath("run", "/run/flannel"),
                            // The node's CNI directory, so the flannel plugin lands beside Alpine's cni-plugins.
                            HostPath("cni-plugin", flannel.CniBinDir),
                            HostPath("cni", "/etc/cni/net.d"),
                            new V1Volume { Name = "flannel-cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "kube-flannel-cfg" } },
                            HostPath("xtables-lock", "/run/xtables.lock", "FileOrCreate"),
                        ],
                    },
                },
            },
        };
    }
}
