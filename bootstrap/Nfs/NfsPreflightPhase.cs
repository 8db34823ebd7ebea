using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Nfs;

/// <summary>
/// Before Flux mounts anything: from the control plane, every NFS export a service uses is mounted like the kubelet
/// will, and a probe file is written and removed as root in each folder the services use, so a wrong address, a
/// missing export or folder, and root_squash show up here with the fix, not as pods stuck in ContainerCreating.
/// A check-only step: it changes nothing on the server and has no action.
/// </summary>
public sealed class NfsPreflightPhase : IBootstrapPhase
{
    public const string PhaseName = "nfs";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var probes = Probes(inputs.Cluster);
        if (probes.Count == 0) return [];
        List<PlanStage> stages = [new PlanStage(PhaseName, [new NodeWork(inputs.ControlPlane, [.. probes])])];
        // Every worker must be exported to as well (pods run anywhere): a Pi added to the model is checked before its
        // pods need the export, with the server line to add (`bootstrap cluster --node pi6` runs only pi6's check).
        var shared = SharedExports(inputs.Cluster);
        if (shared.Count > 0 && inputs.Workers.Count > 0)
            stages.Add(new PlanStage(PhaseName, [.. inputs.Workers.Select(w => new NodeWork(w, [.. shared.Select(e => ClientCheck(inputs.Cluster, e, w))]))]));
        return stages;
    }

    /// <summary>The exports some service mounts that every node must reach (<see cref="NfsClients.AllNodes"/>).</summary>
    public static IReadOnlyList<NfsExport> SharedExports(ClusterDefinition cluster)
    {
        var used = UsedVolumes(cluster).Select(v => v.Export).ToHashSet(StringComparer.Ordinal);
        return [.. cluster.Nfs.Exports.Where(e => e.Clients == NfsClients.AllNodes && used.Contains(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>On <paramref name="node"/>: the server exports <paramref name="export"/> to its address (bootstrap/Scripts/nfs-client.sh).</summary>
    public static NfsProbeStep ClientCheck(ClusterDefinition cluster, NfsExport export, Node node) =>
        new($"nfs-client {export.Name}", NodeScripts.Check(NodeScripts.NfsClient,
            ("SERVER", cluster.Nfs.Address), ("EXPORT_NAME", export.Name), ("EXPORT_PATH", export.Path),
            ("NODE", node.Name), ("ADDRESS", node.Address), ("OPTIONS", MountOptions(cluster)),
            ("EXPORT_OPTIONS", PiCluster.Render.Overview.ClusterOverview.ExportOptions)));

    private static IEnumerable<NfsVolume> UsedVolumes(ClusterDefinition cluster) =>
        cluster.Services.All
            .SelectMany(entry => entry.Service is System.Collections.IEnumerable many ? many.Cast<object>() : [entry.Service])
            .OfType<IUsesNfs>()
            .SelectMany(service => service.NfsVolumes);

    // NFS version from the model's mount options; soft with a short timeout so an absent server fails in seconds, and
    // retry=0: mount.nfs otherwise retries an unanswered foreground mount for 2 minutes (nfs-utils utils/mount/stropts.c
    // nfsmount_fg), past the probe's own timeout, and the user would see a timeout instead of the fix.
    private static string MountOptions(ClusterDefinition cluster) =>
        $"{cluster.Services.Storage.MountOptions.FirstOrDefault(o => o.StartsWith("nfsvers=", StringComparison.Ordinal)) ?? "nfsvers=4.1"},soft,timeo=100,retrans=2,retry=0";

    /// <summary>One probe per export some service mounts, with the folders (sub paths) the services use.</summary>
    public static IReadOnlyList<NfsProbeStep> Probes(ClusterDefinition cluster)
    {
        return [.. UsedVolumes(cluster)
            .GroupBy(v => v.Export, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var export = cluster.Nfs.Exports.FirstOrDefault(e => e.Name == g.Key)
                    ?? throw new BootstrapException($"a service mounts NFS export '{g.Key}', which Nfs.Exports does not define.");
                var folders = g.Select(v => v.SubPath.Length == 0 ? "." : v.SubPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                return new NfsProbeStep(
                    $"nfs {export.Name}",
                    NodeScripts.Check(NodeScripts.NfsProbe,
                        ("SERVER", cluster.Nfs.Address), ("EXPORT_NAME", export.Name), ("EXPORT_PATH", export.Path),
                        ("FOLDERS", string.Join(' ', folders)), ("OPTIONS", MountOptions(cluster)),
                        ("PLACEHOLDER", cluster.Nfs.IsPlaceholder ? "yes" : "")));
            })];
    }
}

/// <summary>A check-only step: done when the probe succeeds; otherwise the probe's message is the error.</summary>
public sealed class NfsProbeStep(string name, string probe) : NodeStep(name)
{
    public string Probe { get; } = NodeShell.Script(probe);

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var result = await context.Session.RunAsync(Probe, new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: $"{Name}: mount and write probe"), context.CancellationToken);
        if (result.Succeeded) return true;
        throw new StepFailedException(result.Error.Trim().Length > 0 ? result.Error.Trim() : $"the NFS probe failed with exit {result.ExitCode}");
    }

    public override Task ApplyAsync(StepContext context) => Task.CompletedTask;

    public override IEnumerable<ShellSnippet> Snippets => [new($"{Name.Replace(' ', '-')}.probe", Probe)];
}
