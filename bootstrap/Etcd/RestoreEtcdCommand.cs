using System.ComponentModel;
using System.Globalization;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Etcd;

public sealed class RestoreEtcdSettings : PlanSettings
{
    [CommandOption("--snapshot <FILE>")]
    [Description("The etcd snapshot to restore (e.g. etcd-20261127T030000Z.db from the backup export).")]
    public string? Snapshot { get; init; }

    [CommandOption("--from <FILE.age>")]
    [Description("Restore the snapshot inside an encrypted copy made by `backup pull` (a dead NAS); needs --identity.")]
    public string? From { get; init; }

    [CommandOption("--identity <FILE>")]
    [Description("With --from: the age identity file (private key) that decrypts the copy.")]
    public string? Identity { get; init; }

    [CommandOption("--restore-tool <NAME>")]
    [Description("Program on the control-plane node that verifies and restores: etcdutl (etcd 3.5+/3.6, default) or etcdctl (3.4).")]
    public string RestoreTool { get; init; } = EtcdRestoreTool.Etcdutl.Command;

    [CommandOption("--yes")]
    [Description("Restore without asking (required without a terminal).")]
    public bool Yes { get; init; }

    public override Spectre.Console.ValidationResult Validate() => (Snapshot, From, Identity) switch
    {
        (null, null, _) => Spectre.Console.ValidationResult.Error("--snapshot <file> (or --from <FILE.age> --identity <FILE>) is required."),
        (not null, not null, _) => Spectre.Console.ValidationResult.Error("--snapshot and --from: choose one."),
        (_, not null, null) => Spectre.Console.ValidationResult.Error("--from needs --identity <FILE>: the age identity that decrypts the copy."),
        (_, null, not null) => Spectre.Console.ValidationResult.Error("--identity only goes with --from."),
        _ => base.Validate(),
    };
}

/// <summary>
/// <c>bootstrap restore-etcd</c>: the <see cref="EtcdRestorePhase"/> plan on the step engine (progress, logs, --dry-run
/// that never connects, --scripts, --node like every phase).
/// </summary>
public sealed class RestoreEtcdCommand(BootstrapServices services) : PhaseCommand<RestoreEtcdSettings>(services)
{
    private readonly string _stamp = services.Time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    protected override IReadOnlyList<IBootstrapPhase> Phases(RestoreEtcdSettings settings)
    {
        var snapshot = settings.From is null ? RestoreSnapshot.File(Path.GetFullPath(settings.Snapshot!)) : FromCopy(settings.From, settings.Identity!);
        return [new EtcdRestorePhase(snapshot, _stamp, EtcdRestoreTool.Named(settings.RestoreTool), new ControlPlaneLayout())];
    }

    /// <summary>
    /// The snapshot of a `backup pull` copy, decrypted and checked in memory (bad input stops here, exit 2): its plaintext
    /// is never written on this machine, not even for --dry-run; the upload puts it on the control plane only (0600).
    /// </summary>
    private static RestoreSnapshot FromCopy(string copy, string identity)
    {
        var contents = Backup.EncryptedBackup.Open(copy, identity, CancellationToken.None);
        return RestoreSnapshot.InMemory(contents.Stamp.Snapshot, contents.Snapshot);
    }

    protected override void Confirm(BootstrapPlan plan, RestoreEtcdSettings settings) =>
        Confirmation.Require(Services.Console, $"This stops the control plane on {Services.Cluster.ControlPlane.Name} and replaces etcd's data with {Path.GetFullPath(settings.Snapshot ?? settings.From!)}; everything written since that snapshot is lost.", settings.Yes, "restore");

    protected override string Finished(RestoreEtcdSettings settings) =>
        $"etcd restored; the API answers. The old data directory is kept next to the new one (.before-restore-{_stamp}).";
}
