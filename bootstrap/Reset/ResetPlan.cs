using PiCluster.Bootstrap.Remote;

namespace PiCluster.Bootstrap.Reset;

/// <summary>Paths the reset cleans; tests point them into a test node's root.</summary>
public sealed record ResetLayout(
    string CniConfigDir = "/etc/cni/net.d",
    string OperatorKubeconfig = "/root/.kube/config",
    string CniNetworksDir = "/var/lib/cni/networks",
    string FlannelRunDir = "/run/flannel",
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

    /// <summary>Every iptables front end that may hold rules: the default one and both backends, IPv4 and IPv6.</summary>
    public static readonly IReadOnlyList<string> IptablesCommands =
        ["iptables", "iptables-legacy", "iptables-nft", "ip6tables", "ip6tables-legacy", "ip6tables-nft"];

    public static readonly IReadOnlyList<string> IptablesTables = ["filter", "nat", "mangle", "raw"];

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
        // Alpine's iptables ships both backends (iptables-legacy, iptables-nft); kube-proxy and flannel write through
        // whichever `iptables` was when they ran, so every backend that exists is flushed, raw table included.
        new($"Flush the iptables rules kube-proxy and flannel left ({string.Join(", ", IptablesTables)}) in every iptables backend, and IPVS",
            $"for cmd in {string.Join(' ', IptablesCommands)}; do " +
            "command -v \"$cmd\" >/dev/null 2>&1 || continue; " +
            $"for table in {string.Join(' ', IptablesTables)}; do " +
            "if \"$cmd\" -t \"$table\" -S >/dev/null 2>&1; then \"$cmd\" -t \"$table\" -F && \"$cmd\" -t \"$table\" -X; fi; " +
            "done; done; " +
            "if command -v ipvsadm >/dev/null 2>&1; then ipvsadm --clear; fi"),
        new($"Remove flannel's leases and state ({layout.CniNetworksDir}, {layout.FlannelRunDir})",
            $"rm -rf {ShellText.NodePath(layout.CniNetworksDir)} {ShellText.NodePath(layout.FlannelRunDir)}"),
        new($"Remove {layout.OperatorKubeconfig}", "rm -f " + ShellText.NodePath(layout.OperatorKubeconfig)),
    ];
}
