using System.ComponentModel;
using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Lifecycle;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Rebuild;

public sealed class RebuildControlPlaneSettings : KubeadmSettings
{
    [CommandOption("--backup <STAMP>")]
    [Description("The nightly backup to rebuild from, by its UTC stamp (e.g. 20261127T030000Z); default: the one already staged on the control plane, else the newest on the NFS export.")]
    public string? Backup { get; init; }

    [CommandOption("--from <FILE.age>")]
    [Description("Rebuild from an encrypted copy made by `backup pull` instead of the NFS export (a dead NAS); needs --identity.")]
    public string? From { get; init; }

    [CommandOption("--identity <FILE>")]
    [Description("With --from: the age identity file (private key) that decrypts the copy; it never leaves this machine.")]
    public string? Identity { get; init; }

    [CommandOption("--restore-tool <NAME>")]
    [Description("Program on the control plane that restores the snapshot: etcdutl (default; copied from kubeadm's etcd image when missing) or etcdctl (etcd 3.4).")]
    public string RestoreTool { get; init; } = EtcdRestoreTool.Etcdutl.Command;

    [CommandOption("--yes")]
    [Description("Rebuild without asking (required without a terminal).")]
    public bool Yes { get; init; }

    public override Spectre.Console.ValidationResult Validate()
    {
        if (From is not null && Backup is not null) return Spectre.Console.ValidationResult.Error("--from and --backup: choose one (a copy names its own backup).");
        if (From is not null && Identity is null) return Spectre.Console.ValidationResult.Error("--from needs --identity <FILE>: the age identity that decrypts the copy.");
        if (From is null && Identity is not null) return Spectre.Console.ValidationResult.Error("--identity only goes with --from.");
        return base.Validate();
    }
}

/// <summary>
/// <c>bootstrap rebuild-control-plane</c>: the nodes phase on the re-carded control plane, then <see cref="RebuildControlPlanePhase"/>
/// from the nightly backup (or an encrypted copy with --from), on the step engine like every plan.
/// </summary>
public sealed class RebuildControlPlaneCommand(BootstrapServices services) : PhaseCommand<RebuildControlPlaneSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(RebuildControlPlaneSettings settings) =>
    [
        new PhaseOnNode(BootstrapPhases.Nodes, inputs => inputs.ControlPlane),
        new RebuildControlPlanePhase(Source(settings), EtcdRestoreTool.Named(settings.RestoreTool)),
    ];

    protected override PhaseInputs With(PhaseInputs inputs, RebuildControlPlaneSettings settings) =>
        inputs with { KubeconfigPath = settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig };

    /// <summary>Bad input stops here (exit 2): a malformed stamp, a missing copy or identity, a copy the identity does not open.</summary>
    private static RebuildSource Source(RebuildControlPlaneSettings settings)
    {
        if (settings.From is null) return new RebuildSource.OnExport(settings.Backup is null ? null : BackupStamp.Parse(settings.Backup, "--backup"));
        var copy = EncryptedBackup.Open(settings.From, settings.Identity!, CancellationToken.None);
        return new RebuildSource.Copy(Path.GetFullPath(settings.From), copy);
    }

    protected override void Confirm(BootstrapPlan plan, RebuildControlPlaneSettings settings)
    {
        var controlPlane = Services.Cluster.ControlPlane.Name;
        var backup = settings.From ?? (settings.Backup is null ? "the newest backup on the NFS export" : $"backup {settings.Backup}");
        Confirmation.Require(Services.Console,
            $"This rebuilds the control plane on {controlPlane} from {backup}: its CA and keys go into /etc/kubernetes/pki, its etcd snapshot into /var/lib/etcd, then kubeadm init. " +
            "Everything written to the cluster after that backup is lost. Meant for a re-carded control plane: a rerun with the same backup changes nothing; etcd data from another backup, or the control plane's own, is refused (reset it first).",
            settings.Yes, "rebuild");
    }

    protected override string Finished(RebuildControlPlaneSettings settings) =>
        $"Control plane rebuilt with the backup's CA and data (staged in {RebuildControlPlanePhase.StageDir} on {Services.Cluster.ControlPlane.Name}); " +
        "the workers kept their kubelet.conf and are Ready. Flux resumes from Git; `bootstrap cluster --dry-run` shows anything still to do.";
}
