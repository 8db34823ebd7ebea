using PiCluster.Bootstrap.Kubeadm;

namespace PiCluster.UnitTests.Nodes;

/// <summary>Installed kubeadm vs running control plane: the fact the kubeadm-config step reports and an upgrade acts on.</summary>
public sealed class KubernetesVersionsTests
{
    [Fact]
    public void The_scripts_lines_parse_into_installed_and_control_plane_versions()
    {
        var before = KubernetesVersions.Parse("installed=v1.36.3\ncontrol-plane=\n");
        var after = KubernetesVersions.Parse("installed=v1.36.4\ncontrol-plane=v1.36.3\n");

        Assert.Equal(new KubernetesVersions("v1.36.3", null), before);
        Assert.False(before.Initialized);
        Assert.Null(before.Notice("pi0"));
        Assert.True(after.Initialized);
        Assert.True(after.UpgradeNeeded);
        Assert.Equal("pi0: kubeadm v1.36.4 is installed but the control plane runs v1.36.3: upgrade needed " +
            "(`kubeadm upgrade apply v1.36.4` on pi0; bootstrap's upgrade command does it). Until then nothing changes; " +
            "/etc/kubernetes/kubeadm-init.yaml stays as written at init.", after.Notice("pi0"));
    }

    [Fact]
    public void Versions_order_by_major_minor_and_patch_numerically_and_bad_input_names_the_value()
    {
        Assert.True(KubernetesVersions.Compare("v1.36.10", "v1.36.9") > 0);
        Assert.True(KubernetesVersions.Compare("v1.35.9", "v1.36.0") < 0);
        Assert.Equal(0, KubernetesVersions.Compare("v1.36.3", "1.36.3"));
        Assert.False(new KubernetesVersions("v1.36.3", "v1.36.3").UpgradeNeeded);
        Assert.Contains("older than the control plane", new KubernetesVersions("v1.36.2", "v1.36.3").Notice("pi0"));

        var error = Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => KubernetesVersions.Parse("installed=v1.36\ncontrol-plane=\n"));
        Assert.Contains("'v1.36'", error.Message);
        Assert.Throws<PiCluster.Bootstrap.Steps.StepFailedException>(() => KubernetesVersions.Parse("kubeadm: not found"));
    }
}
