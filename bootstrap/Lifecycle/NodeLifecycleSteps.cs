using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Lifecycle;

/// <summary>
/// The steps of `node replace` and `node remove`. Those about a worker's Node object run in the control plane's work
/// (<see cref="About"/>): the worker may be dead, and the engine connects to a work's node before its first step.
/// </summary>
public static class NodeLifecycleSteps
{
    /// <summary>A step written for <paramref name="target"/> (it asks the control plane about it), run in the control plane's work.</summary>
    public static NodeStep About(Node target, NodeStep inner) => new AboutNodeStep(target, inner);

    /// <summary>
    /// <paramref name="inner"/> runs only while the worker's Node belongs to a card that is no longer in the Pi (see
    /// <see cref="ReplacementGate"/>); otherwise it counts as done — a rerun after a finished replacement changes nothing.
    /// </summary>
    public static NodeStep WhenReplacing(ReplacementGate gate, NodeStep inner) => new GatedStep(gate, inner);

    /// <summary>
    /// Issue 18's drain (kubectl drain, bounded by <paramref name="timeout"/>, a PodDisruptionBudget that never allows an
    /// eviction stops it), but only while the Node exists and is Ready: a dead node's Pods cannot leave gracefully, so its
    /// drain is skipped with a note and its Pods are force-deleted once the Node is gone.
    /// </summary>
    public static NodeStep DrainIfReachable(Node controlPlane, TimeSpan timeout, TextWriter report) =>
        new DrainIfReachableStep(controlPlane, NodeDrainSteps.Drain(controlPlane, timeout), report);

    public static NodeStep DeleteNode(Node controlPlane) => NodeDrainSteps.DeleteNode(controlPlane);

    public static NodeStep ForceDeletePods(Node controlPlane) => new ForceDeletePodsStep(controlPlane);

    /// <summary>
    /// Before the nodes phase on a replaced worker: the card in it is the new one. A node that still has kubelet.conf but
    /// no Node object is the old card (its Node was just deleted): stop there instead of preparing the old system.
    /// </summary>
    public static NodeStep NewCard(Node controlPlane) => new NewCardStep(controlPlane);

    /// <summary>bootstrap reset's steps on the worker, when it answers; an unreachable one is skipped with a note.</summary>
    public static NodeStep ResetIfReachable(Node target, IReadOnlyList<NodeStep> reset, TextWriter report) => new ResetIfReachableStep(target, reset, report);

    private sealed class GatedStep(ReplacementGate gate, NodeStep inner) : NodeStep(inner.Name)
    {
        public override async Task<bool> IsDoneAsync(StepContext context) =>
            !await gate.NeededAsync(context) || await inner.IsDoneAsync(context);

        public override Task ApplyAsync(StepContext context) => inner.ApplyAsync(context);

        public override IEnumerable<ShellSnippet> Snippets => gate.ScriptsFor(context: null).Concat(inner.Snippets);

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => gate.ScriptsFor(node).Concat(inner.ScriptsFor(node));
    }

    private sealed class AboutNodeStep(Node target, NodeStep inner) : NodeStep($"{inner.Name} {target.Name}")
    {
        private StepContext For(StepContext context) => new(target, context.Session, context.Run, context.CancellationToken);

        public override Task<bool> IsDoneAsync(StepContext context) => inner.IsDoneAsync(For(context));

        public override Task ApplyAsync(StepContext context) => inner.ApplyAsync(For(context));

        public override IEnumerable<ShellSnippet> Snippets => inner.ScriptsFor(target);

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => inner.ScriptsFor(target);
    }

    private sealed class DrainIfReachableStep(Node controlPlane, NodeStep drain, TextWriter report) : NodeStep("drain")
    {
        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var session = await context.SessionToAsync(controlPlane);
            var node = await NodeObjects.NodeAsync(session, context.Node.Name, context.CancellationToken);
            if (node is null) return true;
            if (!DrainState.IsReady(node))
            {
                var note = $"{context.Node.Name} is not Ready: drain skipped (its Pods cannot leave gracefully; they are force-deleted once its Node is deleted).";
                session.Note(note);
                await report.WriteLineAsync(note);
                return true;
            }
            return await drain.IsDoneAsync(context);
        }

        public override Task ApplyAsync(StepContext context) => drain.ApplyAsync(context);

