using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Day2;

/// <summary>What the cluster's first build sets up for its later life: @k8s pins, log rotation, kubelet certificate rotation.</summary>
public sealed class NodeSetupForDay2Tests
{
    [Fact]
    public void The_kubelet_configuration_says_the_kubelet_rotates_its_client_certificate()
    {
        var yaml = KubeadmConfigBuilder.Yaml(HomeCluster.Definition, HomeCluster.Definition.ControlPlane);

        var kubelet = yaml[yaml.IndexOf("kind: KubeletConfiguration", StringComparison.Ordinal)..];
        Assert.Contains("rotateCertificates: true", kubelet[..kubelet.IndexOf("---", StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_nodes_phase_pins_Kubernetes_to_the_k8s_tagged_repository_and_bounds_the_kubelet_log()
    {
        Assert.Equal(["kubeadm@k8s=~1.36", "kubelet@k8s=~1.36", "kubectl@k8s=~1.36"], NodePackages.Constraints(HomeCluster.Definition.Kubernetes).Take(3));
        var steps = NodesPhase.Steps(HomeCluster.Definition, new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent")).Select(s => s.Name).ToList();
        Assert.True(steps.IndexOf("community-repository") < steps.IndexOf("k8s-repository") && steps.IndexOf("k8s-repository") < steps.IndexOf("packages"), string.Join(", ", steps));
        Assert.Equal("log-rotation", steps[^1]);
    }

    [Fact]
    public void Cluster_dry_run_scripts_show_the_k8s_repository_and_the_log_rotation()
    {
        var (code, output) = BootstrapTool.Run("cluster", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        Assert.Contains("### stage 1 · pi3 · nodes · k8s-repository", output);
        Assert.Contains("REPOSITORY_LINE='@k8s https://dl-cdn.alpinelinux.org/alpine/v3.24/community'", output);
        Assert.Contains("### stage 1 · pi3 · nodes · log-rotation", output);
        Assert.Contains("apk add logrotate", output);
        Assert.Contains("rc-update add crond default", output);
    }
}
