namespace PiCluster.Bootstrap.Ssh;

/// <summary>Why talking to a node failed; the message names the node and is meant for the operator.</summary>
public enum SshFailure
{
    /// <summary>The node is not in known_hosts (and --accept-new-host-keys was not given).</summary>
    UnknownHost,

    /// <summary>The node presented a key other than the committed one.</summary>
    HostKeyMismatch,

    /// <summary>The node refused the operator's key.</summary>
    AuthenticationFailed,

    /// <summary>No SSH connection after every attempt.</summary>
    Unreachable,

    /// <summary>The connection dropped while a command ran; its outcome is unknown.</summary>
    ConnectionLost,

    /// <summary>A command ran longer than its timeout and was stopped.</summary>
    CommandTimeout,

    /// <summary>A command exited non-zero.</summary>
    CommandFailed,
}

public sealed class SshTransportException(string node, SshFailure failure, string message, Exception? inner = null)
    : PiCluster.CommandLine.CommandFailedException($"{node}: {message}", inner)
{
    public string Node { get; } = node;

    public SshFailure Failure { get; } = failure;
}
