using System.Net.Sockets;
using System.Text;

namespace PiCluster.TestSupport;

/// <summary>
/// A minimal HTTP/1.1 GET server on a loopback socket it bound to port 0 and keeps (no port is probed and released).
/// One request per connection; <c>Connection: close</c> on every answer. Written by hand: HttpListener needs a port
/// number up front, which is exactly the race this avoids.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = LoopbackPorts.Listen();
    private readonly Func<string, byte[]?> _files;
    private readonly List<string> _paths = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="files">Body for a path, or null for 404.</param>
    public LoopbackHttpServer(Func<string, byte[]?> files)
    {
        _files = files;
        BaseUri = new Uri($"http://127.0.0.1:{LoopbackPorts.PortOf(_listener)}/");
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    /// <summary>Paths requested so far, in order.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_paths) return [.. _paths];
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(_stop.Token) ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                    // Headers are not needed: every request is a plain GET.
                }
                var parts = requestLine.Split(' ');
                var path = parts.Length > 1 ? new Uri(BaseUri, parts[1]).AbsolutePath : "/";
                lock (_paths) _paths.Add(path);
                var body = parts[0] == "GET" ? _files(path) : null;
                var head = body is null
                    ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    : $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                if (body is not null) await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
