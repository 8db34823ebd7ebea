using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Rebuild;

/// <summary>Which backup the rebuild starts from.</summary>
public abstract record RebuildSource
{
    /// <summary>A nightly backup on the NFS export, read through the control plane; no stamp = the one already staged there, else the newest.</summary>
    public sealed record OnExport(BackupStamp? Stamp) : RebuildSource;

    /// <summary>An encrypted copy from `backup pull`, decrypted and checked on this machine, uploaded to the control plane.</summary>
    public sealed record Copy(string File, BackupContents Contents) : RebuildSource;
}

/// <summary>
/// <c>bootstrap rebuild-control-plane</c> after the control plane's card was replaced (the nodes phase has run on it): the
/// backup is staged on the node, its shared keys go back into /etc/kubernetes/pki, its snapshot into a fresh
/// /var/lib/etcd as the member kubeadm will start, then `kubeadm init` with the same configuration reuses both — the CA
/// (so every kubeconfig, worker kubelet.conf and ServiceAccount token stays valid) and the data (every object, Flux's
/// deploy-key Secret included). The workers are only checked: they trust the same CA and come back by themselves.
/// Each step is check + action; on a healthy control plane with the backup's CA every step is already done.
/// </summary>
/// <remarks>
/// Sources: etcd-io/website content/en/docs/v3.6/op-guide/recovery.md (restore a single snapshot as a new member with its
/// name and peer URLs); kubernetes/kubernetes cmd/kubeadm/app/cmd/phases/init/certs.go (existing CAs and sa.key are used)
/// and cmd/kubeadm/app/preflight/checks.go (DirAvailable on etcd's data dir, the one preflight error ignored).
/// </remarks>
public sealed class RebuildControlPlanePhase(RebuildSource source, EtcdRestoreTool tool) : IBootstrapPhase
{
    public const string PhaseName = "rebuild";

    /// <summary>Where the backup is staged on the control plane (root-only: it holds every Secret and the CA key).</summary>
    public const string StageDir = "/var/lib/etcd-restore/rebuild";

    public const string PkiDir = "/etc/kubernetes/pki";

