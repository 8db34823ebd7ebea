using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Reset;

/// <summary>Paths the reset cleans; tests point them into a test node's root.</summary>
public sealed record ResetLayout(
    string CniConfigDir = "/etc/cni/net.d",
    string OperatorKubeconfig = "/root/.kube/config",
    string CniNetworksDir = "/var/lib/cni/networks",
    string FlannelRunDir = "/run/flannel",
    string CriSocket = "unix:///run/containerd/containerd.sock");

/// <summary>
/// <c>bootstrap reset</c> as a phase on the step engine: kubeadm reset plus what it leaves behind (its own output lists
/// them): the CNI config, the cni0/flannel.1 interfaces, iptables/IPVS rules, kube-proxy's and flannel's native nftables
/// tables, flannel's state and the root kubeconfig,
/// each a check + action part of bootstrap/Scripts/node-reset.sh, so a rerun on a clean node changes nothing.
/// Workers go first (in parallel), then the control plane; a single worker (<c>--node</c>) is first drained and
/// deleted from the API through the control plane.
/// </summary>
public sealed class ResetPhase(string? node, ResetLayout? layout = null) : IBootstrapPhase
{
    public const string PhaseName = "reset";

    public static readonly IReadOnlyList<string> CniInterfaces = ["cni0", "flannel.1"];

    /// <summary>Every iptables front end that may hold rules: the default one and both backends, IPv4 and IPv6.</summary>
    public static readonly IReadOnlyList<string> IptablesCommands =
        ["iptables", "iptables-legacy", "iptables-nft", "ip6tables", "ip6tables-legacy", "ip6tables-nft"];

    public static readonly IReadOnlyList<string> IptablesTables = ["filter", "nat", "mangle", "raw"];

    /// <summary>
    /// Native nftables tables ("family/name") that kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go, one table per
    /// IP family) and flannel's EnableNFTables (pkg/trafficmngr/nftables) create; invisible to the iptables front ends.
    /// </summary>
    public static readonly IReadOnlyList<string> NftTables = ["ip/kube-proxy", "ip6/kube-proxy", "ip/flannel-ipv4", "ip6/flannel-ipv6"];

    private readonly ResetLayout _layout = layout ?? new ResetLayout();

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        IReadOnlyList<NodeStep> workerSteps = node is null ? Steps(_layout) : [RemoveFromApi(cluster.ControlPlane), .. Steps(_layout)];
        return
        [
            new PlanStage(PhaseName, [.. cluster.Workers.Select(w => new NodeWork(w, workerSteps))]),
            new PlanStage(PhaseName, [new NodeWork(cluster.ControlPlane, Steps(_layout))]),
        ];
    }

    /// <summary>The node's own reset steps, in order (kubeadm first: it stops the kubelet and removes the pods).</summary>
    public static IReadOnlyList<ScriptStep> Steps(ResetLayout layout) =>
    [
        Part("kubeadm-reset", "kubeadm", layout),
        Part("cni-config", "cni-config", layout),
        Part("cni-interfaces", "interfaces", layout),
        Part("iptables", "iptables", layout),
        Part("nftables", "nftables", layout),
        Part("flannel-state", "flannel-state", layout),
        Part("kubeconfig", "kubeconfig", layout),
    ];

    private static ScriptStep Part(string name, string part, ResetLayout layout)
    {
        (string, object)[] parameters =
        [
            ("PART", part), ("CRI_SOCKET", layout.CriSocket), ("CNI_CONF_DIR", layout.CniConfigDir),
            ("CNI_INTERFACES", string.Join(' ', CniInterfaces)), ("IPTABLES_COMMANDS", string.Join(' ', IptablesCommands)),
            ("IPTABLES_TABLES", string.Join(' ', IptablesTables)), ("NFT_TABLES", string.Join(' ', NftTables)),
            ("CNI_NETWORKS_DIR", layout.CniNetworksDir),
            ("FLANNEL_RUN_DIR", layout.FlannelRunDir), ("KUBECONFIG_FILE", layout.OperatorKubeconfig),
        ];
        return NodeScripts.Step(name, NodeScripts.NodeReset, parameters, actionTimeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>Before resetting one worker: drain it and delete its Node through the control plane's admin kubeconfig.</summary>
    public static NodeStep RemoveFromApi(Node controlPlane)
    {
        static string Registered(string node) => RemoteKubectl.CommandLine(Kubeadm.KubeadmPhase.AdminConf, "get", "node", node, "--ignore-not-found", "-o", "name");
        static IReadOnlyList<string> Remove(string node) =>
        [
            RemoteKubectl.CommandLine(Kubeadm.KubeadmPhase.AdminConf, "drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=120s") + " || true",
            RemoteKubectl.CommandLine(Kubeadm.KubeadmPhase.AdminConf, "delete", "node", node, "--ignore-not-found"),
        ];
        return new RemoveFromApiStep(controlPlane, Registered, Remove);
    }

    /// <summary>Runs on the control plane for the worker being reset: done when the API has no Node of that name.</summary>
    private sealed class RemoveFromApiStep(Node controlPlane, Func<string, string> registered, Func<string, IReadOnlyList<string>> remove) : NodeStep("remove-from-api")
    {
        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var cp = await context.SessionToAsync(controlPlane);
            var result = await cp.RunCheckedAsync(ShellText.Script(registered(context.Node.Name)), new Ssh.CommandOptions(Description: $"is {context.Node.Name} registered"), context.CancellationToken);
            return result.Output.Trim().Length == 0;
        }

        public override async Task ApplyAsync(StepContext context)
        {
            var cp = await context.SessionToAsync(controlPlane);
            await cp.RunCheckedAsync(ShellText.Script(remove(context.Node.Name)), new Ssh.CommandOptions(Timeout: TimeSpan.FromMinutes(3), Description: $"remove {context.Node.Name} from the API"), context.CancellationToken);
        }

        public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
        [
            new($"{Name}.check (on {controlPlane.Name})", ShellText.Script(registered(node.Name))),
            new($"{Name}.action (on {controlPlane.Name})", ShellText.Script(remove(node.Name))),
        ];
    }
}
