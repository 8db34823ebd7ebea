using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.Bootstrap.Etcd;

/// <summary>
/// bootstrap restore-etcd on the control-plane node: upload and check the snapshot, read the running member's names from
/// etcd.yaml, then run <see cref="EtcdRestorePlan"/> step by step; finally restart the workers' kubelets.
/// </summary>
public sealed class EtcdRestoreService(EtcdRestoreTool tool, ControlPlaneLayout layout, TextWriter log)
{
    /// <summary>Where the snapshot is put on the control-plane node.</summary>
    public const string RemoteFolder = "/var/lib/etcd-restore";

    public async Task<IReadOnlyList<RestoreStep>> PlanAsync(NodeSession controlPlane, string snapshot, string stamp, CancellationToken cancellationToken)
    {
        var manifest = await controlPlane.RunAsync(ShellText.Script("cat " + ShellText.NodePath(layout.EtcdManifest)), new CommandOptions(Description: "read etcd.yaml"), cancellationToken);
        if (!manifest.Succeeded)
            throw new StepFailedException($"{controlPlane.Node}: cannot read {layout.EtcdManifest} ({manifest.Error.Trim()}); if an earlier restore stopped midway, its manifests are in {layout.ManifestsDir}-restore-*.");
        return EtcdRestorePlan.Build(EtcdMember.FromStaticPod(manifest.Output), RemotePath(snapshot, stamp), tool, stamp, layout);
    }

    public static string RemotePath(string snapshot, string stamp) => $"{RemoteFolder}/{stamp}-{Path.GetFileName(snapshot)}";

    /// <summary>Base64 in 76-character lines with LF (Convert's own line breaks are CRLF, which base64 -d rejects).</summary>
    public static string Base64Lines(byte[] bytes)
    {
        var text = Convert.ToBase64String(bytes);
        var lines = new System.Text.StringBuilder(text.Length + text.Length / 76 + 1);
        for (var i = 0; i < text.Length; i += 76) lines.Append(text, i, Math.Min(76, text.Length - i)).Append('\n');
        return lines.ToString();
    }

    public async Task RunAsync(NodeSession controlPlane, IReadOnlyList<NodeSession> workers, string snapshot, string stamp, CancellationToken cancellationToken)
    {
        if (!File.Exists(snapshot)) throw new BootstrapException($"Snapshot {snapshot} does not exist.");
        var steps = await PlanAsync(controlPlane, snapshot, stamp, cancellationToken);
        var sha = await Sha256Checksum.OfFileAsync(snapshot, cancellationToken);
        var remote = RemotePath(snapshot, stamp);
        log.WriteLine($"Uploading {snapshot} (SHA-256 {sha}) to {controlPlane.Node}:{remote}…");
        // The transport sends text on stdin; base64 carries the binary snapshot through it unchanged.
        await controlPlane.RunCheckedAsync(
            ShellText.Script(
                $"mkdir -p {ShellText.NodePath(RemoteFolder)} && chmod 700 {ShellText.NodePath(RemoteFolder)} && base64 -d > {ShellText.NodePath(remote)}",
                $"[ \"$(sha256sum {ShellText.NodePath(remote)} | cut -d ' ' -f 1)\" = {sha} ]"),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(10), StandardInput: Base64Lines(await File.ReadAllBytesAsync(snapshot, cancellationToken)),
                Description: $"upload {Path.GetFileName(snapshot)}"), cancellationToken);

        for (var i = 0; i < steps.Count; i++)
        {
            log.WriteLine($"[{i + 1}/{steps.Count}] {steps[i].Title}");
            var result = await controlPlane.RunCheckedAsync(steps[i].Script, new CommandOptions(Timeout: TimeSpan.FromMinutes(10), Description: steps[i].Title), cancellationToken);
            if (steps[i].Kind == RestoreStepKind.Etcd && result.Output.Trim().Length > 0) log.WriteLine(result.Output.TrimEnd());
            if (i == steps.Count - 1) log.WriteLine(result.Output.TrimEnd());
        }
        foreach (var worker in workers)
        {
            log.WriteLine($"Restart the kubelet on {worker.Node}");
            await worker.RunCheckedAsync(ShellText.Script(layout.KubeletRestart), new CommandOptions(Description: "restart kubelet"), cancellationToken);
        }
        log.WriteLine($"etcd restored from {snapshot}; the API answers. The old data directory is kept next to the new one (.before-restore-{stamp}).");
    }
}
