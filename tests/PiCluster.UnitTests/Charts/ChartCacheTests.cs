using PiCluster.Render;
using PiCluster.Render.Charts;

namespace PiCluster.UnitTests.Charts;

/// <summary>Where the charts cache is and how a chart lies in it (the layout a `helm pull` into the right folder also fills).</summary>
public sealed class ChartCacheTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_folder_is_the_option_else_PICLUSTER_CHARTS_else_the_XDG_cache_else_home_as_for_schemas()
    {
        var all = Environment(("PICLUSTER_CHARTS", "/from/env"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/pi"), ("PICLUSTER_SCHEMAS", "/schemas"));
        Assert.Equal(new UserCacheFolder("/from/option", "--charts", true), new ChartCache(all).Locate("/from/option"));
        Assert.Equal(new UserCacheFolder("/from/env", "PICLUSTER_CHARTS", false), new ChartCache(all).Locate(null));
        // `--charts` without a folder comes in as an empty value: the default applies.
        Assert.Equal("/from/env", new ChartCache(all).Locate("").Path);
        Assert.Equal("/xdg/picluster/charts", new ChartCache(Environment(("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/pi"))).Locate(null).Path);
        Assert.Equal("/home/pi/.cache/picluster/charts", new ChartCache(Environment(("XDG_CACHE_HOME", "relative"), ("HOME", "/home/pi"))).Locate(null).Path);
        Assert.Contains("PICLUSTER_CHARTS", Assert.Throws<ChartCacheException>(() => new ChartCache(Environment()).Locate(null)).Message);
    }

    [Fact]
    public void The_fix_command_repeats_an_option_given_folder_quoted_for_the_shell()
    {
        Assert.Equal("dotnet run --project generators -- charts pull", ChartCache.FixCommand(new UserCacheFolder("/c", "PICLUSTER_CHARTS", false)));
        Assert.Equal("dotnet run --project generators -- charts pull --charts '/my charts'", ChartCache.FixCommand(new UserCacheFolder("/my charts", "--charts", true)));
    }

    [Theory]
    [InlineData("https://traefik.github.io/charts", "traefik", "41.3.0", "traefik.github.io/charts/traefik-41.3.0.tgz")]
    [InlineData("https://kubernetes-sigs.github.io/headlamp/", "headlamp", "0.45.0", "kubernetes-sigs.github.io/headlamp/headlamp-0.45.0.tgz")]
    [InlineData("https://Charts.Example.org", "app", "1.0.0", "charts.example.org/app-1.0.0.tgz")]
    [InlineData("http://127.0.0.1:8080/a/b/", "x", "1.2.3-rc.1", "127.0.0.1:8080/a/b/x-1.2.3-rc.1.tgz")]
    public void A_chart_lies_under_the_repository_host_and_path(string url, string chart, string version, string expected) =>
        Assert.Equal(expected, ChartCache.RelativePath(url, chart, version));

    [Theory]
    [InlineData("oci://ghcr.io/traefik/helm", "OCI registry")]
    [InlineData("ftp://example.org/charts", "not an http(s)")]
    public void Urls_the_cache_cannot_hold_are_refused_with_the_reason(string url, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => ChartCache.RelativePath(url, "c", "1.0.0")).Message);

    [Fact]
    public void A_chart_name_that_would_leave_the_folder_is_refused() =>
        Assert.Throws<ArgumentException>(() => ChartCache.RelativePath("https://example.org/charts", "../x", "1.0.0"));
}
