using System.Diagnostics;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.TestSupport;

/// <summary>
/// Real OpenSSH servers on loopback, one per test node, each with its own host key, port, node root
/// (<c>NODE_ROOT</c>), HOME and PATH (fake binaries first). Nodes ask for a restart or a stop by dropping marker
/// files in <c>$NODE_ROOT/fake/</c> (the fake reboot does); the fixture watches for them and acts on the sshd it owns.
/// </summary>
public sealed class SshNodeFixture : IAsyncDisposable
{
    private readonly Dictionary<string, TestNode> _nodes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watcher;
    // Released whenever a marker file may have appeared; the watcher scans then, instead of polling on a timer.
    private readonly SemaphoreSlim _markers = new(0);
    private readonly List<FileSystemWatcher> _markerWatchers = [];

    private SshNodeFixture(string baseFolder)
    {
        Base = baseFolder;
        ClientKey = Path.Combine(Base, "client_ed25519");
        KnownHosts = Path.Combine(Base, "known_hosts");
        LogFolder = Path.Combine(Base, "logs");
        ClusterState = Path.Combine(Base, "cluster");
        _watcher = Task.Run(() => WatchAsync(_stop.Token));
    }

    public string Base { get; }

    public string ClientKey { get; }

    public string KnownHosts { get; }

    public string LogFolder { get; }

    /// <summary>State shared by the fake kubeadm/kubectl of every node (joined nodes, taints, applied manifests).</summary>
    public string ClusterState { get; }

    public IReadOnlyCollection<TestNode> Nodes => _nodes.Values;

    public TestNode this[string node] => _nodes[node];

    /// <summary>Starts one sshd per node name; every node's host key goes into <see cref="KnownHosts"/> as "name,[127.0.0.1]:port".</summary>
    /// <param name="ports">Where node ports come from; default <see cref="LoopbackPorts.ForServerThatCannotTakeZero"/>.</param>
    public static async Task<SshNodeFixture> StartAsync(IEnumerable<string> nodeNames, Action<TestNode>? prepareRoot = null, Func<int>? ports = null)
    {
        // As bootstrap's Program does: the test process is the one that owns the pool setting.
        PiCluster.Bootstrap.Ssh.SshTransport.RaiseThreadPoolMinimum();
        ports ??= LoopbackPorts.ForServerThatCannotTakeZero;
        var fixture = new SshNodeFixture(Path.Combine(Path.GetTempPath(), "picluster-ssh-" + Guid.NewGuid().ToString("N")[..12]));
        Directory.CreateDirectory(fixture.Base);
        Directory.CreateDirectory(fixture.ClusterState);
        Tools.Require("sshd", "ssh-keygen");
        Directory.CreateDirectory("/run/sshd");
        await KeygenAsync(fixture.ClientKey);
        File.Copy(fixture.ClientKey + ".pub", Path.Combine(fixture.Base, "authorized_keys"));
        foreach (var name in nodeNames)
        {
            var node = new TestNode(fixture, name, ports());
            Directory.CreateDirectory(node.Root);
            Directory.CreateDirectory(Path.Combine(node.Root, "fake"));
            fixture.WatchMarkers(Path.Combine(node.Root, "fake"));
            Directory.CreateDirectory(node.Home);
            Directory.CreateDirectory(node.FakeBin);
            await KeygenAsync(node.HostKeyPath);
            File.WriteAllText(node.ConfigPath, fixture.SshdConfig(node));
            prepareRoot?.Invoke(node);
            // The watcher already runs and reads _nodes: add under its lock.
            lock (fixture._nodes) fixture._nodes.Add(name, node);
        }
        await Task.WhenAll(fixture._nodes.Values.Select(n => n.StartOnFreePortAsync(ports)));
        // Written once every sshd holds its port (a clash moves a node to another one).
        File.WriteAllLines(fixture.KnownHosts, fixture._nodes.Values.Select(n => $"{n.Name},[127.0.0.1]:{n.Port} {n.HostPublicKey}"));
        return fixture;
    }

    public SshEndpoint Endpoint(string node) => new(node, "127.0.0.1", _nodes[node].Port);

