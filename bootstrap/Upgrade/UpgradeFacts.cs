using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// One node's OS before an upgrade: its Alpine release, whether it runs its newest installed kernel, and whether an
/// `apk upgrade --available` of the Alpine run started and did not finish (bootstrap/Scripts/alpine-upgrade.sh's marker:
/// apk commits package by package, so alpine-release may already be new).
/// </summary>
public sealed record NodeOs(string AlpineRelease, bool KernelBooted, bool OsUpgradeUnfinished = false)
{
    public string? Branch => AlpineBranch.OfRelease(AlpineRelease);

    /// <summary>Parses bootstrap/Scripts/upgrade-preflight.sh PART=node's output.</summary>
    public static NodeOs Parse(string output)
    {
        var values = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var newest = values.GetValueOrDefault("kernel_newest", "");
        return new NodeOs(values.GetValueOrDefault("alpine_release", ""), newest.Length == 0 || newest == values.GetValueOrDefault("kernel_running", ""),
            values.GetValueOrDefault("os_upgrade", "").StartsWith("started", StringComparison.Ordinal));
    }
}

/// <summary>What the nodes say before an upgrade: the control plane's version, what the branches offer, and every node's OS.</summary>
/// <param name="Offers">Branch → kubeadm versions its community repository offers (apk versions such as 1.37.2-r0).</param>
/// <param name="Nodes">Node name → its OS state, every node of the model.</param>
public sealed record UpgradeFacts(string ControlPlane, IReadOnlyDictionary<string, IReadOnlyList<string>> Offers, IReadOnlyDictionary<string, NodeOs> Nodes)
{
    /// <summary>Parses bootstrap/Scripts/upgrade-preflight.sh PART=control-plane's output.</summary>
    public static (string ControlPlane, IReadOnlyDictionary<string, IReadOnlyList<string>> Offers) ParseControlPlane(string output)
    {
        var controlPlane = "";
        var offers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("control_plane=", StringComparison.Ordinal)) controlPlane = line["control_plane=".Length..];
            else if (line.StartsWith("offers ", StringComparison.Ordinal))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                offers[words[1]] = [.. words.Skip(2)];
            }
        }
        return (controlPlane, offers);
    }

    public static string Script(string packageBranch, KubernetesVersion minor) =>
        NodeShell.Script(NodeScripts.Check(Day2Scripts.UpgradePreflight,
            ("PART", "control-plane"), ("MIRROR", Card.AlpineRelease.DefaultMirror), ("PACKAGE_BRANCH", packageBranch),
            ("MINOR_PATTERN", minor.MinorPattern),
            ("HINT_BRANCHES", string.Join(' ', KubernetesPackages.HintBranches(packageBranch))), ("OS_UPGRADE_MARKER", AlpineUpgradePhase.OsUpgradeMarker)));

    public static readonly string NodeScript =
        NodeShell.Script(NodeScripts.Check(Day2Scripts.UpgradePreflight, ("PART", "node"), ("MIRROR", ""), ("PACKAGE_BRANCH", ""), ("MINOR_PATTERN", ""), ("HINT_BRANCHES", ""),
            ("OS_UPGRADE_MARKER", AlpineUpgradePhase.OsUpgradeMarker)));

    /// <summary>Runs the preflight on the control plane; reads only (apk refreshes its index cache, nothing else).</summary>
    public static async Task<(string ControlPlane, IReadOnlyDictionary<string, IReadOnlyList<string>> Offers)> ReadControlPlaneAsync(
        NodeSession controlPlane, string packageBranch, KubernetesVersion minor, CancellationToken cancellationToken)
    {
        var result = await controlPlane.RunAsync(Script(packageBranch, minor),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(5), Description: "upgrade preflight: control-plane version and @k8s offers"), cancellationToken);
        if (!result.Succeeded)
            throw new StepFailedException($"{controlPlane.Node}: {(result.Error.Trim().Length > 0 ? result.Error.Trim() : $"the upgrade preflight failed with exit {result.ExitCode}")}");
        return ParseControlPlane(result.Output);
    }

    /// <summary>Reads one node's Alpine release and kernels (read-only).</summary>
    public static async Task<NodeOs> ReadNodeAsync(NodeSession node, CancellationToken cancellationToken)
    {
        var result = await node.RunAsync(NodeScript, new CommandOptions(Timeout: TimeSpan.FromMinutes(1), Description: "upgrade preflight: Alpine release and kernel"), cancellationToken);
        if (!result.Succeeded)
            throw new StepFailedException($"{node.Node}: {(result.Error.Trim().Length > 0 ? result.Error.Trim() : $"the upgrade preflight failed with exit {result.ExitCode}")}");
        return NodeOs.Parse(result.Output);
    }
}
