using PiCluster.Cluster.Model;
using PiCluster.Render.Yaml;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>Builds the kubeadm init file for the control plane from the cluster definition. Pure: records in, YAML out.</summary>
public static class KubeadmConfigBuilder
{
    public const int ApiServerPort = 6443;
    public const string CriSocket = "unix:///run/containerd/containerd.sock";

    /// <summary>Where the file lives on the control plane.</summary>
    public const string RemotePath = "/etc/kubernetes/kubeadm-init.yaml";

    public static IReadOnlyList<object> Documents(ClusterDefinition cluster, Node controlPlane)
    {
        var endpoint = $"{controlPlane.Address}:{ApiServerPort}";
        return
        [
            new InitConfiguration(
                // The model's taints (NodeScheduling.Taints, `taints: []`): the single control plane also runs workloads, so it
                // registers without kubeadm's NoSchedule taint — no window in which DaemonSets without tolerations wait.
                new NodeRegistration(controlPlane.Name, CriSocket, [new Arg("node-ip", controlPlane.Address)],
                    Taints: [.. NodeScheduling.Taints(controlPlane).Select(t => new k8s.Models.V1Taint { Key = t.Key, Value = t.Value, Effect = t.Effect })]),
                new ApiEndpoint(controlPlane.Address, ApiServerPort),
                new InitTimeouts(ControlPlaneComponentHealthCheck: "10m0s", KubeletHealthCheck: "10m0s")),
            new ClusterConfiguration(
                ClusterName: cluster.Name,
                KubernetesVersion: cluster.Kubernetes.Version,
                ControlPlaneEndpoint: endpoint,
                Networking: new ClusterNetworking(cluster.Kubernetes.PodCidr, cluster.Kubernetes.ServiceCidr, "cluster.local"),
                ApiServer: new ApiServerSettings([controlPlane.Name, controlPlane.Address]),
                // Bound to all addresses so Prometheus (monitoring app) can scrape them; defaults are 127.0.0.1.
                ControllerManager: new ControlPlaneComponent([new Arg("bind-address", "0.0.0.0")]),
                Scheduler: new ControlPlaneComponent([new Arg("bind-address", "0.0.0.0")]),
                // etcd's plain-HTTP metrics on loopback (first: kubeadm's liveness probe uses the first URL,
                // kubernetes/kubernetes cmd/kubeadm/app/util/staticpod/utils.go GetEtcdProbeEndpoint) and on the node's
                // own address, where Prometheus scrapes it (kube-prometheus-stack kubeEtcd.endpoints); never 0.0.0.0.
                Etcd: new EtcdSettings(new LocalEtcd("/var/lib/etcd", [new Arg("listen-metrics-urls", EtcdMetricsUrls(controlPlane))]))),
            // Alpine runs OpenRC, not systemd; kubeadm would default the kubelet to the systemd driver.
            new KubeletConfiguration(CgroupDriver: "cgroupfs"),
            new KubeProxyConfiguration(MetricsBindAddress: "0.0.0.0:10249"),
        ];
    }

    /// <summary>etcd's metrics port (kubeadm's EtcdMetricsPort).</summary>
    public const int EtcdMetricsPort = 2381;

    /// <summary>Where etcd serves metrics: loopback for kubeadm's probes, the control plane's address for Prometheus.</summary>
    public static string EtcdMetricsUrls(Node controlPlane) =>
        $"http://127.0.0.1:{EtcdMetricsPort},http://{controlPlane.Address}:{EtcdMetricsPort}";

    /// <summary>The file as written to the node, deterministic (sorted keys, LF), through the project's one YAML serializer.</summary>
    public static string Yaml(ClusterDefinition cluster, Node controlPlane) =>
        ManifestSerializer.Serialize(
            $"Written by picluster bootstrap from {nameof(ClusterDefinition)} '{cluster.Name}'; used by kubeadm init on {controlPlane.Name}.",
            Documents(cluster, controlPlane));
}