    /// <summary>Transport options for tests: short timeouts and backoff so failures surface in seconds.</summary>
    public SshTransportOptions TransportOptions(bool acceptNew = false) =>
        new(ClientKey, KnownHosts, LogFolder, acceptNew)
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectAttempts = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            CommandTimeout = TimeSpan.FromSeconds(60),
            ReconnectPollInterval = TimeSpan.FromMilliseconds(200),
        };

    private string SshdConfig(TestNode node) =>
        $"""
        Port {node.Port}
        ListenAddress 127.0.0.1
        HostKey {node.HostKeyPath}
        PidFile {Path.Combine(Base, node.Name + ".pid")}
        AuthorizedKeysFile {Path.Combine(Base, "authorized_keys")}
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        PrintMotd no
        LogLevel INFO
        MaxStartups 100
        MaxSessions 100
        SetEnv HOME={node.Home} PATH={node.FakeBin}:/usr/bin:/bin NODE_ROOT={node.Root} FAKE_NODE={node.Name} FAKE_CLUSTER={ClusterState}

        """.ReplaceLineEndings("\n");

    private void WatchMarkers(string folder)
    {
        var watcher = new FileSystemWatcher(folder, "*-*") { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += (_, _) => _markers.Release();
        watcher.Renamed += (_, _) => _markers.Release();
        watcher.Error += (_, _) => _markers.Release(); // an overflowed event queue: scan anyway
        watcher.EnableRaisingEvents = true;
        lock (_markerWatchers) _markerWatchers.Add(watcher);
        _markers.Release(); // a marker written before the watcher existed is found by the next scan
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TestNode[] nodes;
            lock (_nodes) nodes = [.. _nodes.Values];
            foreach (var node in nodes)
            {
                var fake = Path.Combine(node.Root, "fake");
                if (TryTake(Path.Combine(fake, "stop-sshd")))
                {
                    node.Kill();
                }
                if (TryTake(Path.Combine(fake, "reboot-sshd")))
                {
                    node.Kill();
                    if (!await node.BootAsync()) continue; // the firmware found nothing to boot: the node stays down
                    if (TryTake(Path.Combine(fake, "new-host-key-on-boot"))) await node.NewHostKeyAsync();
                    await Task.Delay(300, CancellationToken.None); // the node is down for a moment, as a real reboot is
                    await node.StartAsync();
                }
            }
            try
            {
                await _markers.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static bool TryTake(string marker)
    {
        if (!File.Exists(marker)) return false;
        File.Delete(marker);
        return true;
    }

    internal static async Task KeygenAsync(string path)
    {
        using var process = Tools.Start(Tools.StartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", path]));
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed: " + await process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watcher;
        lock (_markerWatchers)
        {
            foreach (var watcher in _markerWatchers) watcher.Dispose();
        }
        foreach (var node in _nodes.Values) node.Kill();
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
            // A session process may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
        }
        _stop.Dispose();
    }

    internal static Process StartSshd(string config) => Tools.Start(Tools.StartInfo("sshd", ["-D", "-e", "-f", config]));

    internal void WriteConfig(TestNode node) => File.WriteAllText(node.ConfigPath, SshdConfig(node));
}

/// <summary>One test node: its sshd, port, host key and the folder standing in for its root filesystem.</summary>
public sealed class TestNode(SshNodeFixture fixture, string name, int port)
{
    private const int PortAttempts = 20;

    private readonly Lock _lock = new();
    private Process? _sshd;

    public string Name { get; } = name;

    /// <summary>sshd's port; fixed once the first start succeeded (restarts and known_hosts use it).</summary>
    public int Port { get; private set; } = port;

    /// <summary>The node's "/" for the steps (NODE_ROOT).</summary>
    public string Root => Path.Combine(fixture.Base, Name, "root");

    public string Home => Path.Combine(fixture.Base, Name, "home");

    public string FakeBin => Path.Combine(fixture.Base, Name, "fakebin");

    /// <summary>State shared by the fakes of every node (FAKE_CLUSTER).</summary>
    public string ClusterState => fixture.ClusterState;

    public string HostKeyPath => Path.Combine(fixture.Base, Name + "_host_ed25519_key");

    public string ConfigPath => Path.Combine(fixture.Base, Name + ".sshd_config");

    /// <summary>"ssh-ed25519 AAAA…" without the comment.</summary>
    public string HostPublicKey => string.Join(' ', File.ReadAllText(HostKeyPath + ".pub").Split(' ').Take(2));

    public string RootPath(string relative) => Path.Combine(Root, relative.TrimStart('/'));

    public bool IsRunning
    {
        get
        {
            lock (_lock) return _sshd is { HasExited: false };
        }
    }

    /// <summary>
    /// First start: sshd cannot listen on port 0, so it binds a port from <see cref="LoopbackPorts"/> itself; when
    /// something else holds that port sshd says so and exits, and the node moves to the next port.
    /// </summary>
    internal async Task StartOnFreePortAsync(Func<int> ports)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (PortInUseException) when (attempt < PortAttempts)
            {
                Port = ports();
                fixture.WriteConfig(this);
            }
        }
    }

    /// <summary>Starts sshd and waits for its own "Server listening" line (a TCP answer could come from another process).</summary>
    public async Task StartAsync()
    {
        Process sshd;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        lock (_lock)
        {
            if (_sshd is { HasExited: false }) return;
            sshd = _sshd = SshNodeFixture.StartSshd(ConfigPath);
        }
        // Drain stderr for the process's lifetime (INFO lines per connection would otherwise fill the pipe).
        _ = Task.Run(async () =>
        {
            while (await sshd.StandardError.ReadLineAsync() is { } line)
            {
                lock (log) log.AppendLine(line);
                if (line.Contains("Server listening on", StringComparison.Ordinal)) listening.TrySetResult();
            }
            var text = Logged(log);
            listening.TrySetException(text.Contains("Address already in use", StringComparison.Ordinal)
                ? new PortInUseException($"sshd for {Name}: port {Port} is taken: {text}")
                : new InvalidOperationException($"sshd for {Name} on port {Port} exited: {text}"));
        });
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"sshd for {Name} did not start listening on {Port}: {Logged(log)}");
        }
        catch (PortInUseException)
        {
            lock (_lock)
            {
                sshd.WaitForExit(5000);
                if (ReferenceEquals(_sshd, sshd)) _sshd = null;
            }
            sshd.Dispose();
            throw;
        }
    }

    private static string Logged(System.Text.StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    /// <summary>Exit code of fake-boot when the firmware cannot start Linux (missing kernel, initramfs or device tree).</summary>
    public const int FirmwareCannotBoot = 3;

    /// <summary>
    /// Runs the FAKE boot script (firmware files from config.txt, new boot id, root from cmdline.txt, services from the
    /// runlevel), if installed. False when the firmware could not boot: the reason is kept in fake/boot-failed and the
    /// node stays down, as a Pi would.
    /// </summary>
    public async Task<bool> BootAsync()
    {
        var script = Path.Combine(FakeBin, "fake-boot");
        if (!File.Exists(script)) return true;
        var start = Tools.StartInfo("sh", [script]);
        start.Environment["NODE_ROOT"] = Root;
        start.Environment["PATH"] = "/usr/bin:/bin";
        using var process = Tools.Start(start);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode == FirmwareCannotBoot)
        {
            await File.WriteAllTextAsync(Path.Combine(Root, "fake", "boot-failed"), error);
            return false;
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"fake-boot failed on {Name}: {error}");
        return true;
    }

    /// <summary>Kills sshd and every session it forked, like a node going away.</summary>
    public void Kill()
    {
        lock (_lock)
        {
            if (_sshd is null) return;
            // Top-down (sshd, then its sessions, then their shells), so a session cannot report its shell's death first.
            foreach (var pid in Descendants(_sshd.Id).Prepend(_sshd.Id))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already exited.
                }
            }
            _sshd.WaitForExit(5000);
            _sshd.Dispose();
            _sshd = null;
        }
    }

    /// <summary>Replaces the node's host key (a rewritten card, or an impostor) without touching known_hosts.</summary>
    public async Task ReplaceHostKeyAsync()
    {
        await NewHostKeyAsync();
        Kill();
        await StartAsync();
    }

    internal async Task NewHostKeyAsync()
    {
        File.Delete(HostKeyPath);
        File.Delete(HostKeyPath + ".pub");
        await SshNodeFixture.KeygenAsync(HostKeyPath);
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // Format: pid (comm) state ppid …; comm may contain spaces, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], out var parent))
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            foreach (var child in children.GetValueOrDefault(queue.Dequeue(), []))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }
}

/// <summary>sshd could not bind its port because another process holds it.</summary>
public sealed class PortInUseException(string message) : Exception(message);
