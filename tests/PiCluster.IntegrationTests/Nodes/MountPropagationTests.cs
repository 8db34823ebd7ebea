using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// / as a shared mount from an OpenRC service ordered before containerd and kubelet (issue 10, item 11). rc-service
/// and the boot are FAKES, but they run the service's real start() from the init script bootstrap wrote.
/// </summary>
public sealed class MountPropagationTests
{
    [Fact]
    public async Task An_OpenRC_service_before_containerd_and_kubelet_makes_root_shared_now_and_after_every_boot()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var service = File.ReadAllText(node.RootPath("etc/init.d/rshared"));
        Assert.StartsWith("#!/sbin/openrc-run\n", service);
        Assert.Contains("before containerd kubelet", service);
        Assert.True(File.Exists(node.RootPath("etc/runlevels/boot/rshared")) || new FileInfo(node.RootPath("etc/runlevels/boot/rshared")).LinkTarget is not null);
        Assert.False(File.Exists(node.RootPath("etc/local.d/rshared.start")), "the late local.d script is gone");
        Assert.Contains(" / / rw,relatime shared:1 - ", File.ReadAllText(node.RootPath("proc/self/mountinfo")));
        var calls = File.ReadAllLines(node.RootPath("fake/calls.log")).ToList();
        Assert.True(calls.IndexOf("mount --make-rshared /") < calls.IndexOf("rc-service containerd start"), "shared before containerd starts");

        // Another boot: the kernel starts private; the boot runlevel's service makes it shared again, nothing to do.
        node.Kill();
        await node.BootAsync();
        await node.StartAsync();
        Assert.Contains("shared:1", File.ReadAllText(node.RootPath("proc/self/mountinfo")));
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(0, rerun.Actions);
    }
}
