using System.Text.RegularExpressions;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// Joins a worker with a fresh token: the first worker that needs it asks the control plane for
/// <c>kubeadm token create --ttl 30m --print-join-command</c>; the command is parsed, kept in memory only, and its
/// token and CA hash reach the worker on stdin — never a file, a log line or a command line.
/// </summary>
/// <remarks>
/// kubeadm join returns once the kubelet has its bootstrap credentials; the Node object appears only when the kubelet
/// has started and registered (kubernetes/kubernetes#129279, KEP-4656). So the action waits for the registration
/// (bounded by <see cref="PhaseInputs.JoinRegistrationTimeout"/>); the "run kubeadm reset" advice is given only when
/// the check finds kubelet.conf without a Node before any join of this run.
/// </remarks>
public sealed partial class JoinStep(Node controlPlane, PhaseInputs? inputs = null) : NodeStep("kubeadm-join")
{
    public const string JoinCommandKey = "kubeadm-join-command";

    /// <summary>bootstrap/Scripts/kubeadm-join.sh's check on the worker: its kubelet has a kubeconfig.</summary>
    public static string LocalCheck(string node) => NodeShell.Script(NodeScripts.Check(NodeScripts.KubeadmJoin, ("NODE", node)));

    /// <summary>Exit 0 registered, 1 not (yet), 2 when the API cannot be asked — never "not registered" on an error.</summary>
    public static string RegisteredCheck(string node) =>
        NodeShell.Script(NodeScripts.Check(NodeScripts.NodeRegistered, ("NODE", node), ("ADMIN_CONF", KubeadmPhase.AdminConf)));

    public static readonly string CreateToken = NodeShell.Script("kubeadm token create --ttl 30m --print-join-command\n");

    public static string Join(string node) => NodeShell.Script(NodeScripts.Apply(NodeScripts.KubeadmJoin, ("NODE", node)));

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var local = await context.CheckAsync(LocalCheck(context.Node.Name), new CommandOptions(Description: "kubeadm-join: kubelet.conf present"));
        var registered = await RegisteredAsync(context);
        if (local && !registered)
        {
            throw new StepFailedException(
                $"{context.Node.Name} has /etc/kubernetes/kubelet.conf but is not a node of the cluster; run `kubeadm reset -f` on it, then rerun.");
        }
        return local && registered;
    }

    public override async Task ApplyAsync(StepContext context)
    {
        var join = await context.Run.SharedAsync(JoinCommandKey, async () =>
        {
            var session = await context.SessionToAsync(controlPlane);
            var result = await session.RunCheckedAsync(CreateToken,
                new CommandOptions(Sensitive: true, Description: "kubeadm token create --ttl 30m --print-join-command"), context.CancellationToken);
            return JoinCommand.Parse(result.Output);
        });
        await context.Session.RunCheckedAsync(Join(context.Node.Name),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(15), StandardInput: $"{join.Endpoint}\n{join.Token}\n{join.CaCertHash}\n",
                Description: $"kubeadm join {join.Endpoint} --token <stdin> --discovery-token-ca-cert-hash <stdin> --node-name {context.Node.Name}"),
            context.CancellationToken);
        var timeout = inputs?.JoinRegistrationTimeout ?? TimeSpan.FromMinutes(2);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await RegisteredAsync(context))
        {
            if (clock.Elapsed > timeout)
            {
                throw new StepFailedException(
                    $"kubeadm join finished, but node {context.Node.Name} did not register within {timeout}; look at its kubelet (rc-service kubelet status, /var/log/kubelet/kubelet.log), then rerun.");
            }
            await Task.Delay(inputs?.PollInterval ?? TimeSpan.FromSeconds(5), context.CancellationToken);
        }
    }

    private async Task<bool> RegisteredAsync(StepContext context) =>
        await context.CheckAsync(await context.SessionToAsync(controlPlane), RegisteredCheck(context.Node.Name),
            new CommandOptions(Description: $"kubeadm-join: node {context.Node.Name} registered"));

    public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

    /// <remarks>registered-check and create-token run on the control plane; join reads endpoint, token and CA hash from stdin.</remarks>
    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
    [
        new("kubeadm-join.local-check", LocalCheck(node.Name)),
        new("kubeadm-join.registered-check", RegisteredCheck(node.Name)),
        new("kubeadm-join.create-token", CreateToken),
        new("kubeadm-join.join", Join(node.Name)),
    ];
}

/// <summary>The parts of a printed join command; ToString hides the secret.</summary>
public sealed partial record JoinCommand(string Endpoint, string Token, string CaCertHash)
{
    public static JoinCommand Parse(string printed)
    {
        var match = Pattern().Match(printed.Trim());
        if (!match.Success)
        {
            throw new StepFailedException("kubeadm token create printed no recognisable join command (output withheld: it holds a token).");
        }
        return new JoinCommand(match.Groups["endpoint"].Value, match.Groups["token"].Value, match.Groups["hash"].Value);
    }

    public override string ToString() => $"kubeadm join {Endpoint} --token <hidden> --discovery-token-ca-cert-hash {CaCertHash}";

    [GeneratedRegex(@"^kubeadm join (?<endpoint>[A-Za-z0-9.\-\[\]:]+) --token (?<token>[a-z0-9]{6}\.[a-z0-9]{16}) --discovery-token-ca-cert-hash (?<hash>sha256:[a-f0-9]{64})\s*$")]
    private static partial Regex Pattern();
}
