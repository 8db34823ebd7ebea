using System.Diagnostics;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The transport against real OpenSSH servers on loopback.</summary>
public sealed class SshTransportTests : IAsyncLifetime
{
    private SshNodeFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await SshNodeFixture.StartAsync(["pi0", "pi1"]);

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Runs_a_script_with_stdin_and_streams_output_to_the_node_log()
    {
        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);

        var result = await session.RunAsync("read -r word; echo \"got $word in $NODE_ROOT\"; echo oops >&2; exit 3",
            new CommandOptions(StandardInput: "secret\n"), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"got secret in {_fixture["pi0"].Root}\n", result.Output);
        Assert.Equal("oops\n", result.Error);
        var log = File.ReadAllText(Path.Combine(_fixture.LogFolder, "pi0.log"));
        Assert.Contains("| got secret", log);
        Assert.Contains("! oops", log);
        Assert.Contains("exit 3", log);
    }

    [Fact]
    public async Task Sensitive_output_stays_out_of_the_log()
    {
        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);

        var result = await session.RunAsync("echo token-abc", new CommandOptions(Sensitive: true, Description: "print token"), CancellationToken.None);

        Assert.Equal("token-abc\n", result.Output);
        Assert.DoesNotContain("token-abc", File.ReadAllText(Path.Combine(_fixture.LogFolder, "pi0.log")));
    }

    [Fact]
    public async Task Commands_run_without_login_profiles_in_the_test_node_environment()
    {
        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(_fixture.Endpoint("pi1"), CancellationToken.None);

        var result = await session.RunCheckedAsync("echo \"$HOME|$PATH\"", null, CancellationToken.None);

        Assert.Equal($"{_fixture["pi1"].Home}|{_fixture["pi1"].FakeBin}:/usr/bin:/bin\n", result.Output);
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_before_any_command_runs()
    {
        await _fixture["pi1"].ReplaceHostKeyAsync();
        using var transport = new SshTransport(_fixture.TransportOptions(acceptNew: true));

        var error = await Assert.ThrowsAsync<SshTransportException>(() => transport.ConnectAsync(_fixture.Endpoint("pi1"), CancellationToken.None));

        Assert.Equal(SshFailure.HostKeyMismatch, error.Failure);
        Assert.Contains("HOST KEY MISMATCH", error.Message);
        Assert.StartsWith("pi1: ", error.Message);
        Assert.DoesNotContain(" $ ", File.ReadAllText(Path.Combine(_fixture.LogFolder, "pi1.log")));
    }

    [Fact]
    public async Task An_unknown_node_is_refused_unless_new_keys_are_accepted()
    {
        File.WriteAllText(_fixture.KnownHosts, "");
        using (var strict = new SshTransport(_fixture.TransportOptions()))
        {
            var error = await Assert.ThrowsAsync<SshTransportException>(() => strict.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None));
            Assert.Equal(SshFailure.UnknownHost, error.Failure);
            Assert.Contains("--accept-new-host-keys", error.Message);
        }

        using var lenient = new SshTransport(_fixture.TransportOptions(acceptNew: true));
        await using (await lenient.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None))
        {
        }

        Assert.Equal($"pi0,[127.0.0.1]:{_fixture["pi0"].Port} {_fixture["pi0"].HostPublicKey}\n", File.ReadAllText(_fixture.KnownHosts));
    }

    [Fact]
    public async Task A_command_that_outlives_its_timeout_is_stopped()
    {
        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SshTransportException>(() =>
            session.RunAsync("sleep 30", new CommandOptions(Timeout: TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(SshFailure.CommandTimeout, error.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_failed_command_is_reported_once_and_never_retried()
    {
        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SshTransportException>(() =>
            session.RunCheckedAsync("echo ran >> \"$NODE_ROOT/count\"; echo broken >&2; exit 4", null, CancellationToken.None));

        Assert.Equal(SshFailure.CommandFailed, error.Failure);
        Assert.Contains("exit 4: broken", error.Message);
        Assert.Equal("ran\n", File.ReadAllText(_fixture["pi0"].RootPath("count")));
    }

    [Fact]
    public async Task Connection_failures_are_retried_with_backoff_until_the_node_answers()
    {
        _fixture["pi0"].Kill();
        var time = new WaitSignallingTimeProvider();
        var options = _fixture.TransportOptions() with { ConnectAttempts = 6, Time = time };
        using var transport = new SshTransport(options);
        var connecting = transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);

        // The first attempt is refused; the node comes back while the transport waits out its first backoff.
        Assert.NotSame(connecting, await Task.WhenAny(connecting, time.NextWaitAsync()));
        await _fixture["pi0"].StartAsync();
        time.Advance(options.InitialBackoff);
        await using var session = await connecting;

        Assert.Equal("ok\n", (await session.RunCheckedAsync("echo ok", null, CancellationToken.None)).Output);
        var log = File.ReadAllText(Path.Combine(_fixture.LogFolder, "pi0.log"));
        Assert.Contains($"connect attempt 1 failed", log);
        Assert.Contains($"retrying in {options.InitialBackoff.TotalSeconds:0.##}s", log);
        Assert.DoesNotContain("connect attempt 2 failed", log);
    }

    [Fact]
    public async Task An_unreachable_node_fails_with_a_clear_message_after_the_last_attempt()
    {
        _fixture["pi1"].Kill();
        using var transport = new SshTransport(_fixture.TransportOptions());

        var error = await Assert.ThrowsAsync<SshTransportException>(() => transport.ConnectAsync(_fixture.Endpoint("pi1"), CancellationToken.None));

        Assert.Equal(SshFailure.Unreachable, error.Failure);
        Assert.Contains("pi1: cannot connect to root@pi1 (127.0.0.1:", error.Message);
    }

    [Fact]
    public async Task A_connection_dropped_mid_command_is_reported_and_a_reconnect_works_once_sshd_is_back()
    {
        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SshTransportException>(() =>
            session.RunAsync("touch \"$NODE_ROOT/fake/reboot-sshd\"; sleep 20", null, CancellationToken.None));
        Assert.Equal(SshFailure.ConnectionLost, error.Failure);
        Assert.Contains("outcome is unknown", error.Message);

        await session.ReconnectAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal("back\n", (await session.RunCheckedAsync("echo back", null, CancellationToken.None)).Output);
    }
}
