using PiCluster.Bootstrap.Remote;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Etcd;

/// <summary>Where kubeadm keeps the control plane on the node, and how the node restarts its kubelet (OpenRC on Alpine).</summary>
public sealed record ControlPlaneLayout(
    string ManifestsDir = "/etc/kubernetes/manifests",
    string AdminKubeconfig = "/etc/kubernetes/admin.conf",
    string KubeletRestart = "rc-service kubelet restart")
{
    public string EtcdManifest => ManifestsDir + "/etcd.yaml";
}

public enum RestoreStepKind
{
    /// <summary>Runs the restore tool (verify or restore); the tests run these against a real etcd.</summary>
    Etcd,

    /// <summary>Moves files or data directories on the control-plane node.</summary>
    Files,

    /// <summary>Waits for processes or the API server.</summary>
    Wait,

    /// <summary>Restarts services or asks the API server.</summary>
    Cluster,
}

/// <summary>
/// One step of the restore: a POSIX sh action run as root on the control-plane node, and its check (exit 0 done, 1 needed,
/// 2 cannot go on) so it runs on the step engine like every other step.
/// </summary>
public sealed record RestoreStep(string Name, string Title, RestoreStepKind Kind, string Command, string Check)
{
    public string Script => ShellText.Script(Command);

    public string CheckScript => ShellText.Script(Check);
}

/// <summary>
/// The single-control-plane restore from the etcd recovery guide, as command lines: verify the snapshot, stop the static
/// pods by moving their manifests out, move the data directory aside, restore into a fresh one with the running
/// member's name and peer URLs, bring etcd + API server back, then controller-manager, scheduler and the kubelet.
/// Pure: the same input gives the same commands, so --dry-run prints exactly what a real run executes.
/// </summary>
public static class EtcdRestorePlan
{
    /// <summary>Revisions added on restore so informers and watches never see them go back (etcd 3.6 guidance).</summary>
    public const long RevisionBump = 1_000_000_000;

    private static readonly string[] EtcdAndApiServer = ["etcd.yaml", "kube-apiserver.yaml"];
    private static readonly string[] ControllerAndScheduler = ["kube-controller-manager.yaml", "kube-scheduler.yaml"];

