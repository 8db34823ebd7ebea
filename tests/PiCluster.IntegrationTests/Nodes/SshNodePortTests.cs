using PiCluster.Bootstrap.Ssh;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>sshd cannot listen on port 0, so the fixture lets sshd bind a chosen port and moves on when sshd reports it taken.</summary>
public sealed class SshNodePortTests
{
    [Fact]
    public async Task A_node_whose_first_port_is_taken_moves_to_the_next_one_and_answers_there()
    {
        // Another program holds the first port offered; it keeps it for the whole test.
        using var squatter = LoopbackPorts.Listen();
        var taken = LoopbackPorts.PortOf(squatter);
        var offered = new List<int>();
        int Ports()
        {
            var port = offered.Count == 0 ? taken : LoopbackPorts.ForServerThatCannotTakeZero();
            offered.Add(port);
            return port;
        }

        await using var fixture = await SshNodeFixture.StartAsync(["pi0"], ports: Ports);

        Assert.Equal(taken, offered[0]);
        Assert.Equal(2, offered.Count);
        Assert.Equal(offered[1], fixture["pi0"].Port);
        Assert.Contains($"pi0,[127.0.0.1]:{offered[1]} ", File.ReadAllText(fixture.KnownHosts));
        using var transport = new SshTransport(fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(fixture.Endpoint("pi0"), CancellationToken.None);
        Assert.Equal("ok\n", (await session.RunCheckedAsync("echo ok", null, CancellationToken.None)).Output);
    }
}
