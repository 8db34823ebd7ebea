using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Status;

/// <summary>
/// `bootstrap status` as one stage of read-only probes, every node in parallel: on each node its own facts
/// (bootstrap/Scripts/node-status.sh) and, through the control plane, its Node object; on the control plane also the
/// cluster checks (bootstrap/Scripts/cluster-status.sh: control-plane versions, kubeadm certificates, etcd, the newest
/// backup on NFS, Flux). One stage, so a node that does not answer never keeps the others or the cluster checks from running.
/// </summary>
public sealed class StatusPhase(HealthReport report, StatusOptions? options = null) : IBootstrapPhase
{
    public const string PhaseName = "status";

    public const string KubeletLog = "/var/log/kubelet/kubelet.log";

    /// <summary>The kubelet's current client certificate and key (one file; only the certificate block is read).</summary>
    public const string KubeletClientCertificate = "/var/lib/kubelet/pki/kubelet-client-current.pem";

    private const string ControlPlaneKey = "status-control-plane";

    private readonly StatusOptions _options = options ?? new StatusOptions();

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        return [new PlanStage(PhaseName, [.. cluster.Nodes.Select(node => new NodeWork(node,
            node.Role == NodeRole.ControlPlane
                ? [NodeProbe(inputs), ApiProbe(inputs), .. ClusterProbes(inputs)]
                : [NodeProbe(inputs), ApiProbe(inputs)]))])];
    }

    public static string NodeScript => NodeShell.Script(NodeScripts.Check(Day2Scripts.NodeStatus,
        ("BOOT_MOUNT", NodeFiles.BootMount), ("KUBELET_LOG", KubeletLog), ("KUBELET_CERT", KubeletClientCertificate),
        ("BOOT_FIRMWARE_FAILED", NodeFiles.BootFirmwareSyncFailed)));

    public string ClusterScript(ClusterDefinition cluster, string part)
    {
        var backup = cluster.Services.EtcdBackup;
        var export = cluster.Nfs.Exports.FirstOrDefault(e => e.Name == backup.Target.Export);
        var version = cluster.Services.Storage.MountOptions.FirstOrDefault(o => o.StartsWith("nfsvers=", StringComparison.Ordinal)) ?? "nfsvers=4.1";
        return NodeShell.Script(NodeScripts.Check(Day2Scripts.ClusterStatus,
            ("PART", part), ("ADMIN_CONF", Kubeadm.KubeadmPhase.AdminConf), ("ETCD_METRICS_URL", _options.EtcdMetricsUrl),
            ("SERVER", cluster.Nfs.Address), ("EXPORT_PATH", export?.Path ?? ""), ("SUBPATH", backup.Target.SubPath.Length == 0 ? "." : backup.Target.SubPath),
            // Soft, short and retry=0 like the NFS preflight: an absent server answers in seconds, not after mount.nfs's 2 minutes.
            ("OPTIONS", $"{version},soft,timeo=100,retrans=2,retry=0")));
    }

    private ProbeStep NodeProbe(PhaseInputs inputs) => new("node",
        async context =>
        {
            var result = await context.Session.RunCheckedAsync(NodeScript, new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: "status: node facts"), context.CancellationToken);
            return NodeHealth.Evaluate(context.Node.Name, NodeFacts.Parse(result.Output), inputs.Cluster, inputs.Time.GetUtcNow());
        },
        report,
        (context, message) => HealthFinding.Fail(context.Node.Name, "ssh", $"reachable, but reading its facts failed: {message}", $"see .picluster/logs/{context.Node.Name}.log"),
        _ => [new("node.probe", NodeScript)]);

    private ProbeStep ApiProbe(PhaseInputs inputs)
    {
        var controlPlane = inputs.ControlPlane;
        return new("api",
            async context =>
            {
                var session = await context.SessionToAsync(controlPlane);
                var version = await context.Run.SharedAsync(ControlPlaneKey, () => ControlPlaneAsync(session, inputs.Cluster, context.CancellationToken));
                var node = await NodeObjects.NodeAsync(session, context.Node.Name, context.CancellationToken);
                return [ClusterHealth.NodeApi(context.Node.Name, node, version.Version)];
            },
            report,
            (context, message) => HealthFinding.Fail(context.Node.Name, "api", $"the API on {controlPlane.Name} did not answer: {message}", $"look at the control plane (bootstrap status --node {controlPlane.Name})"),
            node => [new($"api.probe (on {controlPlane.Name})", NodeObjects.GetNodeScript(node.Name))]);
    }

    private async Task<ControlPlaneState> ControlPlaneAsync(NodeSession session, ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        var output = (await session.RunCheckedAsync(ClusterScript(cluster, "control-plane"), new CommandOptions(Description: "status: control-plane images"), cancellationToken)).Output;
        var (version, finding) = ClusterHealth.ControlPlane(output, cluster);
        return new ControlPlaneState(version, [finding, .. ClusterHealth.EtcdImage(output, version)]);
    }

    private IEnumerable<NodeStep> ClusterProbes(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        HealthFinding Error(string check, string message) =>
            HealthFinding.Fail(HealthFinding.ClusterScope, check, $"could not be read: {message}", $"see .picluster/logs/{cluster.ControlPlane.Name}.log");
        ProbeStep Probe(string check, string part, Func<string, IEnumerable<HealthFinding>> judge, TimeSpan? timeout = null) => new(check,
            async context =>
            {
                var result = await context.Session.RunCheckedAsync(ClusterScript(cluster, part),
                    new CommandOptions(Timeout: timeout ?? TimeSpan.FromMinutes(1), Description: $"status: {part}"), context.CancellationToken);
                return judge(result.Output);
            },
            report, (_, message) => Error(check, message), _ => [new($"{check}.probe", ClusterScript(cluster, part))]);

        yield return new ProbeStep("control-plane",
            async context => (await context.Run.SharedAsync(ControlPlaneKey, () => ControlPlaneAsync(context.Session, cluster, context.CancellationToken))).Findings,
            report, (_, message) => Error("control plane", message), _ => [new("control-plane.probe", ClusterScript(cluster, "control-plane"))]);
        yield return Probe("certs", "certs", output => ClusterHealth.Certificates(output, cluster.Bootstrap.Thresholds.CertificateDays));
        yield return Probe("etcd", "etcd", output => [ClusterHealth.Etcd(output)]);
        var backup = cluster.Services.EtcdBackup;
        yield return Probe("backup", "backup",
            output => [ClusterHealth.Backup(output, inputs.Time.GetUtcNow(), backup, $"{cluster.Nfs.Address}:{cluster.Nfs.Exports.FirstOrDefault(e => e.Name == backup.Target.Export)?.Path}/{backup.Target.SubPath}")],
            TimeSpan.FromMinutes(2));
        yield return Probe("flux", "flux", ClusterHealth.Flux);
    }

    /// <summary>Rows for nodes the run could not reach (the engine stopped them before any probe ran).</summary>
    public static void AddUnreachable(HealthReport report, RunReport run, ClusterDefinition cluster)
    {
        foreach (var failure in run.Failures)
        {
            var node = cluster.Nodes.FirstOrDefault(n => n.Name == failure.Node);
            if (node is null) continue;
            report.Add(HealthFinding.Fail(node.Name, "ssh", failure.Message, $"is {node.Name} ({node.Address}) powered and on the network? ssh root@{node.Address}"));
            if (node.Role == NodeRole.ControlPlane && !report.Has(HealthFinding.ClusterScope, "control plane"))
                report.Add(HealthFinding.Fail(HealthFinding.ClusterScope, "control plane", $"not checked: {node.Name} did not answer", $"bring {node.Name} back, then bootstrap status"));
        }
    }

    private sealed record ControlPlaneState(KubernetesVersion? Version, IReadOnlyList<HealthFinding> Findings);
}
