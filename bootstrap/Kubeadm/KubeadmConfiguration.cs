using System.Text.Json.Serialization;

namespace PiCluster.Bootstrap.Kubeadm;

// Typed kubeadm.k8s.io/v1beta4 documents (plus the kubelet and kube-proxy component configs kubeadm accepts in the
// same file). Only the fields PiCluster sets; property names follow the API (camelCase via KubernetesJson).

/// <summary>v1beta4 argument lists: extraArgs and kubeletExtraArgs are lists of {name, value}, no longer maps.</summary>
public sealed record Arg(string Name, string Value);

public sealed record InitConfiguration(
    NodeRegistration NodeRegistration,
    [property: JsonPropertyName("localAPIEndpoint")] ApiEndpoint LocalApiEndpoint,
    InitTimeouts? Timeouts = null)
{
    public string ApiVersion => KubeadmApi.Version;

    public string Kind => nameof(InitConfiguration);
}

/// <summary>
/// kubeadm v1beta4 NodeRegistrationOptions. <see cref="Taints"/>: null (left out) registers a control plane with kubeadm's
/// NoSchedule taint, an empty list registers it untainted (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go).
/// </summary>
public sealed record NodeRegistration(string Name, string CriSocket, IReadOnlyList<Arg>? KubeletExtraArgs = null, IReadOnlyList<k8s.Models.V1Taint>? Taints = null);

public sealed record ApiEndpoint(string AdvertiseAddress, int BindPort);

/// <summary>Pi SD cards are slow: the control-plane health check gets more than the 4m default.</summary>
public sealed record InitTimeouts(string ControlPlaneComponentHealthCheck, string KubeletHealthCheck);

public sealed record ClusterConfiguration(
    string ClusterName,
    string KubernetesVersion,
    string ControlPlaneEndpoint,
    ClusterNetworking Networking,
    ApiServerSettings ApiServer,
    ControlPlaneComponent ControllerManager,
    ControlPlaneComponent Scheduler,
    EtcdSettings Etcd)
{
    public string ApiVersion => KubeadmApi.Version;

    public string Kind => nameof(ClusterConfiguration);
}

public sealed record ClusterNetworking(string PodSubnet, string ServiceSubnet, string DnsDomain);

public sealed record ApiServerSettings([property: JsonPropertyName("certSANs")] IReadOnlyList<string> CertSans);

public sealed record ControlPlaneComponent(IReadOnlyList<Arg> ExtraArgs);

public sealed record EtcdSettings(LocalEtcd Local);

public sealed record LocalEtcd(string DataDir, IReadOnlyList<Arg> ExtraArgs);

/// <param name="RotateCertificates">
/// The kubelet renews its own client certificate before it expires (kubeadm's default too, app/componentconfigs/kubelet.go;
/// written out so the file says so): kubeadm's `certs renew` leaves the kubelet's certificate to the kubelet.
/// </param>
public sealed record KubeletConfiguration(string CgroupDriver, bool RotateCertificates = true)
{
    public string ApiVersion => "kubelet.config.k8s.io/v1beta1";

    public string Kind => nameof(KubeletConfiguration);
}

public sealed record KubeProxyConfiguration(string MetricsBindAddress)
{
    public string ApiVersion => "kubeproxy.config.k8s.io/v1alpha1";

    public string Kind => nameof(KubeProxyConfiguration);
}

public static class KubeadmApi
{
    public const string Version = "kubeadm.k8s.io/v1beta4";
}
