using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PiCluster.TestSupport;

/// <summary>
/// A real etcd on loopback, started on port 0 for clients and peers: etcd binds, and its own log line
/// ("serving insecure client requests on 127.0.0.1:N") is both the ready event and where the port is read back.
/// Disposing kills exactly the process this started.
/// </summary>
public sealed partial class EtcdProcess : IDisposable
{
    public static readonly Dictionary<string, string> CtlEnv = new() { ["ETCDCTL_API"] = "3" };

    /// <summary>Loopback URL with port 0, for every listen/advertise/initial-cluster URL handed to etcd.</summary>
    public const string AnyPortUrl = "http://127.0.0.1:0";

    private readonly Process _process;

    private EtcdProcess(Process process, int clientPort)
    {
        _process = process;
        Endpoint = $"http://127.0.0.1:{clientPort}";
    }

    public static string Etcd => Tools.Require("etcd");

    public static string Etcdctl => Tools.Require("etcdctl");

    /// <summary>The client URL etcd actually listens on.</summary>
    public string Endpoint { get; }

    /// <summary>A fresh or restored single member named <paramref name="name"/> in <paramref name="dataDir"/>.</summary>
    public static EtcdProcess Start(string dataDir, string name, bool initialized = false) =>
        StartWith([
            $"--name={name}", $"--data-dir={dataDir}",
            $"--listen-client-urls={AnyPortUrl}", $"--advertise-client-urls={AnyPortUrl}",
            $"--listen-peer-urls={AnyPortUrl}", $"--initial-advertise-peer-urls={AnyPortUrl}",
            $"--initial-cluster={name}={AnyPortUrl}",
            .. initialized ? Array.Empty<string>() : ["--initial-cluster-state=new"],
        ]);

    /// <summary>etcd with exactly these arguments (e.g. a static pod's command line); its URLs must use port 0.</summary>
    public static EtcdProcess StartWith(IEnumerable<string> args)
    {
        var start = Tools.StartInfo("etcd", args);
        var log = new StringBuilder();
        var serving = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Tools.Start(start);
        void Read(string? line)
        {
            if (line is null) return;
            lock (log) log.AppendLine(line);
            if (ServingLine().Match(line) is { Success: true } m) serving.TrySetResult(int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => serving.TrySetException(new InvalidOperationException("etcd exited:\n" + Snapshot(log)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!serving.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            process.WaitForExit(10_000);
            throw new TimeoutException("etcd did not start serving clients in 30 s:\n" + Snapshot(log));
        }
        var server = new EtcdProcess(process, serving.Task.Result);
        return server;
    }

    /// <summary>Runs etcdctl against this server; a non-zero exit fails the test with etcdctl's output.</summary>
    public string Ctl(params string[] args)
    {
        var (code, output) = Shell.Run(Etcdctl, [$"--endpoints={Endpoint}", .. args], CtlEnv);
        Assert.True(code == 0, $"etcdctl {string.Join(' ', args)}: {output}");
        return output;
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    // etcd-io/etcd embed/serve.go logs the bound listener (sctx.l.Addr()) once its gRPC and HTTP servers run:
    // 3.4 (capnslog): "embed: serving insecure client requests on 127.0.0.1:42423, this is strongly discouraged!";
    // 3.5+ (zap JSON): "serving client traffic insecurely; this is strongly discouraged!",…"address":"127.0.0.1:42423".
    [GeneratedRegex(@"serving (?:insecure client requests on |client traffic insecurely.*""address"":"")127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ServingLine();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
