using PiCluster.Cluster.Model;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.Bootstrap.Steps;

/// <summary>
/// One idempotent piece of node setup: <see cref="IsDoneAsync"/> decides whether <see cref="ApplyAsync"/> is needed, and
/// <see cref="VerifyAsync"/> (by default the same check) is asked afterwards, so a step only counts as done when the
/// effect is confirmed.
/// </summary>
public abstract class NodeStep(string name)
{
    /// <summary>Short kebab-case name shown in plans, progress and errors, e.g. "time-sync".</summary>
    public string Name { get; } = name;

    /// <summary>True when the node already is as this step wants it. Must not change anything.</summary>
    public abstract Task<bool> IsDoneAsync(StepContext context);

    /// <summary>Makes the change. Runs only when <see cref="IsDoneAsync"/> said false.</summary>
    public abstract Task ApplyAsync(StepContext context);

    /// <summary>
    /// After the action: true when it had its effect. The check, unless the step's check is "do it anyway" (secrets
    /// --rotate): such a step compares what its action wrote instead, since its check can never say done.
    /// </summary>
    public virtual Task<bool> VerifyAsync(StepContext context) => IsDoneAsync(context);

    /// <summary>Every shell text this step may send, for the shellcheck test.</summary>
    public abstract IEnumerable<ShellSnippet> Snippets { get; }

    /// <summary>The shell texts this step sends to <paramref name="node"/>, as sent (for `--dry-run --scripts`).</summary>
    public virtual IEnumerable<ShellSnippet> ScriptsFor(Node node) => Snippets;
}

/// <summary>A shell text the tool sends, named for test output.</summary>
public sealed record ShellSnippet(string Name, string Text);

/// <summary>What a step sees while it runs: its node, a session to it, sessions to other nodes and the run's shared state.</summary>
public sealed class StepContext(Node node, NodeSession session, StepRun run, CancellationToken cancellationToken)
{
    public Node Node { get; } = node;

    public NodeSession Session { get; } = session;

    public StepRun Run { get; } = run;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A session to another node of the plan (e.g. a worker's join asks the control plane for a token).</summary>
    public Task<NodeSession> SessionToAsync(Node other) => Run.SessionAsync(other, CancellationToken);

    /// <summary>Runs a script and maps exit 0 ⇒ true, 1 ⇒ false; anything else is an error (a broken check must not look like "needed").</summary>
    public async Task<bool> CheckAsync(NodeSession session, string script, CommandOptions? options = null)
    {
        var result = await session.RunAsync(script, options ?? CheckOptions, CancellationToken);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new SshTransportException(session.Node, SshFailure.CommandFailed,
                $"check `{options?.Description ?? "check"}` failed with exit {result.ExitCode}: {result.Error.Trim()}"),
        };
    }

    public Task<bool> CheckAsync(string script, CommandOptions? options = null) => CheckAsync(Session, script, options);

    private static readonly CommandOptions CheckOptions = new(Timeout: TimeSpan.FromMinutes(1), Description: "check");
}
