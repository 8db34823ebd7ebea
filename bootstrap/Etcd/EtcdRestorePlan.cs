using PiCluster.Bootstrap.Scripts;

namespace PiCluster.Bootstrap.Etcd;

/// <summary>Where kubeadm keeps the control plane on the node.</summary>
public sealed record ControlPlaneLayout(
    string ManifestsDir = "/etc/kubernetes/manifests",
    string AdminKubeconfig = "/etc/kubernetes/admin.conf")
{
    public string EtcdManifest => ManifestsDir + "/etcd.yaml";
}

/// <summary>
/// One step of the restore: bootstrap/Scripts/etcd-restore.sh with MODE=check and MODE=apply for its STEP (check: exit 0
/// done, 1 needed, 2 cannot go on), so it runs on the step engine like every other step.
/// </summary>
public sealed record RestoreStep(string Name, string Title, string Check, string Action);

/// <summary>
/// The single-control-plane restore from the etcd recovery guide, as the steps of bootstrap/Scripts/etcd-restore.sh:
/// verify the snapshot, stop the static pods by moving their manifests out, move the data directory aside, restore into a
/// fresh one with the running member's name and peer URLs, bring etcd + API server back, then controller-manager,
/// scheduler and the kubelet. Pure: the same input gives the same scripts, so --dry-run prints exactly what runs.
/// </summary>
public static class EtcdRestorePlan
{
    /// <summary>Revisions added on restore so informers and watches never see them go back (etcd 3.6 guidance).</summary>
    public const long RevisionBump = 1_000_000_000;

    /// <param name="snapshot">The snapshot's path on the control-plane node.</param>
    /// <param name="stamp">Suffix for what is moved aside (UTC, e.g. 20261127T031500Z), so a rerun never overwrites it.</param>
    public static IReadOnlyList<RestoreStep> Build(EtcdMember member, string snapshot, EtcdRestoreTool tool, string stamp, ControlPlaneLayout layout)
    {
        var manifests = layout.ManifestsDir.TrimEnd('/');
        var aside = $"{manifests}-restore-{stamp}";
        var dataDir = member.DataDir.TrimEnd('/');
        var oldData = $"{dataDir}.before-restore-{stamp}";
        (string, object) Tool = ("TOOL", tool.Command);
        (string, object) Manifests = ("MANIFESTS_DIR", manifests);
        (string, object) Aside = ("ASIDE", aside);
        (string, object) Admin = ("ADMIN_CONF", layout.AdminKubeconfig);
        return
        [
            Step("restore-tool", $"Check that {tool.Command} is installed", Tool),
            Step("verify-snapshot", "Verify the snapshot", Tool, ("SNAPSHOT", snapshot)),
            Step("stop-control-plane", $"Stop the control plane: move its static pod manifests to {aside}", Manifests, Aside),
            Step("wait-stopped", "Wait until etcd and kube-apiserver have stopped", ("WAIT_SECONDS", 120)),
            Step("move-data-aside", $"Move the data directory aside to {oldData}", ("DATA_DIR", dataDir), ("OLD_DATA", oldData)),
            Step("restore", $"Restore into a fresh {member.DataDir} as member {member.Name}",
                Tool, ("BUMP_REVISION", tool.BumpsRevision ? RevisionBump : ""), ("SNAPSHOT", snapshot), ("DATA_DIR", dataDir),
                ("MEMBER_NAME", member.Name), ("INITIAL_CLUSTER", member.InitialCluster), ("PEER_URLS", member.InitialAdvertisePeerUrls)),
            Step("start-etcd-apiserver", "Start etcd and kube-apiserver again", Manifests, Aside),
            Step("wait-api", "Wait until the API server answers /readyz", Admin, ("WAIT_SECONDS", 300)),
            Step("restart-control-plane", "Restart kube-controller-manager, kube-scheduler and the kubelet", Manifests, Aside),
            Step("check-api", "Check the API answers and list the nodes", Admin),
        ];
    }

    /// <summary>A worker's part: restart its kubelet once for this restore (<paramref name="marker"/> records it).</summary>
    public static RestoreStep RestartKubelet(string marker) => Step("restart-kubelet", "Restart the kubelet", ("MARKER", marker));

    private static RestoreStep Step(string name, string title, params (string Name, object Value)[] parameters) => new(
        name,
        title,
        NodeScripts.Check(NodeScripts.EtcdRestore, [("STEP", name), .. parameters]),
        NodeScripts.Apply(NodeScripts.EtcdRestore, [("STEP", name), .. parameters]));
}
