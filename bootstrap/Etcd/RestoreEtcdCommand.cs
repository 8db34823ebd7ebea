using System.ComponentModel;
using System.Globalization;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Etcd;

public sealed class RestoreEtcdSettings : NodeAccessSettings
{
    [CommandOption("--snapshot <FILE>")]
    [Description("The etcd snapshot to restore (e.g. etcd-20261127T030000Z.db from the backup export).")]
    public string? Snapshot { get; init; }

    [CommandOption("--restore-tool <NAME>")]
    [Description("Program on the control-plane node that verifies and restores: etcdutl (etcd 3.5+/3.6, default) or etcdctl (3.4).")]
    public string RestoreTool { get; init; } = EtcdRestoreTool.Etcdutl.Command;

    [CommandOption("--yes")]
    [Description("Restore without asking (required without a terminal).")]
    public bool Yes { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        Snapshot is null ? Spectre.Console.ValidationResult.Error("--snapshot <file> is required.") : Spectre.Console.ValidationResult.Success();
}

/// <summary><c>bootstrap restore-etcd</c>: see <see cref="EtcdRestoreService"/>.</summary>
public sealed class RestoreEtcdCommand : AsyncCommand<RestoreEtcdSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RestoreEtcdSettings settings, CancellationToken cancellationToken)
    {
        var cluster = HomeCluster.Definition;
        var state = StateFolder.Locate(Environment.CurrentDirectory);
        var snapshot = Path.GetFullPath(settings.Snapshot!);
        if (!File.Exists(snapshot)) throw new BootstrapException($"Snapshot {snapshot} does not exist.");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var service = new EtcdRestoreService(EtcdRestoreTool.Named(settings.RestoreTool), new ControlPlaneLayout(), Console.Out);
        var controlPlane = cluster.ControlPlane;
        // Asked before connecting: without --yes and without a terminal nothing touches the node.
        if (!settings.DryRun)
            Confirmation.Require($"This stops the control plane on {controlPlane.Name} and replaces etcd's data with {snapshot}; everything written since that snapshot is lost.", settings.Yes, "restore");
        if (settings.DryRun)
        {
            // Never connects: the member's values come from etcd.yaml on the node at run time, so they are named here.
            var steps = EtcdRestorePlan.Build(EtcdMember.ReadAtRunTime, EtcdRestoreService.RemotePath(snapshot, stamp), EtcdRestoreTool.Named(settings.RestoreTool), stamp, new ControlPlaneLayout());
            Console.WriteLine($"restore-etcd on {controlPlane.Name}: upload {snapshot} to {EtcdRestoreService.RemotePath(snapshot, stamp)} and check its SHA-256, read the member's values (<…>) from {new ControlPlaneLayout().EtcdManifest}, then:");
            for (var i = 0; i < steps.Count; i++) Console.WriteLine($"  {i + 1}. {steps[i].Title}\n     $ {steps[i].Command}");
            Console.WriteLine($"  then restart the kubelet on {string.Join(", ", cluster.Workers.Select(n => n.Name))}");
            return ExitCodes.Ok;
        }
        using var transport = NodeAccess.Transport(state, settings);
        await using var session = await transport.ConnectAsync(NodeAccess.Endpoint(controlPlane), cancellationToken);
        var workers = new List<NodeSession>();
        try
        {
            foreach (var worker in cluster.Workers)
                workers.Add(await transport.ConnectAsync(NodeAccess.Endpoint(worker), cancellationToken));
            await service.RunAsync(session, workers, snapshot, stamp, cancellationToken);
        }
        finally
        {
            foreach (var worker in workers) await worker.DisposeAsync();
        }
        return 0;
    }
}
