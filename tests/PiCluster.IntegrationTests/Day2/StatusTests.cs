using System.Globalization;
using System.Text.Json;
using PiCluster.Bootstrap.Run;
using PiCluster.CommandLine;
using Spectre.Console.Testing;
using PiCluster.Bootstrap.Status;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.IntegrationTests.Day2;

/// <summary>`bootstrap status` on six real sshd test nodes (FAKE apk, kubeadm, kubectl, crictl, df), with a real etcd.</summary>
public sealed class StatusTests
{
    private static async Task<(int Code, string Table, JsonElement Json)> StatusAsync(TestCluster cluster, ClusterDefinition definition, string etcd)
    {
        var inputs = Day2Cluster.Inputs(cluster, definition);
        var runner = Day2Cluster.Runner(cluster, inputs);
        async Task<(int, string)> Once(string format)
        {
            var report = new HealthReport(definition);
            var run = await runner.RunAsync(runner.Plan([new StatusPhase(report, new StatusOptions(etcd))], null), new RecordingObserver(), CancellationToken.None);
            using var json = new StringWriter();
            var console = new TestConsole().Width(200);
            var code = StatusOutput.Write(report, run, inputs, format, console, json);
            return (code, format == "json" ? json.ToString() : console.Output);
        }
        var (code, table) = await Once("table");
        var (jsonCode, json) = await Once("json");
        Assert.Equal(code, jsonCode);
        return (code, table, JsonDocument.Parse(json).RootElement.Clone());
    }

    private static JsonElement Row(JsonElement json, string scope, string check) =>
        json.GetProperty("findings").EnumerateArray().FirstOrDefault(f => f.GetProperty("scope").GetString() == scope && f.GetProperty("check").GetString() == check) is { ValueKind: JsonValueKind.Object } row
            ? row
            : throw new Xunit.Sdk.XunitException($"no row {scope} / {check} in\n{json}");

    private static string Backups(TestCluster cluster) => Path.Combine(cluster.Fixture.ClusterState, "nfs", "root", "media", "nfs", "backups", "etcd");

    [Fact]
    public async Task Status_is_all_ok_on_a_healthy_cluster_and_names_each_problem_with_its_fix_on_a_broken_one()
    {
        await using var cluster = await TestCluster.StartAsync();
        var up = await cluster.RunAsync(BootstrapPhases.Cluster);
        Assert.True(up.Succeeded, string.Join("\n", up.Failures));
        using var temp = new TempDir();
        using var etcd = EtcdProcess.Start(temp.Sub("etcd"), "pi0");
        var now = DateTimeOffset.UtcNow;
        foreach (var node in cluster.Definition.Nodes) KubeletClientCertificate.Write(cluster[node.Name], now.AddDays(300));
        Directory.CreateDirectory(Backups(cluster));
        File.WriteAllText(Path.Combine(Backups(cluster), $"etcd-{now.AddHours(-3).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db"), "snapshot");
        var definition = cluster.Definition;

        var (code, table, json) = await StatusAsync(cluster, definition, etcd.Endpoint);

        Assert.True(code == ExitCodes.Ok, table);
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Equal(0, json.GetProperty("warn").GetInt32() + json.GetProperty("fail").GetInt32());
        Assert.Contains("Ready, kubelet v1.36.3", Row(json, "pi3", "api").GetProperty("value").GetString());
        Assert.Contains("logrotate daily from crond", Row(json, "pi5", "log rotation").GetProperty("value").GetString());
        Assert.Contains("rotated by the kubelet itself", Row(json, "pi1", "kubelet cert").GetProperty("value").GetString());
        Assert.StartsWith("healthy, DB", Row(json, "cluster", "etcd").GetProperty("value").GetString());
        Assert.Contains("11 certificates", Row(json, "cluster", "certs").GetProperty("value").GetString());
        Assert.Equal("etcd 3.6.9-0, as KubeadmEtcd says for 1.36", Row(json, "cluster", "etcd image").GetProperty("value").GetString());
        Assert.Equal("ok", Row(json, "pi2", "boot firmware").GetProperty("level").GetString());
        Assert.Contains("v3.24 is the newest branch on the mirror (v3.25 not out yet)", Row(json, "pi2", "alpine branch").GetProperty("value").GetString());
        Assert.Contains("all ok", table);
        // The nodes phase wrote the project's kubelet rule (copytruncate) over the package's.
        Assert.Equal(PiCluster.Bootstrap.Nodes.KubeletLogRotation.Rule + "\n", File.ReadAllText(cluster["pi5"].RootPath("etc/logrotate.d/kubelet")));
        // The backup probe's NFS mount point (mktemp -d) is unmounted and gone.
        Assert.Empty(Directory.GetFileSystemEntries(cluster["pi0"].RootPath("run"), "picluster-status-nfs*"));
        // Only the certificate block of the kubelet's PEM file is read: its key never reaches the log.
        foreach (var log in Directory.EnumerateFiles(cluster.Fixture.LogFolder)) Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(log));

