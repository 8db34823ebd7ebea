using PiCluster.Bootstrap.Remote;

namespace PiCluster.Bootstrap.Reset;

/// <summary>Paths the reset cleans; tests point them into a test node's root.</summary>
public sealed record ResetLayout(
    string CniConfigDir = "/etc/cni/net.d",
    string OperatorKubeconfig = "/root/.kube/config",
    string CriSocket = "unix:///run/containerd/containerd.sock");

/// <summary>One reset command: a POSIX sh line run as root on the node being reset.</summary>
public sealed record ResetStep(string Title, string Command)
{
    public string Script => ShellText.Script(Command);
}

/// <summary>
/// kubeadm reset plus what it leaves behind (its own docs list them): the CNI config, the cni0/flannel.1 interfaces,
/// iptables/IPVS rules and the root kubeconfig. Each step tolerates an already-clean node, so a rerun is harmless.
/// </summary>
public static class ResetPlan
{
    public static readonly IReadOnlyList<string> CniInterfaces = ["cni0", "flannel.1"];

    /// <summary>Before resetting a worker: take it out of the API (run on the control plane with the admin kubeconfig).</summary>
    public static IReadOnlyList<string> RemoveFromApi(RemoteKubectl kubectl, string node) =>
    [
        kubectl.Command("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=120s") + " || true",
        kubectl.Command("delete", "node", node, "--ignore-not-found"),
    ];

    public static IReadOnlyList<ResetStep> Build(ResetLayout layout) =>
    [
        new("kubeadm reset", ShellText.Join("kubeadm", "reset", "-f", $"--cri-socket={layout.CriSocket}")),
        new($"Remove the CNI configuration in {layout.CniConfigDir}",
            $"if [ -d {ShellText.NodePath(layout.CniConfigDir)} ]; then find {ShellText.NodePath(layout.CniConfigDir)} -mindepth 1 -delete; fi"),
        new($"Delete the {string.Join(" and ", CniInterfaces)} interfaces",
            $"for link in {string.Join(' ', CniInterfaces.Select(ShellText.Quote))}; do if ip link show \"$link\" >/dev/null 2>&1; then ip link delete \"$link\"; fi; done"),
        new("Flush the iptables rules kube-proxy and flannel left (filter, nat, mangle) and IPVS",
            "for table in filter nat mangle; do iptables -t \"$table\" -F && iptables -t \"$table\" -X; done; " +
            "if command -v ip6tables >/dev/null 2>&1; then for table in filter nat mangle; do ip6tables -t \"$table\" -F && ip6tables -t \"$table\" -X; done; fi; " +
            "if command -v ipvsadm >/dev/null 2>&1; then ipvsadm --clear; fi"),
        new($"Remove {layout.OperatorKubeconfig}", "rm -f " + ShellText.NodePath(layout.OperatorKubeconfig)),
    ];
}
