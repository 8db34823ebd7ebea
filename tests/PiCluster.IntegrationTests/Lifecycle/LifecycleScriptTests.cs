using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Lifecycle;
using PiCluster.Bootstrap.Rebuild;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>The scripts the lifecycle commands send pass shellcheck; the FAKE kubeadm refuses what the real one refuses.</summary>
public sealed class LifecycleScriptTests
{
    private static IEnumerable<ShellSnippet> Snippets()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent/kubeconfig");
        IBootstrapPhase[] phases =
        [
            new RebuildControlPlanePhase(new RebuildSource.OnExport(null), EtcdRestoreTool.Etcdutl),
            new BackupPullPhase("/nonexistent/copies", all: true, ["age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"], keep: 7),
            new NodeReplacePhase("pi3", TimeSpan.FromMinutes(5)),
            new NodeRemovePhase("pi4", TimeSpan.FromMinutes(5)),
        ];
        return BootstrapPlan.For(phases, inputs).AllSteps.SelectMany(s => s.Snippets).DistinctBy(s => s.Text);
    }

    [Fact]
    public async Task Every_lifecycle_script_passes_shellcheck_as_posix_sh()
    {
        using var temp = new TempDir();
        var files = new List<string>();
        foreach (var (snippet, i) in Snippets().Select((s, i) => (s, i)))
        {
            var path = temp.Sub($"{i:D2}-{string.Concat(snippet.Name.Where(char.IsAsciiLetterOrDigit))}.sh");
            await File.WriteAllTextAsync(path, "#!/bin/sh\n" + snippet.Text);
            files.Add(path);
        }
        var (code, output) = Shell.Run("shellcheck", ["-s", "sh", "-f", "gcc", .. files]);

        Assert.True(code == 0, $"shellcheck found problems in {files.Count} scripts:\n{output}");
        Assert.True(files.Count >= 12, $"only {files.Count} scripts collected");
    }

    [Fact]
    public void FAKE_kubeadm_init_refuses_a_non_empty_etcd_data_dir_unless_that_one_preflight_check_is_ignored()
    {
        using var temp = new TempDir();
        var root = temp.Sub("root");
        var bin = temp.Sub("bin");
        FakeScripts.InstallAll(bin);
        Directory.CreateDirectory(Path.Combine(root, "fake"));
        File.WriteAllText(Path.Combine(root, "fake/kubeadm-version"), "v1.36.1\n");
        Directory.CreateDirectory(Path.Combine(root, "var/lib/etcd/member"));
        Directory.CreateDirectory(temp.Sub("cluster"));
        var config = temp.Sub("kubeadm-init.yaml");
        File.WriteAllText(config, PiCluster.Bootstrap.Kubeadm.KubeadmConfigBuilder.Yaml(HomeCluster.Definition, HomeCluster.Definition.ControlPlane));
        var env = new Dictionary<string, string>
        {
            ["PATH"] = bin + ":/usr/bin:/bin", ["NODE_ROOT"] = root, ["FAKE_NODE"] = "pi0", ["FAKE_CLUSTER"] = temp.Sub("cluster"),
        };

        var refused = Shell.Run(Path.Combine(bin, "kubeadm"), ["init", "--config", config], env);
        Assert.Equal(1, refused.Code);
        Assert.Contains("[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty", refused.Output);
        Assert.Contains("--ignore-preflight-errors=", refused.Output);
        var other = Shell.Run(Path.Combine(bin, "kubeadm"), ["init", "--config", config, "--ignore-preflight-errors=Port-6443"], env);
        Assert.Equal(1, other.Code);

        var ignored = Shell.Run(Path.Combine(bin, "kubeadm"), ["init", "--config", config, $"--ignore-preflight-errors={KubeadmEtcdMember.DirAvailableCheck}"], env);
        Assert.True(ignored.Code == 0, ignored.Output);
        Assert.Contains("[WARNING DirAvailable--var-lib-etcd]", ignored.Output);
        Assert.Contains("[certs] Generating \"ca\" certificate and key", ignored.Output);
        // The data dir is the one KubeadmConfigBuilder writes, so the check's name matches the rebuild's flag.
        Assert.Contains($"dataDir: {KubeadmEtcdMember.DataDir}", File.ReadAllText(config));
        var member = EtcdMember.FromStaticPod(File.ReadAllText(Path.Combine(root, "etc/kubernetes/manifests/etcd.yaml")));
        Assert.Equal(KubeadmEtcdMember.Of(HomeCluster.Definition.ControlPlane) with { Image = member.Image, Command = member.Command }, member);
    }

    [Fact]
    public void Pki_restore_refuses_a_control_plane_that_already_holds_another_clusters_keys()
    {
        using var temp = new TempDir();
        var stage = Directory.CreateDirectory(temp.Sub("root/var/lib/etcd-restore/rebuild")).FullName;
        var backupPki = Directory.CreateDirectory(temp.Sub("backup-pki")).FullName;
        foreach (var file in RebuildControlPlanePhase.SharedKeys)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(backupPki, file))!);
            File.WriteAllText(Path.Combine(backupPki, file), "backup " + file);
        }
        Assert.Equal(0, Shell.Run("tar", ["-czf", Path.Combine(stage, "etcd-20261127T030000Z.pki.tar.gz"), "-C", backupPki, "."]).Code);
        File.WriteAllText(Path.Combine(stage, "stamp"), "20261127T030000Z\n");
        var script = RebuildControlPlanePhase.PkiRestore();
        var env = new Dictionary<string, string> { ["NODE_ROOT"] = temp.Sub("root") };

        Assert.Equal(1, Shell.Run("sh", ["-c", script.Check], env).Code);
        var applied = Shell.Run("sh", ["-c", script.Action], env);
        Assert.True(applied.Code == 0, applied.Output);
        Assert.Equal(0, Shell.Run("sh", ["-c", script.Check], env).Code);
        Assert.Equal("backup sa.key", File.ReadAllText(temp.Sub("root/etc/kubernetes/pki/sa.key")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.Sub("root/etc/kubernetes/pki/etcd/ca.key")));

        File.WriteAllText(temp.Sub("root/etc/kubernetes/pki/ca.crt"), "a CA kubeadm init made on the new card");
        var (code, output) = Shell.Run("sh", ["-c", script.Check], env);
        Assert.Equal(2, code);
        Assert.Contains("already holds other keys than the backup ( ca.crt)", output);
    }
}
