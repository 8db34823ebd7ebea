namespace PiCluster.Cluster.Model;

/// <summary>What the bootstrap tool needs to bring nodes up before Flux runs.</summary>
/// <param name="AlpineVersion">Alpine release written to the cards, e.g. "3.24.2".</param>
/// <param name="SshPublicKeyPath">The operator's public key installed as root's authorized key; "~" is the home folder.</param>
public sealed record BootstrapSettings(string AlpineVersion, string SshPublicKeyPath);
