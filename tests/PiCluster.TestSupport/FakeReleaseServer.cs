using System.Net;
using System.Net.Sockets;

namespace PiCluster.TestSupport;

/// <summary>Serves files at fixed paths on 127.0.0.1 (a stand-in for GitHub's release assets) and counts requests.</summary>
public sealed class FakeReleaseServer : IDisposable
{
    /// <summary>A fake Flux install.yaml: the real one cannot be downloaded here; only its shape matters to the tests.</summary>
    public const string FakeFluxInstallYaml = "---\n# Flux Version: v2.9.4 (fake for tests)\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n";

    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly Task _loop;
    private int _requests;

    public FakeReleaseServer(Dictionary<string, byte[]> files)
    {
        _files = files;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/releases/");
        }
        _listener.Prefixes.Add(BaseUri.GetLeftPart(UriPartial.Authority) + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    public int Requests => Volatile.Read(ref _requests);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            if (_files.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
            {
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
