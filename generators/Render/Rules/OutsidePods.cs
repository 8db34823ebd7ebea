using System.Text.Json.Nodes;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Rules;

/// <summary>
/// Pods that will run although no workload of the tree describes them, as pod templates Services can be matched against
/// (PI1002, PI1001): kubeadm's in kube-system, and the StatefulSet pods prometheus-operator makes for each Prometheus,
/// PrometheusAgent and Alertmanager object of the tree. Labels, ports and placement are the ones those makers set; what they
/// take from elsewhere (the operator's --labels flag, the Prometheus version label) is left out.
/// </summary>
internal static class OutsidePods
{
    private const string KubeSystem = "kube-system";
    private const string MonitoringGroup = "monitoring.coreos.com";

    // kubeadm's defaults: the API server's bindPort (bootstrap's KubeadmConfigBuilder keeps it) and the components' secure ports.
    private static readonly (string Component, int ProbePort)[] StaticPods =
        [("etcd", 2381), ("kube-apiserver", 6443), ("kube-controller-manager", 10257), ("kube-scheduler", 10259)];

    public static IEnumerable<PodTemplate> Of(RenderedTree tree) =>
        Kubeadm().Concat(tree.Objects.Where(o => o.Group == MonitoringGroup).SelectMany(PrometheusOperator));

    /// <summary>
    /// Static control-plane pods (kubernetes/kubernetes cmd/kubeadm/app/util/staticpod/utils.go ComponentPod: labels
    /// component=&lt;name&gt;, tier=control-plane; each container declares its secure port as "probe-port"), CoreDNS and
    /// kube-proxy (cmd/kubeadm/app/phases/addons/dns/manifests.go, addons/proxy/manifests.go).
    /// </summary>
    private static IEnumerable<PodTemplate> Kubeadm()
    {
        foreach (var (component, port) in StaticPods)
        {
            yield return Pod("made by kubeadm (static pod)", component, new() { ["component"] = component, ["tier"] = "control-plane" },
                // Static pods exist only where their manifests are: the control-plane nodes.
                Spec([Container(component, ("probe-port", port, "TCP"))], new JsonObject { [NodeScheduling.ControlPlaneLabel] = "" }));
        }
        yield return Pod("made by kubeadm (addon)", "coredns", new() { ["k8s-app"] = "kube-dns" },
            Spec(
                [Container("coredns", ("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP"), ("liveness-probe", 8080, "TCP"), ("readiness-probe", 8181, "TCP"))],
                new JsonObject { [NodeScheduling.OsLabel] = "linux" },
                new JsonArray(new JsonObject { ["key"] = "CriticalAddonsOnly", ["operator"] = "Exists" }, new JsonObject { ["key"] = NodeScheduling.ControlPlaneLabel, ["effect"] = "NoSchedule" })));
        // kube-proxy runs in the host network and declares no container port.
        yield return Pod("made by kubeadm (addon)", "kube-proxy", new() { ["k8s-app"] = "kube-proxy" },
            Spec([Container("kube-proxy")], new JsonObject { [NodeScheduling.OsLabel] = "linux" }, new JsonArray(new JsonObject { ["operator"] = "Exists" })));
    }

