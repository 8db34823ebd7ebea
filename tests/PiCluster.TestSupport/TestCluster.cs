using LibGit2Sharp;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.TestSupport;

/// <summary>
/// The home cluster's six nodes as loopback sshd test nodes with FAKE binaries, plus a scratch "repository" (state
/// folder, rendered flannel manifest) and a scratch kubeconfig, so a run touches nothing outside its temp folder.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(SshNodeFixture fixture, ClusterDefinition definition, string repository)
    {
        Fixture = fixture;
        Definition = definition;
        Repository = repository;
        State = new StateFolder(repository);
        Kubeconfig = Path.Combine(repository, "home", ".kube", "config");
    }

    public SshNodeFixture Fixture { get; }

    public ClusterDefinition Definition { get; }

    public string Repository { get; }

    public StateFolder State { get; }

    public string Kubeconfig { get; }

    /// <summary>A FAKE Flux install.yaml (the real one cannot be downloaded here), pinned in <see cref="Definition"/>.</summary>
    public string FluxManifest => Path.Combine(Fixture.Base, "install.yaml");

    public PhaseInputs Inputs => new(Definition, State, Kubeconfig)
    {
        FluxReadyTimeout = TimeSpan.FromSeconds(20),
        // What an operator sets for the values nobody can generate (the alert receiver's URL).
        Environment = OperatorSecrets.Environment(Definition).GetValueOrDefault,
        Report = TextWriter.Null,
        PollInterval = TimeSpan.FromMilliseconds(200),
        ReadyTimeout = TimeSpan.FromSeconds(20),
        RebootTimeout = TimeSpan.FromSeconds(30),
        JoinRegistrationTimeout = TimeSpan.FromSeconds(3),
        ApiServerWait = TimeSpan.FromSeconds(3),
    };

    /// <param name="configure">Changes to the home cluster's definition (e.g. another Kubernetes version) before anything starts.</param>
    /// <param name="spareNodes">Test nodes started beside the definition's, freshly carded but not in the model yet (a Pi about to be added).</param>
    public static async Task<TestCluster> StartAsync(int nodeCount = 6, Func<ClusterDefinition, ClusterDefinition>? configure = null, IReadOnlyList<string>? spareNodes = null)
    {
        var definition = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes.Take(nodeCount)] };
        definition = configure?.Invoke(definition) ?? definition;
        var fixture = await SshNodeFixture.StartAsync(definition.Nodes.Select(n => n.Name).Concat(spareNodes ?? []), FakeBinaries.Install);
        // Flux syncs from a "Git host" that is pi0's own sshd (ssh-keyscan reads its key); the checkout is a real Git
        // repository holding the rendered tree, with the pinned FAKE install manifest render copied in.
        File.WriteAllText(Path.Combine(fixture.Base, "install.yaml"), FakeReleaseServer.FakeFluxInstallYaml);
        definition = definition with
        {
            Git = new GitSource($"ssh://git@127.0.0.1:{fixture[definition.Nodes[0].Name].Port}/home-lab/picluster.git", "main"),
            Flux = new FluxSettings("v2.9.4", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(FakeReleaseServer.FakeFluxInstallYaml)))),
        };
        ServeNfs(fixture, definition);
        var repository = Path.Combine(fixture.Base, "repo");
        LibGit2Sharp.Repository.Init(repository);
        var tree = nodeCount >= 3 ? PiCluster.Render.ClusterRenderer.Render(definition, FakeReleaseServer.FakeFluxInstallYaml) : PiCluster.Render.ClusterRenderer.Render(definition with { Nodes = HomeCluster.Definition.Nodes }, FakeReleaseServer.FakeFluxInstallYaml);
        PiCluster.Render.Output.TreeWriter.Write(tree, Path.Combine(repository, "rendered"));
        WriteFluxTree(fixture, tree);
        File.Copy(Path.Combine(TestPaths.RepoRoot, ".gitignore"), Path.Combine(repository, ".gitignore"));
        using (var repo = new LibGit2Sharp.Repository(repository))
        {
            LibGit2Sharp.Commands.Stage(repo, "*");
            var me = new LibGit2Sharp.Signature("Test Operator", "operator@example.invalid", DateTimeOffset.UnixEpoch);
            repo.Commit("Rendered tree", me, me);
        }
        return new TestCluster(fixture, definition, repository);
    }

    /// <summary>
    /// What the FAKE Flux applies from Git (fake-kubectl-objects adopts these objects once the root Kustomization is
    /// Ready): every object of the rendered tree, as "Kind@namespace@name" (kustomize's own kustomization.yaml files
    /// have no name and are not objects).
    /// </summary>
    private static void WriteFluxTree(SshNodeFixture fixture, IEnumerable<PiCluster.Render.RenderedText> tree)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in tree.Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(file.Content));
            foreach (var doc in stream.Documents.Select(d => d.RootNode).OfType<YamlDotNet.RepresentationModel.YamlMappingNode>())
            {
                var kind = doc.Str("kind");
                var name = doc.Str("metadata", "name");
                if (kind is null || name is null) continue;
                ids.Add($"{kind}@{doc.Str("metadata", "namespace") ?? "_"}@{name}");
            }
        }
        var folder = Path.Combine(fixture.ClusterState, "flux");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "tree"), ids);
    }

    /// <summary>
    /// The same nodes and checkout under another definition (a node added to or removed from the model). Dispose only
    /// the original: the nodes are shared.
    /// </summary>
    public TestCluster With(ClusterDefinition definition) => new(Fixture, definition, Repository);

    /// <summary>The FAKE NFS server (see FakeBinaries' mount): every export of the definition with the folders services use.</summary>
    public static void ServeNfs(SshNodeFixture fixture, ClusterDefinition definition, string? rootSquashExport = null)
    {
        var nfs = Path.Combine(fixture.ClusterState, "nfs");
        Directory.CreateDirectory(nfs);
        // The server's /etc/exports as rendered/README.md lists it: each export to the addresses its Clients name.
        File.WriteAllLines(Path.Combine(nfs, "exports"), definition.Nfs.Exports.Select(e =>
            $"{definition.Nfs.Address} {e.Path}{(e.Name == rootSquashExport ? " root_squash" : "")} clients=" +
            string.Join(",", (e.Clients == NfsClients.ControlPlane ? [definition.ControlPlane] : definition.Nodes).Select(n => n.Address))));
        File.WriteAllLines(Path.Combine(nfs, "addresses"), definition.Nodes.Select(n => $"{n.Name} {n.Address}"));
        // Each export, and every folder a service of the model mounts from it (the operator creates those on the server).
        var folders = definition.Services.All
            .SelectMany(entry => entry.Service is System.Collections.IEnumerable many ? many.Cast<object>() : [entry.Service])
            .OfType<IUsesNfs>()
            .SelectMany(service => service.NfsVolumes)
            .ToLookup(volume => volume.Export, volume => volume.SubPath);
        foreach (var export in definition.Nfs.Exports)
        {
            foreach (var sub in folders[export.Name].Append(""))
            {
                Directory.CreateDirectory(Path.Combine(nfs, "root" + export.Path, sub));
            }
        }
    }

    public BootstrapRunner Runner(TextWriter? report = null) =>
        new(report is null ? Inputs : Inputs with { Report = report }, Fixture.TransportOptions(), n => Fixture.Endpoint(n.Name));

    /// <param name="report">Receives the phases' messages to the operator (default: discarded).</param>
    public Task<RunReport> RunAsync(IEnumerable<IBootstrapPhase> phases, string? only = null, IRunObserver? observer = null, TextWriter? report = null)
    {
        var runner = Runner(report);
        return runner.RunAsync(runner.Plan(phases, only), observer ?? new RecordingObserver(), CancellationToken.None);
    }

    public TestNode this[string node] => Fixture[node];

    public ValueTask DisposeAsync() => Fixture.DisposeAsync();
}

/// <summary>Keeps every finished step, for assertions on order and outcome.</summary>
public sealed class RecordingObserver : IRunObserver
{
    private readonly Lock _lock = new();

    public List<(string Node, string Phase, string Step, StepOutcome Outcome)> Finished { get; } = [];

    public void StepStarted(string node, string phase, string step)
    {
    }

    public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
    {
        lock (_lock) Finished.Add((node, phase, step, outcome));
    }
}
