using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.Tests.Nodes;

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

    public PhaseInputs Inputs => new(Definition, State, Kubeconfig)
    {
        PollInterval = TimeSpan.FromMilliseconds(200),
        ReadyTimeout = TimeSpan.FromSeconds(20),
        RebootTimeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<TestCluster> StartAsync(int nodeCount = 6)
    {
        var definition = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes.Take(nodeCount)] };
        var fixture = await SshNodeFixture.StartAsync(definition.Nodes.Select(n => n.Name), FakeBinaries.Install);
        var repository = Path.Combine(fixture.Base, "repo");
        var flannel = Path.Combine(repository, "rendered", "infrastructure", "controllers", "flannel.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(flannel)!);
        File.Copy(Path.Combine(TestPaths.Rendered, "infrastructure", "controllers", "flannel.yaml"), flannel);
        return new TestCluster(fixture, definition, repository);
    }

    public BootstrapRunner Runner() =>
        new(Inputs, Fixture.TransportOptions(), n => Fixture.Endpoint(n.Name));

    public Task<RunReport> RunAsync(IEnumerable<IBootstrapPhase> phases, string? only = null, IRunObserver? observer = null)
    {
        var runner = Runner();
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
