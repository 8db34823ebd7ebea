using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>What the control plane says before an upgrade: its version, its Alpine release and what the branches offer.</summary>
/// <param name="Offers">Branch → kubeadm versions its community repository offers (apk versions such as 1.37.2-r0).</param>
public sealed record UpgradeFacts(string ControlPlane, string AlpineRelease, IReadOnlyDictionary<string, IReadOnlyList<string>> Offers)
{
    /// <summary>Parses bootstrap/Scripts/upgrade-preflight.sh's output.</summary>
    public static UpgradeFacts Parse(string output)
    {
        string controlPlane = "", alpine = "";
        var offers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("control_plane=", StringComparison.Ordinal)) controlPlane = line["control_plane=".Length..];
            else if (line.StartsWith("alpine_release=", StringComparison.Ordinal)) alpine = line["alpine_release=".Length..];
            else if (line.StartsWith("offers ", StringComparison.Ordinal))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                offers[words[1]] = [.. words.Skip(2)];
            }
        }
        return new UpgradeFacts(controlPlane, alpine, offers);
    }

    public static string Script(string packageBranch, KubernetesVersion minor) =>
        NodeShell.Script(NodeScripts.With(Day2Scripts.UpgradePreflight,
            ("MIRROR", Card.AlpineRelease.DefaultMirror), ("PACKAGE_BRANCH", packageBranch),
            ("MINOR_PATTERN", minor.MinorText.Replace(".", "\\.", StringComparison.Ordinal)),
            ("HINT_BRANCHES", string.Join(' ', KubernetesPackages.HintBranches(packageBranch)))));

    /// <summary>Runs the preflight on the control plane; reads only (apk refreshes its index cache, nothing else).</summary>
    public static async Task<UpgradeFacts> ReadAsync(NodeSession controlPlane, string packageBranch, KubernetesVersion minor, CancellationToken cancellationToken)
    {
        var result = await controlPlane.RunAsync(Script(packageBranch, minor),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(5), Description: "upgrade preflight: control-plane version and @k8s offers"), cancellationToken);
        if (!result.Succeeded)
            throw new StepFailedException($"{controlPlane.Node}: {(result.Error.Trim().Length > 0 ? result.Error.Trim() : $"the upgrade preflight failed with exit {result.ExitCode}")}");
        return Parse(result.Output);
    }
}
