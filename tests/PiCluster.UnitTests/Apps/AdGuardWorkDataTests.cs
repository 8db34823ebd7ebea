namespace PiCluster.UnitTests.Apps;

/// <summary>Issue 11 item 4: bbolt/query-log work data never on NFS (AdGuardHome #1188, #1846); conf/ stays on NFS.</summary>
public class AdGuardWorkDataTests
{
    private static YamlDotNet.RepresentationModel.YamlMappingNode Pod => RenderedObjects.Object("Deployment", "adguard").PodSpec();

    private static YamlDotNet.RepresentationModel.YamlMappingNode VolumeMountedAt(string path)
    {
        var mount = Assert.Single(Pod.Container("adguard").Maps("volumeMounts"), m => m.Str("mountPath") == path);
        return Assert.Single(Pod.Maps("volumes"), v => v.Str("name") == mount.Str("name"));
    }

    [Fact]
    public void Work_data_is_node_local_and_conf_stays_on_the_nfs_claim()
    {
        var work = VolumeMountedAt("/opt/adguardhome/work");
        Assert.NotNull(work.Get("emptyDir"));
        Assert.Null(work.Get("persistentVolumeClaim"));
        Assert.Null(work.Get("hostPath"));
        Assert.NotNull(VolumeMountedAt("/opt/adguardhome/conf").Get("persistentVolumeClaim"));
    }

    [Fact]
    public void The_overview_says_what_is_lost_when_the_pod_moves()
    {
        var row = Assert.Single(RenderedObjects.Overview.Split('\n'), l => l.StartsWith("| AdGuard Home |", StringComparison.Ordinal));
        Assert.Contains("emptyDir", row);
        Assert.Contains("lost when the pod moves", row);
    }
}
