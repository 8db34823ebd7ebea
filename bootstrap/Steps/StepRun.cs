using System.Collections.Concurrent;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Steps;

/// <summary>
/// State shared by every step of one run: one SSH session per node (opened on first use, reused across stages) and
/// in-memory values such as the worker join command, which never reach the disk.
/// </summary>
public sealed class StepRun(SshTransport transport, Func<Node, SshEndpoint> endpoints, PhaseInputs inputs) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<NodeSession>>> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new(StringComparer.Ordinal);

    public PhaseInputs Inputs { get; } = inputs;

    public string LogPath(Node node) => transport.Logs.PathFor(node.Name);

    /// <summary>A note in the node's log, also when no session to it could be opened.</summary>
    public void Note(Node node, string text) => transport.Logs.For(node.Name).Write('#', text);

    public async Task<NodeSession> SessionAsync(Node node, CancellationToken cancellationToken)
    {
        var lazy = _sessions.GetOrAdd(node.Name, _ => new Lazy<Task<NodeSession>>(() => transport.ConnectAsync(endpoints(node), cancellationToken)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed connect is not cached: a later stage or step may try again.
            _sessions.TryRemove(new KeyValuePair<string, Lazy<Task<NodeSession>>>(node.Name, lazy));
            throw;
        }
    }

    /// <summary>A value computed once per run by whichever step asks first (e.g. the join command); failures are not cached.</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create) where T : class
    {
        var lazy = _shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create()));
        try
        {
            return (T)await lazy.Value;
        }
        catch
        {
            _shared.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(key, lazy));
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _sessions.Values)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully) continue;
            await lazy.Value.Result.DisposeAsync();
        }
        _sessions.Clear();
        _shared.Clear();
    }
}