    /// <summary>
    /// The pods prometheus-operator v0.93.0 makes (prometheus-operator/prometheus-operator pkg/prometheus/server/operator.go,
    /// pkg/prometheus/agent/operator.go, pkg/alertmanager/operator.go makeSelectorLabels; spec.podMetadata.labels under them
    /// as in pkg/prometheus/promcfg.go BuildPodMetadata and pkg/alertmanager/statefulset.go; one StatefulSet per shard with
    /// operator.prometheus.io/shard; ports from pkg/prometheus/common.go MakeContainerPorts, pkg/alertmanager/statefulset.go,
    /// pkg/operator/config_reloader.go and the Thanos sidecar in pkg/prometheus/server/statefulset.go; spec.affinity,
    /// nodeSelector and tolerations copied into the pod spec). The template's owner is the custom resource, its pod spec at "spec".
    /// </summary>
    private static IEnumerable<PodTemplate> PrometheusOperator(RenderedObject resource)
    {
        var spec = resource.Body["spec"] as JsonObject ?? [];
        var name = resource.Name;
        var listenLocal = Json.Bool(spec["listenLocal"]) == true;
        var portName = Json.Str(spec["portName"]) is { Length: > 0 } p ? p : "web";
        var podLabels = Json.Map(spec["podMetadata"]?["labels"]);
        (string, int, string)[] reloader = listenLocal ? [] : [("reloader-web", 8080, "TCP")];

        Dictionary<string, string> Labels(string application, params (string Key, string Value)[] selector)
        {
            var labels = new Dictionary<string, string>(podLabels, StringComparer.Ordinal)
            {
                ["app.kubernetes.io/name"] = application,
                ["app.kubernetes.io/managed-by"] = "prometheus-operator",
                ["app.kubernetes.io/instance"] = name,
            };
            foreach (var (key, value) in selector) labels[key] = value;
            return labels;
        }

        switch (resource.Kind)
        {
            case "Prometheus" or "PrometheusAgent":
                var server = resource.Kind == "Prometheus";
                (string, int, string)[] prometheus = listenLocal ? [] : [(portName, 9090, "TCP")];
                var containers = new List<JsonObject>
                {
                    Container("prometheus", prometheus),
                    Container("config-reloader", reloader),
                };
                if (server && spec["thanos"] is JsonObject) containers.Add(Container("thanos-sidecar", ("http", 10902, "TCP"), ("grpc", 10901, "TCP")));
                var shards = spec["shards"] is JsonValue s && s.TryGetValue<int>(out var count) && count > 1 ? count : 1;
                for (var shard = 0; shard < shards; shard++)
                {
                    var labels = server
                        ? Labels("prometheus", ("operator.prometheus.io/name", name), ("prometheus", name), ("operator.prometheus.io/shard", $"{shard}"))
                        : Labels("prometheus-agent", ("operator.prometheus.io/name", name), ("operator.prometheus.io/shard", $"{shard}"));
                    yield return new PodTemplate(resource, "spec", OperatorSpec(spec, containers), labels);
                }
                break;
            case "Alertmanager":
                (string, int, string)[] web = listenLocal ? [] : [(portName, 9093, "TCP")];
                var alertmanager = Container("alertmanager", [.. web, ("mesh-tcp", 9094, "TCP"), ("mesh-udp", 9094, "UDP")]);
                yield return new PodTemplate(resource, "spec", OperatorSpec(spec, [alertmanager, Container("config-reloader", reloader)]), Labels("alertmanager", ("alertmanager", name)));
                break;
        }
    }

    /// <summary>The operator's containers, the resource's own spec.containers merged in by name (as the operator does), and its placement.</summary>
    private static JsonObject OperatorSpec(JsonObject spec, IReadOnlyList<JsonObject> made)
    {
        var containers = made.Select(c => (JsonObject)c.DeepClone()).ToList();
        foreach (var (extra, _) in Json.Items(spec["containers"]))
        {
            var same = containers.Find(c => Json.Str(c["name"]) == Json.Str(extra["name"]));
            if (same is null)
            {
                containers.Add((JsonObject)extra.DeepClone());
                continue;
            }
            var ports = Json.Arr(same["ports"]).Select(x => x?.DeepClone()).Concat(Json.Arr(extra["ports"]).Select(x => x?.DeepClone())).ToArray();
            same["ports"] = new JsonArray(ports);
        }
        return new JsonObject
        {
            ["containers"] = new JsonArray([.. containers]),
            ["affinity"] = spec["affinity"]?.DeepClone(),
            ["nodeSelector"] = spec["nodeSelector"]?.DeepClone(),
            ["tolerations"] = spec["tolerations"]?.DeepClone(),
        };
    }

    private static PodTemplate Pod(string maker, string name, Dictionary<string, string> labels, JsonObject spec)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = KubeSystem, ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))) },
            ["spec"] = spec,
        };
        return new PodTemplate(new RenderedObject($"({maker})", body), "spec", spec, labels);
    }

    private static JsonObject Spec(IReadOnlyList<JsonObject> containers, JsonObject nodeSelector, JsonArray? tolerations = null) => new()
    {
        ["containers"] = new JsonArray([.. containers]),
        ["nodeSelector"] = nodeSelector,
        ["tolerations"] = tolerations,
    };

    private static JsonObject Container(string name, params (string Name, int Port, string Protocol)[] ports) => new()
    {
        ["name"] = name,
        ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = p.Protocol })]),
    };
}
