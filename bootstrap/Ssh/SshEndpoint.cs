namespace PiCluster.Bootstrap.Ssh;

/// <summary>Where a node's sshd listens and who logs in; <see cref="Node"/> names the node in known_hosts and logs.</summary>
public sealed record SshEndpoint(string Node, string Host, int Port = 22, string User = "root")
{
    public override string ToString() => Port == 22 ? $"{User}@{Node} ({Host})" : $"{User}@{Node} ({Host}:{Port})";
}
