using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace PiCluster.Bootstrap.Ssh;

/// <summary>
/// The only code in PiCluster that touches the network: SSH.NET connections to nodes, each verified against the
/// committed known_hosts, logged in with the operator's key, retried with backoff on connection failures only.
/// </summary>
public sealed class SshTransport : IDisposable
{
    private readonly KnownHosts _knownHosts;
    private readonly IPrivateKeySource _key;

    public SshTransport(SshTransportOptions options)
    {
        Options = options;
        _knownHosts = new KnownHosts(options.KnownHostsPath);
        if (!File.Exists(options.PrivateKeyPath))
        {
            throw new BootstrapException($"SSH private key {options.PrivateKeyPath} not found; pass --ssh-key <file>.");
        }
        try
        {
            _key = new PrivateKeyFile(options.PrivateKeyPath);
        }
        catch (Exception e) when (e is SshException or ArgumentException or InvalidOperationException)
        {
            throw new BootstrapException($"SSH private key {options.PrivateKeyPath} cannot be read ({e.Message}); an unencrypted OpenSSH key is needed.");
        }
        Logs = new NodeLogBook(options.LogFolder);
    }

    /// <summary>
    /// SSH.NET blocks pool threads during the handshake and while waiting on channels; on a small machine the pool
    /// would add threads one by one and serialise what should run in parallel across nodes. A process-wide setting, so
    /// the process's owner calls it once at start (bootstrap's Program, the test fixture), never a constructor.
    /// </summary>
    public static void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var completion);
        if (workers < MinPoolThreads) ThreadPool.SetMinThreads(MinPoolThreads, completion);
    }

    private const int MinPoolThreads = 64;

    public SshTransportOptions Options { get; }

    /// <summary>Per-node logs (<c>.picluster/logs/&lt;node&gt;.log</c>).</summary>
    public NodeLogBook Logs { get; }

    /// <summary>
    /// Connects with up to <see cref="SshTransportOptions.ConnectAttempts"/> attempts (backoff doubling from
    /// <see cref="SshTransportOptions.InitialBackoff"/>). Host-key and authentication failures are never retried.
    /// </summary>
    public async Task<NodeSession> ConnectAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        var delay = Options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectOnceAsync(endpoint, cancellationToken);
            }
            catch (SshTransportException e) when (e.Failure == SshFailure.Unreachable && attempt < Options.ConnectAttempts)
            {
                Logs.For(endpoint.Node).Write('#', $"connect attempt {attempt} failed: {e.InnerException?.Message}; retrying in {delay.TotalSeconds:0.##}s");
                await Task.Delay(delay, Options.Time, cancellationToken);
                delay *= 2;
            }
        }
    }

    /// <summary>One connection attempt; failures are classified into <see cref="SshFailure"/>.</summary>
    internal async Task<NodeSession> ConnectOnceAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        var log = Logs.For(endpoint.Node);
        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, _key))
        {
            Timeout = Options.ConnectTimeout,
        };
        var client = new SshClient(info) { KeepAliveInterval = Options.KeepAliveInterval };
        SshTransportException? rejected = null;
        client.HostKeyReceived += (_, e) =>
        {
            rejected = VerifyHostKey(endpoint, e.HostKeyName, Convert.ToBase64String(e.HostKey));
            e.CanTrust = rejected is null;
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ConnectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token);
            log.Write('#', $"connected to {endpoint}, host key verified");
            return new NodeSession(this, endpoint, client, log);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            if (rejected is not null)
            {
                log.Write('#', rejected.Message);
                throw rejected;
            }
            if (e is SshAuthenticationException)
            {
                throw new SshTransportException(endpoint.Node, SshFailure.AuthenticationFailed,
                    $"{endpoint} refused the key {Options.PrivateKeyPath} ({e.Message}).", e);
            }
            if (e is SocketException or SshConnectionException or SshOperationTimeoutException or OperationCanceledException or ProxyException or IOException)
            {
                throw new SshTransportException(endpoint.Node, SshFailure.Unreachable,
                    $"cannot connect to {endpoint}: {Describe(e)}", e);
            }
            throw;
        }
    }

    private SshTransportException? VerifyHostKey(SshEndpoint endpoint, string type, string base64)
    {
        var known = _knownHosts.KeysFor(endpoint);
        if (known.Any(k => k.Type == type && k.Base64 == base64)) return null;
        if (known.Count == 0)
        {
            if (Options.AcceptNewHostKeys)
            {
                _knownHosts.Add(endpoint, type, base64);
                Logs.For(endpoint.Node).Write('#', $"accepted new host key {type} {base64} into {_knownHosts.Path}");
                return null;
            }
            return new SshTransportException(endpoint.Node, SshFailure.UnknownHost,
                $"{endpoint} is not in {_knownHosts.Path}; write its card with `bootstrap card` (which records its host key) " +
                "or pass --accept-new-host-keys for a node prepared otherwise.");
        }
        return new SshTransportException(endpoint.Node, SshFailure.HostKeyMismatch,
            $"HOST KEY MISMATCH for {endpoint}: it presented {type} {base64}, but {_knownHosts.Path} records " +
            $"{string.Join(", ", known.Select(k => $"{k.Type} {k.Base64}"))}. Refusing to connect; if the card was rewritten, commit its new known_hosts line.");
    }

    internal static string Describe(Exception e) => e switch
    {
        OperationCanceledException or SshOperationTimeoutException => "timed out",
        SocketException s => s.SocketErrorCode.ToString(),
        _ => e.Message,
    };

    public void Dispose() => Logs.Dispose();
}
