namespace PiCluster.Bootstrap.Scripts;

/// <summary>The bootstrap/Scripts files of the day-2 commands (status, upgrade, certs) and the node-lifecycle steps; sent like every other through <see cref="NodeScripts.Check"/>, <see cref="NodeScripts.Apply"/> or <see cref="NodeScripts.Step"/>.</summary>
public static class Day2Scripts
{
    public const string NodeDrain = "node-drain.sh";
    public const string NodeUncordon = "node-uncordon.sh";
    public const string NodeDelete = "node-delete.sh";
    public const string K8sRepository = "k8s-repository.sh";
    public const string K8sPackages = "k8s-packages.sh";
    public const string KubeadmUpgrade = "kubeadm-upgrade.sh";
    public const string UpgradePreflight = "upgrade-preflight.sh";
    public const string AlpineRepositories = "alpine-repositories.sh";
    public const string AlpineUpgrade = "alpine-upgrade.sh";
    public const string KernelBooted = "kernel-booted.sh";
    public const string NodeStatus = "node-status.sh";
    public const string ClusterStatus = "cluster-status.sh";
    public const string StaticPodRestart = "static-pod-restart.sh";
    public const string LogRotation = "log-rotation.sh";
    public const string KubeletRestart = "kubelet-restart.sh";
    public const string KubeadmCerts = "kubeadm-certs.sh";
}
