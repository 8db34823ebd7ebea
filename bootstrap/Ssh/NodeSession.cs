using System.Diagnostics;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace PiCluster.Bootstrap.Ssh;

/// <summary>
/// A verified SSH connection to one node. Every command runs as <c>/bin/sh -c '&lt;script&gt;'</c> (POSIX sh on both
/// Alpine and the test fixture, no login profile), with a timeout, its output streamed to the node's log.
/// </summary>
public sealed class NodeSession : IAsyncDisposable
{
    private readonly SshTransport _transport;
    private readonly NodeLog _log;
    private SshClient? _client;

    internal NodeSession(SshTransport transport, SshEndpoint endpoint, SshClient client, NodeLog log)
    {
        _transport = transport;
        Endpoint = endpoint;
        _client = client;
        _log = log;
    }

    public SshEndpoint Endpoint { get; }

    public string Node => Endpoint.Node;

    /// <summary>Writes a note to the node's log (step boundaries, decisions).</summary>
    public void Note(string text) => _log.Write('#', text);

    /// <summary>
    /// Runs a POSIX sh script and returns its exit code and output; a non-zero exit is a result, not an exception.
    /// Throws <see cref="SshTransportException"/> for a timeout (<see cref="SshFailure.CommandTimeout"/>) or a dropped
    /// connection (<see cref="SshFailure.ConnectionLost"/>). Commands are never retried: their effect is unknown.
    /// </summary>
    public async Task<CommandResult> RunAsync(string script, CommandOptions? options, CancellationToken cancellationToken)
    {
        options ??= CommandOptions.Default;
        var timeout = options.Timeout ?? _transport.Options.CommandTimeout;
        _log.Write('$', options.Description ?? script);
        // SSH.NET's own timeout stays off; the linked token below enforces ours and signals the remote process.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = new StringBuilder();
        var error = new StringBuilder();
        var clock = Stopwatch.StartNew();
        SshCommand? command = null;
        int exit;
        string? signal;
        try
        {
            if (_client is null) throw new SshConnectionException("not connected (an earlier reconnect failed)");
            command = _client.CreateCommand("/bin/sh -c " + PiCluster.Render.ShellWords.Quote(script));
            var execution = command.ExecuteAsync(limit.Token);
            if (options.StandardInput is not null)
            {
                await using var input = command.CreateInputStream();
                await input.WriteAsync(Encoding.UTF8.GetBytes(options.StandardInput), limit.Token);
            }
            var pumps = Task.WhenAll(
                PumpAsync(command.OutputStream, '|', output, options.Sensitive),
                PumpAsync(command.ExtendedOutputStream, '!', error, options.Sensitive));
            await execution;
            await pumps.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            exit = command.ExitStatus ?? -1;
            signal = command.ExitSignal;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && limit.IsCancellationRequested)
        {
            _log.Write('#', $"timed out after {timeout}");
            throw new SshTransportException(Node, SshFailure.CommandTimeout,
                $"command `{Label(options, script)}` did not finish within {timeout} and was stopped.");
        }
        catch (Exception e) when (e is SshConnectionException or SshException or ObjectDisposedException or IOException or InvalidOperationException
                                  && !cancellationToken.IsCancellationRequested)
        {
            _log.Write('#', $"connection lost: {e.Message}");
            throw new SshTransportException(Node, SshFailure.ConnectionLost,
                $"connection to {Endpoint} lost while running `{Label(options, script)}` ({e.Message}); its outcome is unknown — rerun to continue.", e);
        }
        finally
        {
            command?.Dispose();
        }
        _log.Write('#', $"exit {exit}{(signal is null ? "" : $" (signal {signal})")} after {clock.Elapsed.TotalSeconds:0.000}s");
        return new CommandResult(exit, output.ToString(), error.ToString(), clock.Elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit throws <see cref="SshFailure.CommandFailed"/> with the command's stderr.</summary>
    public async Task<CommandResult> RunCheckedAsync(string script, CommandOptions? options, CancellationToken cancellationToken)
    {
        var result = await RunAsync(script, options, cancellationToken);
        if (!result.Succeeded)
        {
            var detail = options?.Sensitive == true ? "(output not shown: sensitive)" : LastLines(result.Error.Length > 0 ? result.Error : result.Output);
            throw new SshTransportException(Node, SshFailure.CommandFailed,
                $"`{Label(options, script)}` failed with exit {result.ExitCode}: {detail}");
        }
        return result;
    }

    /// <summary>
    /// Drops the connection and reconnects once the node answers again (e.g. after a reboot), polling for at most
    /// <paramref name="timeout"/> (the reboot step's, <c>PhaseInputs.RebootTimeout</c>). The host key is verified as on
    /// every connection, so a node that comes back with another identity is refused.
    /// </summary>
    public async Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        DisposeClient();
        var time = _transport.Options.Time;
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                var fresh = await _transport.ConnectOnceAsync(Endpoint, cancellationToken);
                _client = fresh.DetachClient();
                _log.Write('#', $"reconnected after {time.GetElapsedTime(started).TotalSeconds:0.0}s");
                return;
            }
            catch (SshTransportException e) when (e.Failure == SshFailure.Unreachable && time.GetElapsedTime(started) < timeout)
            {
                await Task.Delay(_transport.Options.ReconnectPollInterval, time, cancellationToken);
            }
            catch (SshTransportException e) when (e.Failure == SshFailure.Unreachable)
            {
                throw new SshTransportException(Node, SshFailure.Unreachable,
                    $"did not answer again within {timeout} ({e.Message}).", e);
            }
        }
    }

    private SshClient DetachClient()
    {
        var client = _client!;
        _client = null;
        return client;
    }

    private async Task PumpAsync(Stream stream, char marker, StringBuilder sink, bool sensitive)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var pending = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            lock (sink) sink.Append(chars, 0, count);
            if (sensitive) continue;
            pending.Append(chars, 0, count);
            var text = pending.ToString();
            var end = text.LastIndexOf('\n');
            if (end < 0) continue;
            _log.Write(marker, text[..end]);
            pending.Clear().Append(text, end + 1, text.Length - end - 1);
        }
        if (!sensitive && pending.Length > 0) _log.Write(marker, pending.ToString());
        if (sensitive) _log.Write('#', $"({(marker == '|' ? "stdout" : "stderr")} not logged: sensitive)");
    }

    private static string Label(CommandOptions? options, string script) => FirstLine(options?.Description ?? script);

    private static string FirstLine(string script)
    {
        var line = script.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? "";
        return line.Length > 80 ? line[..80] + "…" : line;
    }

    private static string LastLines(string text)
    {
        var lines = text.TrimEnd().Split('\n');
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 5))).Trim();
    }

    private void DisposeClient()
    {
        if (_client is null) return;
        try
        {
            _client.Disconnect();
        }
        catch (Exception e) when (e is SshException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Already gone (rebooting node); nothing to close.
        }
        _client.Dispose();
        _client = null;
    }

    public ValueTask DisposeAsync()
    {
        DisposeClient();
        return ValueTask.CompletedTask;
    }
}
