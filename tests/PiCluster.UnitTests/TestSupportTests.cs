namespace PiCluster.UnitTests;

/// <summary>The shared test helpers: a missing tool is one line with the install command; loopback servers keep their port.</summary>
public sealed class TestSupportTests
{
    [Fact]
    public void A_missing_tool_fails_with_one_line_naming_it_and_the_package_without_a_stack_trace()
    {
        var e = Assert.Throws<ToolMissingException>(() => Tools.Require("/nonexistent/bin/etcd"));
        Assert.Equal("etcd is not installed: run ./test.sh as root (installs every test prerequisite) or: sudo apt-get install etcd-server", e.Message);
        Assert.Null(e.StackTrace);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Starting_a_missing_tool_is_the_same_one_line_failure_not_a_win32_exception()
    {
        var e = Assert.Throws<ToolMissingException>(() => Shell.Run("picluster-no-such-tool", []));
        Assert.Equal("picluster-no-such-tool", e.Tool);
    }

    [Fact]
    public async Task Two_loopback_servers_hold_distinct_ports_from_the_start_and_answer_on_them()
    {
        using var one = new LoopbackHttpServer(p => p == "/a" ? "one"u8.ToArray() : null);
        using var two = new LoopbackHttpServer(p => p == "/a" ? "two"u8.ToArray() : null);
        Assert.NotEqual(one.BaseUri.Port, two.BaseUri.Port);
        using var http = new HttpClient();
        Assert.Equal("one", await http.GetStringAsync(new Uri(one.BaseUri, "a")));
        Assert.Equal("two", await http.GetStringAsync(new Uri(two.BaseUri, "a")));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(one.BaseUri, "b"))).StatusCode);
        Assert.Equal(["/a", "/b"], one.Paths);
    }
}
