using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>
/// backup pull through a loopback sshd "pi0" (FAKE mount serving the FAKE NAS folder the model names), encrypted with the
/// real `age` to a key made by the real `age-keygen`, opened again with the matching identity and refused with another.
/// </summary>
public sealed class BackupPullTests : IAsyncLifetime
{
    private static readonly string[] Stamps = ["20261125T030000Z", "20261126T030000Z", "20261127T030000Z"];

    private TestCluster _cluster = null!;
    private TempDir _temp = null!;
    private string _identity = null!;
    private string _recipient = null!;

    private BackupLocation Location => BackupLocation.Of(_cluster.Definition);

    private string Nas => Path.Combine(_cluster.Fixture.ClusterState, "nfs", "root" + Location.ExportPath, Location.SubPath);

    private string Copies => _temp.Sub("copies");

    public async Task InitializeAsync()
    {
        Tools.Require("age", "age-keygen");
        _temp = new TempDir();
        _cluster = await TestCluster.StartAsync(1);
        (_identity, _recipient) = NewAgeKey(_temp.Sub("me.txt"));
        // Three nightly backups as the CronJob's script writes them (the snapshot's content does not matter here).
        var pki = Directory.CreateDirectory(_temp.Sub("pki")).FullName;
        File.WriteAllText(Path.Combine(pki, "ca.key"), "-----BEGIN EC PRIVATE KEY-----\nnot a real key\n-----END EC PRIVATE KEY-----\n");
        File.WriteAllText(Path.Combine(pki, "ca.crt"), "certificate\n");
        Directory.CreateDirectory(Nas);
        foreach (var stamp in Stamps)
        {
            var snapshot = _temp.Sub("snapshot.db");
            File.WriteAllBytes(snapshot, [.. System.Text.Encoding.ASCII.GetBytes("SNAPSHOT " + stamp + " "), .. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7))]);
            var (code, output) = Shell.Run("sh", [Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.EtcdBackup)], new Dictionary<string, string>
            {
                ["SNAPSHOT"] = snapshot, ["BACKUP_DIR"] = Nas, ["RETENTION"] = "14", ["PKI_DIR"] = pki, ["STAMP"] = stamp,
            });
            Assert.True(code == 0, output);
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _temp.Dispose();
    }

    internal static (string Identity, string Recipient) NewAgeKey(string path)
    {
        var (code, output) = Shell.Run("age-keygen", ["-o", path]);
        Assert.True(code == 0, output);
        var (_, recipient) = Shell.Run("age-keygen", ["-y", path]);
        return (path, recipient.Trim());
    }

    private RestoreSnapshot RestoreSnapshotFrom(string copy)
    {
        var contents = EncryptedBackup.Open(copy, _identity, CancellationToken.None);
        return RestoreSnapshot.InMemory(contents.Stamp.Snapshot, contents.Snapshot);
    }

    private Task<RunReport> PullAsync(bool all, int keep = 2, IRunObserver? observer = null) =>
        _cluster.RunAsync([new BackupPullPhase(Copies, all, [_recipient], keep)], observer: observer);

    [Fact]
    public async Task The_newest_backup_is_copied_encrypted_verified_and_opens_only_with_the_matching_identity()
    {
        var report = await PullAsync(all: false);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var copy = Path.Combine(Copies, $"etcd-{Stamps[^1]}.tar.age");
        Assert.Equal([Path.GetFileName(copy)], Directory.GetFiles(Copies, "*.age").Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Copies));
        // Encrypted: the age header, and neither the snapshot's nor the CA key's bytes in the clear.
        var bytes = File.ReadAllBytes(copy);
        Assert.StartsWith("age-encryption.org/v1\n", System.Text.Encoding.ASCII.GetString(bytes, 0, 22));
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("SNAPSHOT " + Stamps[^1], text);
        Assert.DoesNotContain("EC PRIVATE KEY", text);
        Assert.Equal(BackupContents.Sha256(bytes), File.ReadAllText(copy + ".sha256").Split(' ')[0]);

        // The real age decrypts it with the identity; every file is the NAS's, byte for byte.
        var contents = EncryptedBackup.Open(copy, _identity, CancellationToken.None);
        Assert.Equal(Stamps[^1], contents.Stamp.Value);
        foreach (var name in contents.Stamp.Files) Assert.Equal(File.ReadAllBytes(Path.Combine(Nas, name)), contents.Files[name]);
        var (code, plain) = Shell.Run("sh", ["-c", $"age -d -i '{_identity}' '{copy}' | tar -tf -"]);
        Assert.True(code == 0, plain);
        Assert.Equal(contents.Stamp.Files, plain.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // restore-etcd --from: the copy is opened in memory; a dry run writes no decrypted file anywhere on this machine.
        var temp = Path.GetTempPath();
        var tempBefore = Directory.GetFileSystemEntries(temp).ToHashSet(StringComparer.Ordinal);
        var dryRun = BootstrapTool.Run("restore-etcd", "--from", copy, "--identity", _identity, "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");
        Assert.True(dryRun.Code == 0, dryRun.Output);
        Assert.Contains($"-etcd-{Stamps[^1]}.db", dryRun.Output);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(temp), e => !tempBefore.Contains(e) && Path.GetFileName(e).StartsWith("picluster-restore", StringComparison.Ordinal));
        // What the command uploads: the NAS snapshot byte for byte, hashed for the upload check.
        var snapshot = RestoreSnapshotFrom(copy);
        Assert.Equal($"etcd-{Stamps[^1]}.db", snapshot.Name);
        var nasSnapshot = File.ReadAllBytes(Path.Combine(Nas, $"etcd-{Stamps[^1]}.db"));
        Assert.Equal(nasSnapshot, await snapshot.ReadAsync(CancellationToken.None));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(nasSnapshot)), snapshot.Sha256);

        // Another identity: age's own refusal, as bad input naming the options.
        var (other, _) = NewAgeKey(_temp.Sub("someone-else.txt"));
        var refused = Assert.Throws<BootstrapException>(() => EncryptedBackup.Open(copy, other, CancellationToken.None));
        Assert.Contains("no identity matched any of the recipients", refused.Message);
        Assert.Contains("--identity", refused.Message);

        // A rerun finds the copy intact and changes nothing.
        var again = await PullAsync(all: false);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
    }

    [Fact]
    public async Task All_pulls_the_newest_Keep_backups_prunes_older_copies_and_a_damaged_NAS_file_is_refused()
    {
        // An old copy from an earlier pull, beyond what Keep allows.
        Directory.CreateDirectory(Copies);
        File.WriteAllText(Path.Combine(Copies, "etcd-20261101T030000Z.tar.age"), "old");
        File.WriteAllText(Path.Combine(Copies, "etcd-20261101T030000Z.tar.age.sha256"), "x  etcd-20261101T030000Z.tar.age\n");

        var observer = new RecordingObserver();
        var report = await PullAsync(all: true, keep: 2, observer);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(Stamps[1..].Select(s => $"etcd-{s}.tar.age"), Directory.GetFiles(Copies, "*.age").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["backup-copy", "backup-prune"], observer.Finished.Where(f => f.Outcome == StepOutcome.Done).Select(f => f.Step));

        // Bit rot on the NAS: the snapshot no longer matches its sha256 file; the pull says so and writes nothing.
        File.Delete(Path.Combine(Copies, $"etcd-{Stamps[^1]}.tar.age"));
        var damaged = Path.Combine(Nas, $"etcd-{Stamps[^1]}.db");
        var data = File.ReadAllBytes(damaged);
        data[^1] ^= 0xff;
        File.WriteAllBytes(damaged, data);
        var failed = await PullAsync(all: false);
        var failure = Assert.Single(failed.Failures);
        Assert.Equal("backup-copy", failure.Step);
        Assert.Contains($"etcd-{Stamps[^1]}.db", failure.Message);
        Assert.Contains("does not match", failure.Message);
        Assert.False(File.Exists(Path.Combine(Copies, $"etcd-{Stamps[^1]}.tar.age")));
    }

    [Fact]
    public void A_private_key_or_a_malformed_recipient_in_the_model_is_bad_input_naming_the_field()
    {
        var definition = _cluster.Definition with
        {
            Bootstrap = _cluster.Definition.Bootstrap with { BackupCopy = new BackupCopySettings([_recipient, "AGE-SECRET-KEY-1QQQQ"]) },
        };
        var secret = Assert.Throws<BootstrapException>(() => AgeRecipients.Of(definition));
        Assert.Contains("Bootstrap.BackupCopy.AgeRecipients[1] is a private key", secret.Message);

        var empty = Assert.Throws<BootstrapException>(() => AgeRecipients.Of(_cluster.Definition with { Bootstrap = _cluster.Definition.Bootstrap with { BackupCopy = new BackupCopySettings([]) } }));
        Assert.Contains("Bootstrap.BackupCopy.AgeRecipients is empty", empty.Message);

        var typo = Assert.Throws<BootstrapException>(() => AgeRecipients.Validate("age-1abc", "Bootstrap.BackupCopy.AgeRecipients[0]"));
        Assert.Contains("\"age-1abc\" is not an age recipient", typo.Message);
        AgeRecipients.Validate(_recipient, "x");
        AgeRecipients.Validate("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsUwH0HRJ+8mlhOSu4Fg7gEBdRP3j4XcFGa0yJ0DsQv operator@laptop", "x");
    }
}
