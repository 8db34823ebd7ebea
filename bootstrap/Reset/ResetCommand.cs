using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Reset;

public sealed class ResetSettings : NodeAccessSettings
{
    [CommandOption("--node <NAME>")]
    [Description("Reset only this node (a worker is drained and deleted from the API first); default: every node, workers first.")]
    public string? Node { get; init; }

    [CommandOption("--yes")]
    [Description("Reset without asking (required without a terminal).")]
    public bool Yes { get; init; }
}

/// <summary><c>bootstrap reset</c>: kubeadm reset and its leftovers on one or every node; <c>bootstrap cluster</c> rebuilds.</summary>
public sealed class ResetCommand : AsyncCommand<ResetSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ResetSettings settings, CancellationToken cancellationToken)
    {
        var cluster = HomeCluster.Definition;
        var nodes = Targets(cluster, settings.Node);
        var steps = ResetPlan.Build(new ResetLayout());
        if (settings.DryRun)
        {
            foreach (var node in nodes)
            {
                Console.WriteLine($"reset {node.Name}:");
                foreach (var step in steps) Console.WriteLine($"  - {step.Title}\n    $ {step.Command}");
            }
            return 0;
        }
        Confirmation.Require($"This wipes Kubernetes from {string.Join(", ", nodes.Select(n => n.Name))} (kubeadm reset, CNI config, interfaces, iptables).", settings.Yes, settings.Node ?? cluster.Name);
        var state = StateFolder.Locate(Environment.CurrentDirectory);
        using var transport = NodeAccess.Transport(state, settings);
        var controlPlane = cluster.ControlPlane;
        await using var cp = await transport.ConnectAsync(NodeAccess.Endpoint(controlPlane), cancellationToken);
        foreach (var node in nodes)
        {
            await using var session = node == controlPlane ? null : await transport.ConnectAsync(NodeAccess.Endpoint(node), cancellationToken);
            await new NodeReset(Console.Out).RunAsync(session ?? cp, node.Role == NodeRole.Worker && settings.Node is not null ? new RemoteKubectl(cp) : null, new ResetLayout(), cancellationToken);
        }
        Console.WriteLine("Reset done; `bootstrap cluster` builds the cluster again.");
        return 0;
    }

    /// <summary>The nodes to reset, workers before the control plane (so they can still be drained).</summary>
    public static IReadOnlyList<Node> Targets(ClusterDefinition cluster, string? node)
    {
        if (node is null) return [.. cluster.Workers, cluster.ControlPlane];
        return [cluster.Nodes.FirstOrDefault(n => n.Name == node) ?? throw new BootstrapException($"No node named {node}; nodes: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}.")];
    }
}

/// <summary>Resets one node over SSH; with a control-plane kubectl, drains and deletes the node from the API first.</summary>
public sealed class NodeReset(TextWriter log)
{
    public async Task RunAsync(NodeSession node, RemoteKubectl? controlPlane, ResetLayout layout, CancellationToken cancellationToken)
    {
        if (controlPlane is not null)
        {
            foreach (var command in ResetPlan.RemoveFromApi(controlPlane, node.Node))
                await controlPlane.Session.RunCheckedAsync(ShellText.Script(command), new CommandOptions(Timeout: TimeSpan.FromMinutes(3), Description: $"remove {node.Node} from the API"), cancellationToken);
            log.WriteLine($"{node.Node}: drained and deleted from the API.");
        }
        foreach (var step in ResetPlan.Build(layout))
        {
            await node.RunCheckedAsync(step.Script, new CommandOptions(Timeout: TimeSpan.FromMinutes(5), Description: step.Title), cancellationToken);
            log.WriteLine($"{node.Node}: {step.Title}");
        }
    }
}
