using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Drain;

/// <summary>
/// A step about one node whose check and action run on the control plane (kubectl with admin.conf): the scripts take the
/// node's name, so `--dry-run --scripts` shows them for each node they will run for.
/// </summary>
public class ControlPlaneScriptStep(string name, Node controlPlane, Func<Node, string> check, Func<Node, string> action, TimeSpan? actionTimeout = null)
    : NodeStep(name)
{
    public Node ControlPlane { get; } = controlPlane;

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var session = await context.SessionToAsync(ControlPlane);
        return await context.CheckAsync(session, NodeShell.Script(check(context.Node)), new CommandOptions(Description: $"{Name} {context.Node.Name}: check"));
    }

    public override async Task ApplyAsync(StepContext context)
    {
        var session = await context.SessionToAsync(ControlPlane);
        await session.RunCheckedAsync(NodeShell.Script(action(context.Node)),
            new CommandOptions(Timeout: actionTimeout, Description: $"{Name} {context.Node.Name}: action"), context.CancellationToken);
    }

    public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
    [
        new($"{Name}.check (on {ControlPlane.Name})", NodeShell.Script(check(node))),
        new($"{Name}.action (on {ControlPlane.Name})", NodeShell.Script(action(node))),
    ];
}
