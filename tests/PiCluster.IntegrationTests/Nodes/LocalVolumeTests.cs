using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>Node-local directories of the model (Prometheus's TSDB) created by the nodes phase (issue 10, item 6).</summary>
public sealed class LocalVolumeTests
{
    [Fact]
    public async Task Prometheus_local_volume_directory_is_created_on_its_node_with_the_workloads_owner_and_mode()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        var volume = PiCluster.Cluster.Model.NodeLocalPaths.Of(cluster.Definition).Single();

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var path = cluster[volume.Node].RootPath(volume.Path);
        Assert.True(Directory.Exists(path), path);
        var stat = SystemDiskTests.RunFake(cluster["pi0"], "/usr/bin/stat", ["-c", "%u:%g %a", path]);
        Assert.Equal($"{volume.OwnerUid}:{volume.OwnerGid} {volume.Mode.TrimStart('0')}", stat.Output.Trim());
        Assert.False(Directory.Exists(cluster["pi0"].RootPath(volume.Path)), "only the volume's node gets the directory");

        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.Equal(0, rerun.Actions);
    }

    [Fact]
    public void The_step_follows_the_model_not_a_list()
    {
        var home = HomeCluster.Definition;
        var moved = home with
        {
            Services = home.Services with
            {
                Monitoring = home.Services.Monitoring with
                {
                    PrometheusVolume = home.Services.Monitoring.PrometheusVolume with { Node = "pi4", Path = "/srv/tsdb", OwnerUid = 65534, Mode = "0700" },
                },
            },
        };
        var inputs = new PhaseInputs(moved, new StateFolder(TestPaths.RepoRoot), "/nonexistent");

        var pi4 = NodesPhase.Steps(moved, inputs, moved.Nodes.Single(n => n.Name == "pi4"));
        var pi1 = NodesPhase.Steps(moved, inputs, moved.Nodes.Single(n => n.Name == "pi1"));

        var step = Assert.IsType<ScriptStep>(pi4.Single(s => s.Name == "local-volumes"));
        Assert.Contains("/srv/tsdb", step.Action);
        Assert.Contains("chown 65534:2000", step.Action);
        Assert.Contains("'65534:2000 700'", step.Check);
        Assert.DoesNotContain(pi1, s => s.Name == "local-volumes");
    }
}
