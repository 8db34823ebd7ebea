namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 13: install-cni as upstream v0.28.x's kube-flannel.yml does it (`/opt/bin/install-conf` with source
/// and target; kube-flannel container with CONT_WHEN_CACHE_NOT_READY=false), per flannel-io/flannel
/// Documentation/kube-flannel.yml as reproduced by deployments of v0.27.x/v0.28.x.
/// </summary>
public class FlannelInstallCniTests
{
    private static YamlDotNet.RepresentationModel.YamlMappingNode Pod => RenderedObjects.Object("DaemonSet", "kube-flannel-ds").PodSpec();

    [Fact]
    public void Install_cni_runs_the_images_install_conf()
    {
        var install = Pod.Container("install-cni");
        Assert.Equal(["/opt/bin/install-conf"], install.Strings("command"));
        Assert.Equal(["/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"], install.Strings("args"));
    }

    [Fact]
    public void Flanneld_exits_when_its_cache_does_not_sync()
    {
        Assert.Equal("false", Pod.Container("kube-flannel").Env("CONT_WHEN_CACHE_NOT_READY"));
    }
}
