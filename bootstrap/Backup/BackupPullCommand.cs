using System.ComponentModel;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Backup;

public sealed class BackupPullSettings : PlanSettings
{
    [CommandOption("--all")]
    [Description("Pull every backup on the NFS export (the newest Bootstrap.BackupCopy.Keep of them), not only the newest.")]
    public bool All { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for the encrypted copies (default .picluster/backups); better a disk other than the NAS.")]
    public string? Out { get; init; }
}

/// <summary><c>bootstrap backup pull</c>: <see cref="BackupPullPhase"/> on the step engine (progress, logs, --dry-run, --scripts).</summary>
public sealed class BackupPullCommand(BootstrapServices services) : PhaseCommand<BackupPullSettings>(services)
{
    private string _folder = "";

    protected override IReadOnlyList<IBootstrapPhase> Phases(BackupPullSettings settings)
    {
<<<<<<< HEAD
        var cluster = Services.Cluster;
        var recipients = AgeRecipients.Of(cluster);
        if (!settings.DryRun) AgeTool.Age.Locate();
        _folder = settings.Out ?? DefaultFolder(Services.State);
        return [new BackupPullPhase(_folder, settings.All, recipients, cluster.Bootstrap.BackupCopy!.Keep)];
=======
        var cluster = HomeCluster.Definition;
        // A dry run shows the plan before the recipients are set up; a real run refuses without them.
        IReadOnlyList<string> recipients = settings.DryRun && cluster.Bootstrap.BackupCopy is not { AgeRecipients.Count: > 0 } ? [] : AgeRecipients.Of(cluster);
        if (recipients.Count == 0) Console.Error.WriteLine($"note: {AgeRecipients.Field} is empty; a real run refuses until it names your public key.");
        if (!settings.DryRun) AgeTool.Age.Locate();
        _folder = settings.Out ?? DefaultFolder(StateFolder.Locate(Environment.CurrentDirectory));
        return [new BackupPullPhase(_folder, settings.All, recipients, cluster.Bootstrap.BackupCopy?.Keep ?? 1)];
>>>>>>> f016ff4 (Tests: backup pull with the real age (newest, --all with Keep, damaged NAS file refused, wrong identity refused, rerun unchanged), restore-etcd --from snapshot file, rebuild --from an encrypted copy with the NAS dead; backup pull --dry-run without recipients shows the plan)
    }

    /// <summary>.picluster/backups: local and git-ignored.</summary>
    public static string DefaultFolder(StateFolder state) => Path.Combine(state.Root, "backups");

    protected override string Finished(BackupPullSettings settings) =>
        $"Encrypted copies in {Path.GetFullPath(_folder)}. Restore with `rebuild-control-plane --from <copy> --identity <key>` or `restore-etcd --from <copy> --identity <key>`.";
}