    /// <param name="snapshot">The snapshot's path on the control-plane node.</param>
    /// <param name="stamp">Suffix for what is moved aside (UTC, e.g. 20261127T031500Z), so a rerun never overwrites it.</param>
    public static IReadOnlyList<RestoreStep> Build(EtcdMember member, string snapshot, EtcdRestoreTool tool, string stamp, ControlPlaneLayout layout)
    {
        var manifests = layout.ManifestsDir.TrimEnd('/');
        var aside = $"{manifests}-restore-{stamp}";
        var oldData = $"{member.DataDir.TrimEnd('/')}.before-restore-{stamp}";
        var kubectl = $"kubectl --kubeconfig {P(layout.AdminKubeconfig)}";

        List<string> restore =
        [
            ShellWords.Join(tool.Command, "snapshot", "restore"), P(snapshot),
            "--data-dir=" + P(member.DataDir),
            ShellWords.Join($"--name={member.Name}", $"--initial-cluster={member.InitialCluster}", $"--initial-advertise-peer-urls={member.InitialAdvertisePeerUrls}"),
        ];
        if (tool.BumpsRevision) restore.Add(ShellWords.Join($"--bump-revision={RevisionBump}", "--mark-compacted"));

        string[] all = [.. EtcdAndApiServer, .. ControllerAndScheduler];
        var toolMissing = $"{{ echo {ShellWords.Quote($"{tool.Command} is not installed on this node: install it (etcd release tarball for linux-arm64, same minor as the running etcd) or pass --restore-tool")} >&2; exit 2; }}";
        var verify = $"{ShellWords.Join(tool.Command, "snapshot", "status")} {P(snapshot)} --write-out=table";
        return
        [
            // Before anything stops: kubeadm's nodes have no etcdutl unless the operator installed it.
            new("restore-tool", $"Check that {tool.Command} is installed", RestoreStepKind.Etcd,
                $"command -v {ShellWords.Quote(tool.Command)} >/dev/null || {{ echo {ShellWords.Quote($"{tool.Command} is not installed on this node: install it (etcd release tarball for linux-arm64, same minor as the running etcd) or pass --restore-tool")} >&2; exit 1; }}",
                $"command -v {ShellWords.Quote(tool.Command)} >/dev/null || {toolMissing}"),
            new("verify-snapshot", "Verify the snapshot", RestoreStepKind.Etcd, verify, $"{verify} >&2 || exit 2"),
            new("stop-control-plane", $"Stop the control plane: move its static pod manifests to {aside}", RestoreStepKind.Files,
                $"mkdir -p {P(aside)} && " + MoveBack(manifests, aside, EtcdAndApiServer.Concat(ControllerAndScheduler)),
                AllAbsent(manifests, all)),
            new("wait-stopped", "Wait until etcd and kube-apiserver have stopped", RestoreStepKind.Wait,
                Wait("stopped", 120, layout),
                "if pidof etcd kube-apiserver >/dev/null; then exit 1; fi"),
            new("move-data-aside", $"Move the data directory aside to {oldData}", RestoreStepKind.Etcd,
                $"[ ! -e {P(member.DataDir)} ] || mv {P(member.DataDir)} {P(oldData)}",
                $"[ ! -e {P(member.DataDir)} ] || exit 1"),
            new("restore", $"Restore into a fresh {member.DataDir} as member {member.Name}", RestoreStepKind.Etcd, string.Join(' ', restore),
                $"[ -d {P(member.DataDir.TrimEnd('/') + "/member")} ] || exit 1"),
            new("start-etcd-apiserver", "Start etcd and kube-apiserver again", RestoreStepKind.Files, MoveBack(aside, manifests, EtcdAndApiServer),
                AllPresent(manifests, EtcdAndApiServer)),
            new("wait-api", "Wait until the API server answers /readyz", RestoreStepKind.Wait,
                Wait("ready", 300, layout),
                $"{kubectl} get --raw=/readyz >/dev/null 2>&1 || exit 1"),
            new("restart-control-plane", "Restart kube-controller-manager, kube-scheduler and the kubelet", RestoreStepKind.Cluster,
                MoveBack(aside, manifests, ControllerAndScheduler) + $" && rmdir {P(aside)} && {layout.KubeletRestart}",
                $"[ ! -e {P(aside)} ] || exit 1; " + AllPresent(manifests, ControllerAndScheduler)),
            new("check-api", "Check the API answers and list the nodes", RestoreStepKind.Cluster, $"{kubectl} get --raw=/readyz && {kubectl} get nodes",
                $"if ! {{ {kubectl} get --raw=/readyz && {kubectl} get nodes; }} >&2; then exit 2; fi"),
        ];
    }

    /// <summary>Moves each file that is there from one folder to the other; a rerun after a partial move is fine.</summary>
    private static string MoveBack(string from, string to, IEnumerable<string> files) =>
        string.Join(" && ", files.Select(f => $"{{ [ ! -e {P($"{from}/{f}")} ] || mv {P($"{from}/{f}")} {P(to + "/")}; }}"));

    private static string P(string path) => ShellText.NodePath(path);

    private static string AllAbsent(string folder, IEnumerable<string> files) =>
        $"for f in {string.Join(' ', files)}; do [ ! -e {P(folder)}/\"$f\" ] || exit 1; done";

    private static string AllPresent(string folder, IEnumerable<string> files) =>
        $"for f in {string.Join(' ', files)}; do [ -e {P(folder)}/\"$f\" ] || exit 1; done";

    /// <summary>bootstrap/Scripts/control-plane-wait.sh: waits up to <paramref name="seconds"/> until the control plane is stopped or ready.</summary>
    private static string Wait(string until, int seconds, ControlPlaneLayout layout) =>
        Scripts.NodeScripts.With(Scripts.NodeScripts.ControlPlaneWait, ("UNTIL", until), ("WAIT_SECONDS", seconds), ("ADMIN_CONF", layout.AdminKubeconfig));
}