        public override IEnumerable<ShellSnippet> Snippets => drain.Snippets;

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => drain.ScriptsFor(node);
    }

    private sealed class ForceDeletePodsStep(Node controlPlane) : NodeStep("force-delete-pods")
    {
        private static string Delete(string node, IEnumerable<string> pods) =>
            NodeShell.Script(NodeScripts.Apply(LifecycleScripts.PodsForceDelete, ("NODE", node), ("ADMIN_CONF", KubeadmPhase.AdminConf), ("PODS", string.Join(' ', pods))));

        /// <summary>Done while the Node exists (its kubelet owns its Pods) or once nothing is bound to the deleted Node.</summary>
        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var session = await context.SessionToAsync(controlPlane);
            if (await NodeObjects.NodeAsync(session, context.Node.Name, context.CancellationToken) is not null) return true;
            return (await NodeObjects.PodsOnAsync(session, context.Node.Name, context.CancellationToken)).Count == 0;
        }

        public override async Task ApplyAsync(StepContext context)
        {
            var session = await context.SessionToAsync(controlPlane);
            var pods = (await NodeObjects.PodsOnAsync(session, context.Node.Name, context.CancellationToken))
                .Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}").Order(StringComparer.Ordinal).ToList();
            await session.RunCheckedAsync(Delete(context.Node.Name, pods),
                new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: $"force-delete {pods.Count} Pod(s) of {context.Node.Name}"), context.CancellationToken);
        }

        public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
        [
            new($"{Name}.check (on {controlPlane.Name}): node", NodeObjects.GetNodeScript(node.Name)),
            new($"{Name}.check (on {controlPlane.Name}): pods", NodeObjects.GetPodsScript(node.Name)),
            new($"{Name}.action (on {controlPlane.Name})", Delete(node.Name, ["<namespace>/<pod bound to it, read at run time>"])),
        ];
    }

    private sealed class NewCardStep(Node controlPlane) : NodeStep("new-card")
    {
        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var joined = await context.CheckAsync(JoinStep.LocalCheck(context.Node.Name), new CommandOptions(Description: "new-card: kubelet.conf present"));
            if (!joined) return true;
            var registered = await context.CheckAsync(await context.SessionToAsync(controlPlane), JoinStep.RegisteredCheck(context.Node.Name),
                new CommandOptions(Description: $"new-card: node {context.Node.Name} registered"));
            if (registered) return true;
            throw new StepFailedException(
                $"{context.Node.Name} still runs its old card (kubelet.conf, but its Node was deleted): write the new card " +
                $"(bootstrap card --node {context.Node.Name} …), put it in and boot, then rerun `bootstrap node replace {context.Node.Name}`.");
        }

        public override Task ApplyAsync(StepContext context) => Task.CompletedTask;

        public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
        [
            new($"{Name}.local-check", JoinStep.LocalCheck(node.Name)),
            new($"{Name}.registered-check (on {controlPlane.Name})", JoinStep.RegisteredCheck(node.Name)),
        ];
    }

    /// <summary>Runs the reset steps through a session to the worker opened here, so an unreachable worker is a note, not a failure.</summary>
    private sealed class ResetIfReachableStep(Node target, IReadOnlyList<NodeStep> reset, TextWriter report) : NodeStep($"reset {target.Name}")
    {
        private async Task<StepContext?> TargetAsync(StepContext context)
        {
            try
            {
                var session = await context.Run.SessionAsync(target, context.CancellationToken);
                return new StepContext(target, session, context.Run, context.CancellationToken);
            }
            catch (SshTransportException e) when (e.Failure == SshFailure.Unreachable)
            {
                var note = $"{target.Name} does not answer: reset skipped. Wipe its card before you use it again (or run `bootstrap reset --node {target.Name}` once it is back).";
                context.Session.Note(note);
                await report.WriteLineAsync(note);
                return null;
            }
        }

        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            if (await TargetAsync(context) is not { } on) return true;
            foreach (var step in reset)
            {
                if (!await step.IsDoneAsync(on)) return false;
            }
            return true;
        }

        public override async Task ApplyAsync(StepContext context)
        {
            if (await TargetAsync(context) is not { } on) return;
            foreach (var step in reset)
            {
                if (await step.IsDoneAsync(on)) continue;
                on.Session.Note($"step {step.Name}: action");
                await step.ApplyAsync(on);
                if (!await step.IsDoneAsync(on)) throw new StepFailedException($"{target.Name} / {step.Name}: the action ran but the check still fails");
            }
        }

        public override IEnumerable<ShellSnippet> Snippets => reset.SelectMany(s => s.ScriptsFor(target)).Select(s => s with { Name = $"{s.Name} (on {target.Name})" });

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => Snippets;
    }
}
