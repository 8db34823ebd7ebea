using PiCluster.Bootstrap.Etcd;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Rebuild;

/// <summary>
/// The etcd member kubeadm init will start on the control plane, known before etcd.yaml exists: kubernetes/kubernetes
/// cmd/kubeadm/app/phases/etcd/local.go getEtcdCommand sets --name to the node name, --initial-advertise-peer-urls and
/// --initial-cluster to https://&lt;localAPIEndpoint.advertiseAddress&gt;:2380 (etcdutil.GetPeerURL) and --data-dir to
/// etcd.local.dataDir. A snapshot restored with these values is the member the static pod expects.
/// </summary>
public static class KubeadmEtcdMember
{
    /// <summary>etcd.local.dataDir in the kubeadm file KubeadmConfigBuilder writes (kubeadm's default too).</summary>
    public const string DataDir = "/var/lib/etcd";

    /// <summary>kubeadm's EtcdListenPeerPort (cmd/kubeadm/app/constants).</summary>
    public const int PeerPort = 2380;

    public static EtcdMember Of(Node controlPlane)
    {
        var peer = $"https://{controlPlane.Address}:{PeerPort}";
        return new EtcdMember(controlPlane.Name, DataDir, $"{controlPlane.Name}={peer}", peer, "", []);
    }

    /// <summary>
    /// kubeadm's name for the preflight check on the data directory (checks.go DirAvailableCheck.Name: "DirAvailable-" +
    /// the path with "/" replaced by "-"), the only one the rebuild lets kubeadm init ignore.
    /// </summary>
    public static string DirAvailableCheck => "DirAvailable-" + DataDir.Replace('/', '-');
}
