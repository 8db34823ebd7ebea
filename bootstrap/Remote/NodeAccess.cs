using System.ComponentModel;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;
using Spectre.Console;
using PiCluster.CommandLine;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Remote;

/// <summary>Options every command that reaches nodes over SSH shares.</summary>
public class NodeAccessSettings : CommandLineSettings
{
    [CommandOption("--ssh-key <FILE>")]
    [Description("The operator's private key for root on the nodes (default ~/.ssh/id_ed25519).")]
    public string? SshKey { get; init; }

    [CommandOption("--accept-new-host-keys")]
    [Description("Trust and record the host key of a node missing from bootstrap/known_hosts (a changed key is still refused).")]
    public bool AcceptNewHostKeys { get; init; }

    [CommandOption("--command-timeout <MINUTES>")]
    [Description("Default timeout per remote command (default 10; long steps set their own).")]
    public int? CommandTimeoutMinutes { get; init; }

    [CommandOption("--dry-run")]
    [Description("Print the plan without connecting to any node; change nothing.")]
    public bool DryRun { get; init; }

    public override ValidationResult Validate() =>
        CommandTimeoutMinutes is <= 0 ? ValidationResult.Error($"--command-timeout {CommandTimeoutMinutes}: must be a positive number of minutes.") : ValidationResult.Success();
}

/// <summary>Connects to the cluster's nodes with the shared transport; one place decides endpoints and options.</summary>
public static class NodeAccess
{
    public static SshTransportOptions Options(StateFolder state, NodeAccessSettings settings, TimeProvider time) =>
        new(settings.SshKey ?? SshTransportOptions.DefaultPrivateKeyPath, state.KnownHostsFile, state.LogFolder, settings.AcceptNewHostKeys)
        {
            CommandTimeout = TimeSpan.FromMinutes(settings.CommandTimeoutMinutes ?? 10),
            Time = time,
        };

    public static SshEndpoint Endpoint(Node node) => new(node.Name, node.Address);
}
