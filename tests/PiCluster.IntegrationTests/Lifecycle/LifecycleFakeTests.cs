using PiCluster.IntegrationTests.Nodes;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>
/// The FAKE kubectl and kubeadm behave like upstream where node replace/remove and rebuild-control-plane rely on them,
/// failure modes included (sources in the comments of tests/PiCluster.TestSupport/Fakes/kubectl.sh and kubeadm.sh).
/// </summary>
public sealed class LifecycleFakeTests
{
    private static string PodFile(TestNode node, string on, string id)
    {
        var folder = Path.Combine(node.ClusterState, "pods", on);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, id);
        File.WriteAllText(file, "owner=Deployment\n");
        return file;
    }

    private static (int Code, string Output, string Error) Kubectl(TestNode node, string[] args)
    {
        var adminConf = node.RootPath("etc/kubernetes/admin.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(adminConf)!);
        File.WriteAllText(adminConf, "apiVersion: v1\nkind: Config\n");
        return SystemDiskTests.RunFake(node, "kubectl", ["--kubeconfig", adminConf, .. args]);
    }

    [Fact]
    public async Task FAKE_kubectl_delete_pod_grace_period_0_without_force_is_a_graceful_delete_that_a_gone_node_never_finishes()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var pi0 = cluster["pi0"];
        var stuck = PodFile(pi0, "pi2", "default_web");

        // delete.go Complete: --grace-period=0 without --force becomes 1 — graceful; the Node is gone, nothing confirms.
        var graceful = Kubectl(pi0, ["delete", "pod", "--namespace", "default", "web", "--grace-period=0"]);
        Assert.Equal(1, graceful.Code);
        Assert.Equal("pod \"web\" deleted\n", graceful.Output);
        Assert.Contains("timed out waiting for the condition on pods/web", graceful.Error);
        Assert.Contains("terminating", File.ReadAllText(stuck));
        var noWait = Kubectl(pi0, ["delete", "pod", "--namespace", "default", "web", "--wait=false"]);
        Assert.Equal(0, noWait.Code);
        Assert.True(File.Exists(stuck), "a graceful delete leaves the Pod of a gone node Terminating");

        // Validate: --force with a grace period above 0 is refused; --force --grace-period=0 removes the object at once.
        var both = Kubectl(pi0, ["delete", "pod", "--namespace", "default", "web", "--force", "--grace-period=5"]);
        Assert.Equal(1, both.Code);
        Assert.Contains("--force and --grace-period greater than 0 cannot be specified together", both.Error);
        var forced = Kubectl(pi0, ["delete", "pod", "--namespace", "default", "web", "--force", "--grace-period=0"]);
        Assert.Equal(0, forced.Code);
        Assert.Equal("pod \"web\" force deleted\n", forced.Output);
        Assert.Contains("Immediate deletion does not wait", forced.Error);
        Assert.False(File.Exists(stuck));

        // On a registered node the kubelet confirms a graceful delete.
        Directory.CreateDirectory(Path.Combine(pi0.ClusterState, "nodes"));
        File.WriteAllText(Path.Combine(pi0.ClusterState, "nodes", "pi1"), "");
        var running = PodFile(pi0, "pi1", "default_api");
        Assert.Equal(0, Kubectl(pi0, ["delete", "pod", "--namespace", "default", "api"]).Code);
        Assert.False(File.Exists(running));
    }

    [Fact]
    public async Task FAKE_kubeadm_reset_empties_the_etcd_data_dir_named_by_etcd_yaml_or_the_default_and_keeps_it_for_external_etcd()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var node = cluster["pi0"];
        void Member(string dir) => Directory.CreateDirectory(node.RootPath(dir.TrimStart('/') + "/member/snap"));
        void Manifest(string volumes) => File.WriteAllText(node.RootPath("etc/kubernetes/manifests/etcd.yaml"),
            $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n  volumes:\n{volumes}");
        Directory.CreateDirectory(node.RootPath("etc/kubernetes/manifests"));

        // etcd.yaml's etcd-data hostPath (removeetcdmember.go getEtcdDataDir without a kubeadm config).
        Member("/data/etcd");
        Member("/var/lib/etcd");
        Manifest("  - hostPath:\n      path: /etc/kubernetes/pki/etcd\n    name: etcd-certs\n  - hostPath:\n      path: /data/etcd\n      type: DirectoryOrCreate\n    name: etcd-data\n");
        var named = SystemDiskTests.RunFake(node, "kubeadm", ["reset", "-f"]);
        Assert.Equal(0, named.Code);
        Assert.Contains("[reset] Deleted contents of the etcd data directory: /data/etcd", named.Output);
        Assert.Empty(Directory.GetFileSystemEntries(node.RootPath("data/etcd")));
        Assert.True(Directory.Exists(node.RootPath("var/lib/etcd/member")), "only the manifest's data dir is cleaned");

        // No etcd.yaml (cleanup-node removed it, or a worker): kubeadm's default /var/lib/etcd.
        var fallback = SystemDiskTests.RunFake(node, "kubeadm", ["reset", "-f"]);
        Assert.Equal(0, fallback.Code);
        Assert.Empty(Directory.GetFileSystemEntries(node.RootPath("var/lib/etcd")));

        // A manifest without the etcd-data volume: "invalid etcd pod manifest" → external etcd assumed, nothing deleted.
        Member("/var/lib/etcd");
        Manifest("  - hostPath:\n      path: /etc/kubernetes/pki/etcd\n    name: etcd-certs\n");
        var external = SystemDiskTests.RunFake(node, "kubeadm", ["reset", "-f"]);
        Assert.Equal(0, external.Code);
        Assert.Contains("No etcd config found. Assuming external etcd", external.Output);
        Assert.True(Directory.Exists(node.RootPath("var/lib/etcd/member")));
    }

    [Fact]
    public async Task FAKE_kubeadm_init_with_a_keyless_CA_is_external_CA_mode_and_stops_without_signed_leaf_certificates()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var node = cluster["pi0"];
        var pki = node.RootPath("etc/kubernetes/pki");
        Directory.CreateDirectory(pki);
        Assert.Equal(0, SystemDiskTests.RunFake(node, "fake-pki", ["ca", pki, "ca", "kubernetes"]).Code);
        File.Delete(Path.Combine(pki, "ca.key"));
        var ca = File.ReadAllBytes(Path.Combine(pki, "ca.crt"));
        var config = node.RootPath("etc/kubernetes/kubeadm-init.yaml");
        File.WriteAllText(config, "kind: InitConfiguration\nkubernetesVersion: v1.36.1\ncgroupDriver: cgroupfs\n");
        File.WriteAllText(node.RootPath("fake/kubeadm-version"), "v1.36.1\n");

        var init = SystemDiskTests.RunFake(node, "kubeadm", ["init", "--config", config]);

        Assert.Equal(1, init.Code);
        Assert.Contains("invalid or incomplete external CA: failure loading certificate for API server", init.Error);
        // The operator's CA is never replaced by a generated one, and nothing was started.
        Assert.Equal(ca, File.ReadAllBytes(Path.Combine(pki, "ca.crt")));
        Assert.False(File.Exists(Path.Combine(pki, "ca.key")));
        Assert.False(File.Exists(node.RootPath("etc/kubernetes/admin.conf")));
    }
}