    /// <summary>
    /// The keys every certificate and token of the cluster hangs on, as kubeadm's SharedCertificateExists lists them
    /// (cmd/kubeadm/app/phases/certs/certs.go): cluster CA, service-account key pair, front-proxy CA, etcd CA.
    /// </summary>
    public static readonly IReadOnlyList<string> SharedKeys =
        ["ca.crt", "ca.key", "sa.key", "sa.pub", "front-proxy-ca.crt", "front-proxy-ca.key", "etcd/ca.crt", "etcd/ca.key"];

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var controlPlane = inputs.ControlPlane;
        List<PlanStage> stages =
        [
            new(PhaseName,
            [
                new NodeWork(controlPlane,
                [
                    StageBackup(inputs.Cluster),
                    PkiRestore(),
                    RestoreTool(inputs.Cluster, tool),
                    EtcdData(controlPlane, tool),
                    new KubeadmConfigStep(inputs.Cluster, controlPlane),
                    Init(inputs.ApiServerWait),
                    new AdminKubeconfigStep(inputs),
                    KubeadmPhase.Untaint(controlPlane),
                ]),
            ]),
        ];
        if (inputs.Workers.Count > 0)
            stages.Add(new PlanStage(PhaseName, [.. inputs.Workers.Select(w => new NodeWork(w, [new KubeletCaStep(controlPlane)]))]));
        stages.Add(new PlanStage(PhaseName, [new NodeWork(controlPlane, [new NodesReadyStep(inputs)])]));
        return stages;
    }

    private NodeStep StageBackup(ClusterDefinition cluster) => source switch
    {
        RebuildSource.OnExport export => NodeScripts.Step("backup", LifecycleScripts.BackupStage,
            [("STAMP", export.Stamp?.Value ?? ""), ("STAGE_DIR", StageDir)], applyOnly: [("FROM", "nfs"), .. BackupLocation.Of(cluster).Parameters],
            actionTimeout: TimeSpan.FromMinutes(15)),
        RebuildSource.Copy copy => new UploadBackupStep(copy),
        _ => throw new InvalidOperationException(source.GetType().Name),
    };

    public static ScriptStep PkiRestore() =>
        NodeScripts.Step("pki-restore", LifecycleScripts.PkiRestore,
            [("STAGE_DIR", StageDir), ("PKI_DIR", PkiDir), ("FILES", string.Join(' ', SharedKeys))]);

    /// <summary>The restore program; etcdutl is copied out of the etcd image kubeadm runs for the model's minor.</summary>
    public static ScriptStep RestoreTool(ClusterDefinition cluster, EtcdRestoreTool tool) =>
        NodeScripts.Step("restore-tool", LifecycleScripts.EtcdRestoreTool,
            [("TOOL", tool.Command), ("IMAGE", KubeadmEtcd.ImageFor(cluster.Services.EtcdBackup.EtcdRepository, cluster.Kubernetes.Version).ToString())],
            actionTimeout: TimeSpan.FromMinutes(15));

    public static ScriptStep EtcdData(Node controlPlane, EtcdRestoreTool tool)
    {
        var member = KubeadmEtcdMember.Of(controlPlane);
        return NodeScripts.Step("etcd-data", LifecycleScripts.EtcdSnapshotRestore,
        [
            ("TOOL", tool.Command), ("BUMP", tool.BumpsRevision ? "yes" : "no"), ("BUMP_BY", EtcdRestorePlan.RevisionBump),
            ("STAGE_DIR", StageDir), ("DATA_DIR", member.DataDir), ("NAME", member.Name),
            ("INITIAL_CLUSTER", member.InitialCluster), ("PEER_URLS", member.InitialAdvertisePeerUrls),
        ], actionTimeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>
    /// kubeadm init with the same file as day one; done like the kubeadm phase's init (admin.conf, API server manifest,
    /// /readyz). Only the data directory's preflight check is ignored: every other one still guards the node.
    /// </summary>
    public static ScriptStep Init(TimeSpan apiServerWait) => KubeadmPhase.Init(apiServerWait, ignorePreflight: KubeadmEtcdMember.DirAvailableCheck);

    /// <summary>Uploads a decrypted `backup pull` copy into the stage folder; the "stamp" file goes last, as backup-stage.sh writes it.</summary>
    private sealed class UploadBackupStep(RebuildSource.Copy copy) : NodeStep("backup-upload")
    {
        private string Check => NodeShell.Script(NodeScripts.Check(LifecycleScripts.BackupStage, ("STAMP", copy.Contents.Stamp.Value), ("STAGE_DIR", StageDir)));

        private string Clear => NodeShell.Script(NodeScripts.Apply(LifecycleScripts.BackupStage, ("STAMP", copy.Contents.Stamp.Value), ("STAGE_DIR", StageDir), ("FROM", "upload")));

        private static string Write(string name) => NodeShell.WriteFile($"{StageDir}/{name}", "0600", base64: true);

        public override Task<bool> IsDoneAsync(StepContext context) =>
            context.CheckAsync(Check, new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: $"backup {copy.Contents.Stamp} staged"));

        public override async Task ApplyAsync(StepContext context)
        {
            await context.Session.RunCheckedAsync(Clear, new CommandOptions(Description: $"clear {StageDir}"), context.CancellationToken);
            foreach (var (name, data) in copy.Contents.Stamp.Files.Select(n => (n, copy.Contents.Files[n])).Append(("stamp", System.Text.Encoding.UTF8.GetBytes(copy.Contents.Stamp.Value + "\n"))))
            {
                await context.Session.RunCheckedAsync(Write(name),
                    new CommandOptions(Timeout: TimeSpan.FromMinutes(10), StandardInput: EtcdRestorePhase.Base64Lines(data), Sensitive: true, Description: $"upload {name}"),
                    context.CancellationToken);
            }
        }

        public override IEnumerable<ShellSnippet> Snippets =>
        [
            new($"{Name}.check", Check),
            new($"{Name}.clear", Clear),
            new($"{Name}.write (each of {string.Join(", ", copy.Contents.Stamp.Files)}, then stamp)", Write(copy.Contents.Stamp.Snapshot)),
        ];
    }

    /// <summary>
    /// On each worker: joined, and trusting the CA the control plane runs with again (bootstrap/Scripts/kubelet-ca.sh). A
    /// check only: a worker that fails it is replaced, not repaired here.
    /// </summary>
    private sealed class KubeletCaStep(Node controlPlane) : NodeStep("kubelet-ca")
    {
        private static readonly string ReadCaHash = NodeShell.Script(NodeScripts.Check(LifecycleScripts.KubeletCa, ("PART", "control-plane"), ("PKI_DIR", PkiDir)));

        private static string Check(string node, string caSha256) =>
            NodeShell.Script(NodeScripts.Check(LifecycleScripts.KubeletCa, ("PART", "worker"), ("NODE", node), ("CA_SHA256", caSha256)));

        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var hash = await context.Run.SharedAsync("control-plane-ca-sha256", async () =>
            {
                var session = await context.SessionToAsync(controlPlane);
                var result = await session.RunCheckedAsync(ReadCaHash, new CommandOptions(Description: "sha256 of the cluster CA"), context.CancellationToken);
                return result.Output.Trim();
            });
            var check = await context.Session.RunAsync(Check(context.Node.Name, hash), new CommandOptions(Description: "kubelet-ca: same cluster CA"), context.CancellationToken);
            if (check.Succeeded) return true;
            throw new StepFailedException(check.Error.Trim().Length > 0 ? check.Error.Trim() : $"kubelet-ca check failed with exit {check.ExitCode}");
        }

        public override Task ApplyAsync(StepContext context) => Task.CompletedTask;

        public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
        [
            new($"{Name}.ca-hash (on {controlPlane.Name})", ReadCaHash),
            new($"{Name}.check", Check(node.Name, $"<sha256 of {controlPlane.Name}'s ca.crt, read at run time>")),
        ];
    }
}
