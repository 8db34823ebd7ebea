using System.ComponentModel;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Remote;

/// <summary>Options every command that reaches nodes over SSH shares.</summary>
public class NodeAccessSettings : CommandSettings
{
    [CommandOption("--ssh-key <FILE>")]
    [Description("The operator's private key for root on the nodes (default ~/.ssh/id_ed25519).")]
    public string? SshKey { get; init; }

    [CommandOption("--accept-new-host-keys")]
    [Description("Trust and record the host key of a node missing from bootstrap/known_hosts (a changed key is still refused).")]
    public bool AcceptNewHostKeys { get; init; }

    [CommandOption("--dry-run")]
    [Description("Print what would be done; change nothing.")]
    public bool DryRun { get; init; }
}

/// <summary>Connects to the cluster's nodes with the shared transport; one place decides endpoints and options.</summary>
public static class NodeAccess
{
    public static SshTransport Transport(StateFolder state, NodeAccessSettings settings) =>
        new(new SshTransportOptions(
            settings.SshKey ?? SshTransportOptions.DefaultPrivateKeyPath,
            state.KnownHostsFile,
            state.LogFolder,
            settings.AcceptNewHostKeys));

    public static Node ControlPlane(ClusterDefinition cluster) =>
        cluster.Nodes.FirstOrDefault(n => n.Role == NodeRole.ControlPlane) ?? throw new BootstrapException("The cluster definition has no control-plane node.");

    public static SshEndpoint Endpoint(Node node) => new(node.Name, node.Address);

    /// <summary>Asks before a destructive step: --yes, or a typed word on a terminal; no terminal and no --yes ⇒ no.</summary>
    public static bool Confirm(string what, string word, bool yes)
    {
        AnsiConsole.MarkupLineInterpolated($"[yellow]{what}[/]");
        if (yes) return true;
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsInputRedirected)
        {
            Console.Error.WriteLine("error: not a terminal, so no confirmation possible; pass --yes to go ahead.");
            return false;
        }
        var typed = AnsiConsole.Prompt(new TextPrompt<string>($"Type [bold]{Markup.Escape(word)}[/] to continue:").AllowEmpty());
        if (typed.Trim() == word) return true;
        Console.Error.WriteLine("Not confirmed; nothing changed.");
        return false;
    }

    /// <summary>Runs a command body, turning operator-facing failures into a plain stderr line and exit 1.</summary>
    public static async Task<int> ReportFailuresAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (BootstrapException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (SshTransportException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
