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
        var cluster = Services.Cluster;
        // A dry run shows the plan before the recipients are set up; a real run refuses without them.
        IReadOnlyList<string> recipients = settings.DryRun && cluster.Bootstrap.BackupCopy is not { AgeRecipients.Count: > 0 } ? [] : AgeRecipients.Of(cluster);
        if (recipients.Count == 0) Services.Errors.WriteLine($"note: {AgeRecipients.Field} is empty; a real run refuses until it names your public key.");
        if (!settings.DryRun) AgeTool.Age.Locate();
        _folder = settings.Out ?? DefaultFolder(Services.State);
        return [new BackupPullPhase(_folder, settings.All, recipients, cluster.Bootstrap.BackupCopy?.Keep ?? 1)];
    }

    /// <summary>.picluster/backups: local and git-ignored.</summary>
    public static string DefaultFolder(StateFolder state) => Path.Combine(state.Root, "backups");

    protected override string Finished(BackupPullSettings settings) =>
        $"Encrypted copies in {Path.GetFullPath(_folder)}. Restore with `rebuild-control-plane --from <copy> --identity <key>` or `restore-etcd --from <copy> --identity <key>`.";
}