        // Break it: an expiring API server certificate, a stale backup, a NotReady node, a full disk, a node that is off.
        var certs = cluster["pi0"].RootPath("fake/certs");
        File.WriteAllLines(certs, File.ReadAllLines(certs).Select(l => l.StartsWith("apiserver ", StringComparison.Ordinal)
            ? $"apiserver {now.AddDays(23).AddMinutes(5).ToUnixTimeSeconds()} ca" : l));
        foreach (var file in Directory.GetFiles(Backups(cluster))) File.Delete(file);
        File.WriteAllText(Path.Combine(Backups(cluster), $"etcd-{now.AddHours(-75).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db"), "old");
        File.WriteAllText(cluster["pi4"].RootPath("fake/kubelet-notready"), "");
        File.WriteAllText(cluster["pi5"].RootPath("fake/disk-root"), "30408704 30050000");
        File.WriteAllText(cluster["pi1"].RootPath("fake/disk-boot"), "1046512 942000");
        Directory.CreateDirectory(cluster["pi3"].RootPath("var/lib/picluster"));
        File.WriteAllText(cluster["pi3"].RootPath("var/lib/picluster/boot-firmware-sync.failed"), "2027-02-27T03:10:00Z cp vmlinuz-rpi: No space left on device\nmore detail\n");
        // Alpine v3.25 is out on the mirror (the FAKE mirror serves both branches with the same packages).
        Day2Cluster.Offer(cluster, "v3.24", "1.36.3-r0");
        Day2Cluster.Offer(cluster, "v3.25", "1.37.2-r0");
        cluster["pi2"].Kill();

        var (broken, brokenTable, brokenJson) = await StatusAsync(cluster, definition, etcd.Endpoint);

        Assert.Equal(ExitCodes.Failed, broken);
        var cert = Row(brokenJson, "cluster", "certs apiserver");
        Assert.Equal(("warn", "expires in 23 days", "bootstrap certs renew"), (cert.GetProperty("level").GetString(), cert.GetProperty("value").GetString(), cert.GetProperty("fix").GetString()));
        var backup = Row(brokenJson, "cluster", "backup");
        Assert.Equal("warn", backup.GetProperty("level").GetString());
        Assert.Contains("3d 3h old (limit 26 h, EtcdBackup.AlertAfterHours)", backup.GetProperty("value").GetString());
        Assert.Contains("kubectl -n kube-system get cronjob,jobs", backup.GetProperty("fix").GetString());
        var notReady = Row(brokenJson, "pi4", "api");
        Assert.Equal("fail", notReady.GetProperty("level").GetString());
        Assert.Contains("NotReady", notReady.GetProperty("value").GetString());
        Assert.Contains("rc-service kubelet status", notReady.GetProperty("fix").GetString());
        var full = Row(brokenJson, "pi5", "disk /");
        Assert.Equal(("fail", "99% used"), (full.GetProperty("level").GetString(), full.GetProperty("value").GetString()));
        var boot = Row(brokenJson, "pi1", "disk p1");
        Assert.Equal("warn", boot.GetProperty("level").GetString());
        Assert.Contains("91% used (threshold 85%)", boot.GetProperty("value").GetString());
        var off = Row(brokenJson, "pi2", "ssh");
        Assert.Equal("fail", off.GetProperty("level").GetString());
        Assert.Contains($"ssh root@{HomeClusterAddresses.NodesPi2Address}", off.GetProperty("fix").GetString());
        Assert.Equal("ok", Row(brokenJson, "pi3", "api").GetProperty("level").GetString());
        var firmware = Row(brokenJson, "pi3", "boot firmware");
        Assert.Equal("fail", firmware.GetProperty("level").GetString());
        Assert.Contains("cp vmlinuz-rpi: No space left on device", firmware.GetProperty("value").GetString());
        Assert.DoesNotContain("more detail", firmware.GetProperty("value").GetString());
        Assert.Equal("free space on p1, then bootstrap nodes --node pi3", firmware.GetProperty("fix").GetString());
        var branch = Row(brokenJson, "pi1", "alpine branch");
        Assert.Equal(("warn", "Alpine v3.25 is out and the model still says v3.24"), (branch.GetProperty("level").GetString(), branch.GetProperty("value").GetString()));
        Assert.Contains("certs apiserver", brokenTable);
        Assert.Contains("→ bootstrap certs renew", brokenTable);

        // The thresholds are the model's: a looser disk limit turns pi1's p1 from warn to ok.
        var looser = definition with { Bootstrap = definition.Bootstrap with { Health = new HealthThresholds(DiskUsedPercent: 95) } };
        // Offline: the next branch is unknown, not a failure.
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "offline"), "");
        var (_, _, looserJson) = await StatusAsync(cluster, looser, etcd.Endpoint);
        Assert.Equal("ok", Row(looserJson, "pi1", "disk p1").GetProperty("level").GetString());
        var unknown = Row(looserJson, "pi1", "alpine branch");
        Assert.Equal("ok", unknown.GetProperty("level").GetString());
        Assert.StartsWith("unknown: the mirror did not answer for v3.25 (wget: bad address", unknown.GetProperty("value").GetString());
    }
}
