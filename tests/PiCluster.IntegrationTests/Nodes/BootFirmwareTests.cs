using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>p1's device trees, overlays and firmware follow apk upgrades of linux-rpi (issue 10, item 10), FAKE apk running commit hooks.</summary>
public sealed class BootFirmwareTests
{
    [Fact]
    public async Task After_apk_upgrade_the_firmware_files_at_p1s_root_are_those_of_the_installed_kernel()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal("installed dtb\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/bcm2711-rpi-4-b.dtb")));
        Assert.Equal("installed firmware\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/start4.elf")));

        using var transport = new SshTransport(cluster.Fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(cluster.Fixture.Endpoint("pi0"), CancellationToken.None);
        await session.RunCheckedAsync("apk upgrade linux-rpi", null, CancellationToken.None);

        Assert.Equal("upgraded dtb\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/bcm2711-rpi-4-b.dtb")));
        Assert.Equal("upgraded overlay\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/overlays/vc4-kms-v3d.dtbo")));
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.Equal(0, rerun.Actions);
    }
}
