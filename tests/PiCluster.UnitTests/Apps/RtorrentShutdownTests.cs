namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 9: the crazymax image runs s6-overlay v2 (its cont-init scripts write /var/run/s6/container_environment).
/// just-containers/s6-overlay README (v2): at shutdown s6 waits S6_SERVICES_GRACETIME (default 3000 ms) for
/// /etc/services.d services, then TERMs everything and waits S6_KILL_GRACETIME (default 3000 ms) before KILL; each
/// cont-finish.d script may take S6_KILL_FINISH_MAXTIME (default 5000 ms). The sum must fit inside the pod's grace.
/// </summary>
public class RtorrentShutdownTests
{
    [Fact]
    public void S6_gives_rtorrent_almost_all_of_the_pod_grace_period_and_never_more()
    {
        var pod = RenderedObjects.Object("Deployment", "torrent").PodSpec();
        var graceMs = long.Parse(pod.Str("terminationGracePeriodSeconds")!) * 1000;
        var rtorrent = pod.Container("rtorrent");
        long Ms(string name) => long.Parse(rtorrent.Env(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not set"));
        var services = Ms("S6_SERVICES_GRACETIME");
        var total = Ms("S6_KILL_FINISH_MAXTIME") + services + Ms("S6_KILL_GRACETIME");
        Assert.True(total < graceMs, $"s6 shutdown {total} ms does not fit the pod's {graceMs} ms");
        Assert.True(services >= graceMs * 8 / 10, $"rTorrent gets only {services} ms of the pod's {graceMs} ms");
    }
}
