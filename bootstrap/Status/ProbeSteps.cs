using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Status;

/// <summary>
/// A read-only step of `bootstrap status`: its check runs a probe and adds rows to the report; it is always "done" and
/// has no action, so the engine never changes anything. A probe that fails becomes a failing row, not a stopped node.
/// </summary>
public sealed class ProbeStep(string name, Func<StepContext, Task<IEnumerable<HealthFinding>>> probe, HealthReport report,
    Func<StepContext, string, HealthFinding> onError, Func<Node, IEnumerable<ShellSnippet>> scripts) : NodeStep(name)
{
    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        try
        {
            report.Add(await probe(context));
        }
        catch (Exception e) when (e is StepFailedException or BootstrapException or SshTransportException { Failure: SshFailure.CommandFailed or SshFailure.CommandTimeout } or System.Text.Json.JsonException)
        {
            report.Add(onError(context, e is SshTransportException t && e.Message.StartsWith(t.Node + ": ", StringComparison.Ordinal) ? e.Message[(t.Node.Length + 2)..] : e.Message));
        }
        return true;
    }

    public override Task ApplyAsync(StepContext context) => Task.CompletedTask;

    public override IEnumerable<ShellSnippet> Snippets => scripts(new Node("pi1", "192.168.50.135", NodeRole.Worker));

    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => scripts(node);
}

/// <summary>Where `bootstrap status` reads from; tests point etcd's metrics URL at a real etcd.</summary>
/// <param name="EtcdMetricsUrl">etcd's plain-HTTP metrics listener on the control plane (kubeadm's config opens :2381, KubeadmConfigBuilder).</param>
public sealed record StatusOptions(string EtcdMetricsUrl = "http://127.0.0.1:2381");
