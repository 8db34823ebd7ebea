using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Etcd;

/// <summary>
/// <c>bootstrap restore-etcd</c> as a phase on the step engine: on the control plane, upload the snapshot (checked by
/// SHA-256), then <see cref="EtcdRestorePlan"/>'s steps with the member read once from etcd.yaml at run time; then
/// every worker restarts its kubelet. Each step is check + action, so progress, logs, --dry-run and --node are the
/// same as for every phase.
/// </summary>
/// <param name="snapshot">The snapshot to upload: a file on this machine, or one decrypted in memory from a `backup pull` copy.</param>
/// <param name="stamp">UTC stamp of this restore (what is moved aside is suffixed with it).</param>
public sealed class EtcdRestorePhase(RestoreSnapshot snapshot, string stamp, EtcdRestoreTool tool, ControlPlaneLayout layout) : IBootstrapPhase
{
    /// <param name="snapshot">The snapshot file on this machine.</param>
    /// <param name="sha256">Its SHA-256 (lower-case hex), computed once by the command.</param>
    public EtcdRestorePhase(string snapshot, string sha256, string stamp, EtcdRestoreTool tool, ControlPlaneLayout layout)
        : this(RestoreSnapshot.File(snapshot, sha256), stamp, tool, layout)
    {
    }

    public const string PhaseName = "restore";

    /// <summary>Where the snapshot is put on the control-plane node.</summary>
    public const string RemoteFolder = "/var/lib/etcd-restore";

    public string Name => PhaseName;

    public string RemoteSnapshot => $"{RemoteFolder}/{stamp}-{snapshot.Name}";

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var count = EtcdRestorePlan.Build(EtcdMember.ReadAtRunTime, RemoteSnapshot, tool, stamp, layout).Count;
        List<NodeStep> steps = [Upload()];
        for (var i = 0; i < count; i++) steps.Add(new RestoreNodeStep(this, i));
        return
        [
            new PlanStage(PhaseName, [new NodeWork(inputs.Cluster.ControlPlane, steps)]),
            new PlanStage(PhaseName, [.. inputs.Cluster.Workers.Select(w => new NodeWork(w, [RestartKubelet()]))]),
        ];
    }

    private ScriptStep RestartKubelet()
    {
        var step = EtcdRestorePlan.RestartKubelet($"{RemoteFolder}/kubelet-restarted-{stamp}");
        return new ScriptStep(step.Name, step.Check, step.Action);
    }

    private DelegateStep Upload()
    {
        var check = NodeShell.FileHasHash(RemoteSnapshot, snapshot.Sha256);
        // The transport sends text on stdin; base64 carries the binary snapshot through it unchanged.
        var decode = NodeShell.WriteFile(RemoteSnapshot, "0600", base64: true);
        return new DelegateStep(
            "upload-snapshot",
            c => c.CheckAsync(check, new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: "snapshot uploaded")),
            async c => await c.Session.RunCheckedAsync(decode,
                new CommandOptions(Timeout: TimeSpan.FromMinutes(10), StandardInput: Base64Lines(await snapshot.ReadAsync(c.CancellationToken)),
                    Sensitive: true, Description: $"upload {snapshot.Name}"), c.CancellationToken),
            [new("upload-snapshot.check", check), new("upload-snapshot.action", decode)]);
    }

    /// <summary>Base64 in 76-character lines with LF (Convert's own line breaks are CRLF, which base64 -d rejects).</summary>
    public static string Base64Lines(byte[] bytes)
    {
        var text = Convert.ToBase64String(bytes);
        var lines = new System.Text.StringBuilder(text.Length + text.Length / 76 + 1);
        for (var i = 0; i < text.Length; i += 76) lines.Append(text, i, Math.Min(76, text.Length - i)).Append('\n');
        return lines.ToString();
    }

    private RestoreStep StepFor(EtcdMember member, int index) => EtcdRestorePlan.Build(member, RemoteSnapshot, tool, stamp, layout)[index];

    /// <summary>The running member (name, data dir, peer URLs), read once per run before anything stops.</summary>
    private Task<EtcdMember> MemberAsync(StepContext context) =>
        context.Run.SharedAsync("etcd-member", async () =>
        {
            var manifest = await context.Session.RunAsync(ShellText.Script("cat " + ShellText.NodePath(layout.EtcdManifest)), new CommandOptions(Description: "read etcd.yaml"), context.CancellationToken);
            if (!manifest.Succeeded)
                throw new StepFailedException($"{context.Node.Name}: cannot read {layout.EtcdManifest} ({manifest.Error.Trim()}); if an earlier restore stopped midway, its manifests are in {layout.ManifestsDir}-restore-*.");
            return EtcdMember.FromStaticPod(manifest.Output);
        });

    private sealed class RestoreNodeStep(EtcdRestorePhase phase, int index)
        : NodeStep(phase.StepFor(EtcdMember.ReadAtRunTime, index).Name)
    {
        private async Task<RestoreStep> StepAsync(StepContext context) =>
            phase.StepFor(await phase.MemberAsync(context), index);

        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var step = await StepAsync(context);
            return await context.CheckAsync(NodeShell.Script(step.Check), new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: $"{Name}: check"));
        }

        public override async Task ApplyAsync(StepContext context)
        {
            var step = await StepAsync(context);
            await context.Session.RunCheckedAsync(NodeShell.Script(step.Action), new CommandOptions(Timeout: TimeSpan.FromMinutes(10), Description: step.Title), context.CancellationToken);
        }

        /// <summary>As a dry run shows them: the member's values are named, read from etcd.yaml at run time.</summary>
        public override IEnumerable<ShellSnippet> Snippets
        {
            get
            {
                var step = phase.StepFor(EtcdMember.ReadAtRunTime, index);
                return [new($"{Name}.check", NodeShell.Script(step.Check)), new($"{Name}.action", NodeShell.Script(step.Action))];
            }
        }
    }
}
