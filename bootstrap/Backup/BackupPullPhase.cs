using System.Globalization;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// <c>bootstrap backup pull</c>: the newest (or every) nightly etcd backup — snapshot and PKI archive — read from the NFS
/// export through the control plane (the only node the export is open to), checked by SHA-256 against the source as
/// the control plane reads it and against the backup's own sha256 files, packed into one tar and encrypted with `age` to
/// the model's recipients into <c>&lt;folder&gt;/etcd-&lt;stamp&gt;.tar.age</c>; then only the newest
/// <see cref="BackupCopySettings.Keep"/> copies stay. Plaintext never touches this machine's disk.
/// </summary>
/// <param name="folder">Where the copies go on this machine.</param>
/// <param name="all">Every backup on the export (the newest Keep of them), not only the newest.</param>
public sealed class BackupPullPhase(string folder, bool all, IReadOnlyList<string> recipients, int keep) : IBootstrapPhase
{
    public const string PhaseName = "backup";

    public string Name => PhaseName;

    public string Folder { get; } = Path.GetFullPath(folder);

    public bool All { get; } = all;

    public IReadOnlyList<string> Recipients { get; } = recipients;

    public int Keep { get; } = keep;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs) =>
    [
        new PlanStage(PhaseName, [new NodeWork(inputs.ControlPlane, [new CopyStep(this, BackupLocation.Of(inputs.Cluster), inputs.Report), new PruneStep(this)])]),
    ];

    /// <summary>The local copies, oldest first (names sort by time).</summary>
    public IReadOnlyList<BackupStamp> LocalCopies() =>
        Directory.Exists(Folder)
            ? [.. Directory.GetFiles(Folder, "etcd-*.tar.age").Select(f => BackupStamp.FromCopyName(Path.GetFileName(f))).OfType<BackupStamp>().Order()]
            : [];

    /// <summary>A copy counts when its ciphertext still has the SHA-256 written next to it (a torn or damaged file does not).</summary>
    public bool IsIntact(BackupStamp stamp)
    {
        var copy = Path.Combine(Folder, stamp.CopyName);
        var sidecar = copy + ".sha256";
        if (!File.Exists(copy) || !File.Exists(sidecar)) return false;
        var recorded = File.ReadAllText(sidecar).Split(' ', 2)[0].Trim();
        return string.Equals(recorded, BackupContents.Sha256(File.ReadAllBytes(copy)), StringComparison.OrdinalIgnoreCase);
    }

    public static string ListScript(BackupLocation location) =>
        NodeShell.Script(NodeScripts.Check(LifecycleScripts.BackupRead, [.. location.Parameters, ("ACTION", "list"), ("STAMP", "")]));

    public static string PackScript(BackupLocation location, string stamp) =>
        NodeShell.Script(NodeScripts.Check(LifecycleScripts.BackupRead, [.. location.Parameters, ("ACTION", "pack"), ("STAMP", stamp)]));

    /// <summary>Parses backup-read.sh's pack output: `sha256sum` lines, "--", then the tar in base64.</summary>
    public static (IReadOnlyDictionary<string, string> Sha256, byte[] Tar) ParsePack(string output)
    {
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        var separator = Array.IndexOf(lines, "--");
        if (separator < 0) throw new BootstrapException("the control plane's backup-read.sh output has no \"--\" line; see its log");
        var sha = lines.Take(separator)
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[1].TrimStart('*'), p => p[0], StringComparer.Ordinal);
        try
        {
            return (sha, Convert.FromBase64String(string.Concat(lines.Skip(separator + 1))));
        }
        catch (FormatException e)
        {
            throw new BootstrapException($"the control plane's backup-read.sh sent no readable archive ({e.Message}); see its log");
        }
    }

    /// <summary>
    /// Done when every backup wanted (the newest, or with --all the newest Keep) has an intact local copy; the action
    /// pulls the missing ones, each written under a temporary name and renamed, its SHA-256 file last.
    /// </summary>
    private sealed class CopyStep(BackupPullPhase phase, BackupLocation location, TextWriter report) : NodeStep("backup-copy")
    {
        private async Task<IReadOnlyList<BackupStamp>> WantedAsync(StepContext context) =>
            await context.Run.SharedAsync("backup-stamps", async () =>
            {
                var result = await context.Session.RunAsync(ListScript(location), new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: "list the backups"), context.CancellationToken);
                if (!result.Succeeded) throw new StepFailedException(result.Error.Trim().Length > 0 ? result.Error.Trim() : $"listing the backups on {location} failed with exit {result.ExitCode}");
                var stamps = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(BackupStamp.IsValid).Select(s => new BackupStamp(s)).Order().ToList();
                if (stamps.Count == 0) throw new StepFailedException($"no complete backup on {location}: has the etcd-backup CronJob run (kubectl -n kube-system get jobs)?");
                IReadOnlyList<BackupStamp> wanted = phase.All ? [.. stamps.TakeLast(phase.Keep)] : [stamps[^1]];
                return wanted;
            });

        public override async Task<bool> IsDoneAsync(StepContext context) =>
            (await WantedAsync(context)).All(phase.IsIntact);

        public override async Task ApplyAsync(StepContext context)
        {
            Directory.CreateDirectory(phase.Folder);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(phase.Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var stamp in (await WantedAsync(context)).Where(s => !phase.IsIntact(s)))
            {
                var result = await context.Session.RunAsync(PackScript(location, stamp.Value),
                    new CommandOptions(Timeout: TimeSpan.FromMinutes(15), Sensitive: true, Description: $"read backup {stamp}"), context.CancellationToken);
                if (!result.Succeeded) throw new StepFailedException(result.Error.Trim().Length > 0 ? result.Error.Trim() : $"reading backup {stamp} failed with exit {result.ExitCode}");
                var copy = Path.Combine(phase.Folder, stamp.CopyName);
                var partial = copy + ".partial";
                try
                {
                    var (sourceSha, tar) = ParsePack(result.Output);
                    var contents = BackupContents.FromTar(tar, $"backup {stamp} as read from {location}");
                    contents.VerifyAgainstSource(sourceSha, $"{location}, read on {context.Node.Name}");
                    File.Delete(partial);
                    await AgeTool.EncryptAsync(phase.Recipients, contents.ToTar(), partial, context.CancellationToken);
                    report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"backup {stamp}: snapshot {contents.Snapshot.Length} bytes + PKI archive, SHA-256 checked against {location}; encrypted to {phase.Recipients.Count} recipient(s) → {copy}"));
                }
                catch (BootstrapException e)
                {
                    // Found while running (a damaged or torn copy, age refusing): the step fails, nothing is kept.
                    File.Delete(partial);
                    throw new StepFailedException(e.Message, e);
                }
                File.Move(partial, copy, overwrite: true);
                var sha = BackupContents.Sha256(await File.ReadAllBytesAsync(copy, context.CancellationToken));
                await File.WriteAllTextAsync(copy + ".sha256.partial", $"{sha}  {stamp.CopyName}\n", context.CancellationToken);
                File.Move(copy + ".sha256.partial", copy + ".sha256", overwrite: true);
            }
        }

        public override IEnumerable<ShellSnippet> Snippets =>
        [
            new($"{Name}.list", ListScript(location)),
            new($"{Name}.read (per backup pulled)", PackScript(location, "<stamp>")),
        ];
    }

    /// <summary>Runs on this machine: keeps the newest Keep copies, deletes older ones with their SHA-256 files.</summary>
    private sealed class PruneStep(BackupPullPhase phase) : NodeStep("backup-prune")
    {
        public override Task<bool> IsDoneAsync(StepContext context) => Task.FromResult(phase.LocalCopies().Count <= phase.Keep);

        public override Task ApplyAsync(StepContext context)
        {
            var copies = phase.LocalCopies();
            foreach (var old in copies.Take(copies.Count - phase.Keep))
            {
                var path = Path.Combine(phase.Folder, old.CopyName);
                File.Delete(path + ".sha256");
                File.Delete(path);
            }
            return Task.CompletedTask;
        }

        public override IEnumerable<ShellSnippet> Snippets => [];
    }
}
