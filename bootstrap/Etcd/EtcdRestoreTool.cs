namespace PiCluster.Bootstrap.Etcd;

/// <summary>
/// The program that checks and restores snapshots. etcd 3.6 (kubeadm's etcd on the nodes) only has this in etcdutl;
/// etcd 3.4 (Debian's, used by the tests) has it in etcdctl and lacks the revision bump.
/// </summary>
/// <param name="Command">Program name or path on the control-plane node.</param>
/// <param name="BumpsRevision">
/// Adds --bump-revision/--mark-compacted (etcd ≥ 3.5.x etcdutl), so informers and watchers never see revisions go back.
/// </param>
public sealed record EtcdRestoreTool(string Command, bool BumpsRevision)
{
    public static readonly EtcdRestoreTool Etcdutl = new("etcdutl", BumpsRevision: true);

    public static readonly EtcdRestoreTool Etcdctl34 = new("etcdctl", BumpsRevision: false);

    /// <summary>A tool from --restore-tool: a name or path; "etcdctl" (3.4) gets no revision bump.</summary>
    public static EtcdRestoreTool Named(string command) =>
        Path.GetFileName(command) == "etcdctl" ? Etcdctl34 with { Command = command } : Etcdutl with { Command = command };
}
