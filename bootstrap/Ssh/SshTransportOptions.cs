namespace PiCluster.Bootstrap.Ssh;

/// <summary>How the transport logs in, whom it trusts, how long it waits and where it logs.</summary>
/// <param name="PrivateKeyPath">The operator's private key (OpenSSH format), e.g. ~/.ssh/id_ed25519.</param>
/// <param name="KnownHostsPath">The committed known_hosts written by the card step; every connection is checked against it.</param>
/// <param name="LogFolder">Per-node logs go to &lt;LogFolder&gt;/&lt;node&gt;.log (normally .picluster/logs).</param>
/// <param name="AcceptNewHostKeys">Trust (and record) the key of a node missing from known_hosts; a changed key is still refused.</param>
public sealed record SshTransportOptions(
    string PrivateKeyPath,
    string KnownHostsPath,
    string LogFolder,
    bool AcceptNewHostKeys = false)
{
    /// <summary>TCP connect + SSH handshake budget for one attempt.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connection attempts before giving up (connection failures only; a failed command is never retried).</summary>
    public int ConnectAttempts { get; init; } = 5;

    /// <summary>Wait before the second attempt; doubled for each further attempt.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Default per-command timeout when a command names none.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep-alive probes so a node that vanishes mid-command is noticed.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause between connection attempts while a node reboots (how long to keep trying is the caller's: <see cref="NodeSession.ReconnectAsync"/>).</summary>
    public TimeSpan ReconnectPollInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The clock connect backoff and reconnect polling wait on; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The default operator key, ~/.ssh/id_ed25519.</summary>
    public static string DefaultPrivateKeyPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "id_ed25519");
}
