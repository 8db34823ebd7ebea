using PiCluster.Render.Components;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 13: install-cni runs the image's `/opt/bin/install-conf` (newer upstream kube-flannel.yml) when the image
/// has it, and otherwise copies like v0.27.4's manifest (flannel-io/flannel Documentation/kube-flannel.yml) — through a
/// temporary file and a rename; kube-flannel runs with CONT_WHEN_CACHE_NOT_READY=false.
/// </summary>
public class FlannelInstallCniTests
{
    private static YamlDotNet.RepresentationModel.YamlMappingNode Pod => RenderedObjects.Object("DaemonSet", "kube-flannel-ds").PodSpec();

    [Fact]
    public void Install_cni_prefers_the_images_install_conf_and_passes_source_and_target()
    {
        var install = Pod.Container("install-cni");
        Assert.Equal(["/bin/sh", "-c"], install.Strings("command"));
        Assert.Equal([FlannelNetwork.InstallCniScript, "install-cni", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"], install.Strings("args"));
        Assert.StartsWith("if [ -x /opt/bin/install-conf ]; then exec /opt/bin/install-conf \"$1\" \"$2\"; fi", FlannelNetwork.InstallCniScript);
    }

    [Fact]
    public void Without_install_conf_the_script_replaces_the_conflist_whole_and_leaves_no_temporary_file()
    {
        // This machine has no /opt/bin/install-conf, so sh takes the copy branch, as in an image without it.
        Assert.False(File.Exists("/opt/bin/install-conf"));
        using var temp = new TempDir();
        var source = Path.Combine(temp.Path, "cni-conf.json");
        var target = Path.Combine(temp.Path, "10-flannel.conflist");
        File.WriteAllText(source, "{\"name\":\"cbr0\"}\n");
        File.WriteAllText(target, "old");
        var (code, output) = Shell.Run("sh", ["-c", FlannelNetwork.InstallCniScript, "install-cni", source, target]);
        Assert.True(code == 0, output);
        Assert.Equal("{\"name\":\"cbr0\"}\n", File.ReadAllText(target));
        Assert.Equal(new[] { source, target }.Order(StringComparer.Ordinal), Directory.GetFiles(temp.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Flanneld_exits_when_its_cache_does_not_sync()
    {
        Assert.Equal("false", Pod.Container("kube-flannel").Env("CONT_WHEN_CACHE_NOT_READY"));
    }
}
