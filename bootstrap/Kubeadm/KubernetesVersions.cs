using System.Globalization;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// The kubeadm apk installed on the control plane against the version its control plane runs (the kube-apiserver static
/// pod's image tag, <c>bootstrap/Scripts/kubeadm-versions.sh</c>). apk follows patch releases within the pinned minor, so
/// after an <c>apk upgrade</c> the two differ until the cluster is upgraded: that is "upgrade needed", never a silent
/// change of the init file. Pure except <see cref="ReadAsync"/>; the upgrade command builds on the same fact.
/// </summary>
public sealed record KubernetesVersions(string Installed, string? ControlPlane)
{
    public static string Script => NodeShell.Script(Scripts.NodeScripts.Check(Scripts.NodeScripts.KubeadmVersions));

    /// <summary>kubeadm init has run (the control plane's static pods exist).</summary>
    public bool Initialized => ControlPlane is not null;

    /// <summary>The installed kubeadm is newer than the running control plane: `kubeadm upgrade apply` would move it.</summary>
    public bool UpgradeNeeded => ControlPlane is not null && Compare(Installed, ControlPlane) > 0;

    /// <summary>A line for the operator when the versions differ, else null.</summary>
    public string? Notice(string node)
    {
        if (ControlPlane is null) return null;
        var order = Compare(Installed, ControlPlane);
        if (order > 0)
        {
            return $"{node}: kubeadm {Installed} is installed but the control plane runs {ControlPlane}: upgrade needed " +
                $"(`kubeadm upgrade apply {Installed}` on {node}; bootstrap's upgrade command does it). Until then nothing changes; " +
                $"{KubeadmConfigBuilder.RemotePath} stays as written at init.";
        }
        return order < 0
            ? $"{node}: kubeadm {Installed} is older than the control plane it manages ({ControlPlane}); install kubeadm {ControlPlane} or newer of the same minor."
            : null;
    }

    /// <summary>Parses the script's "installed=…" and "control-plane=…" lines.</summary>
    public static KubernetesVersions Parse(string output)
    {
        var values = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!values.TryGetValue("installed", out var installed) || installed.Length == 0)
        {
            throw new StepFailedException($"kubeadm-versions printed no installed version: '{output.Trim()}'.");
        }
        values.TryGetValue("control-plane", out var running);
        Parts(installed);
        if (!string.IsNullOrEmpty(running)) Parts(running);
        return new KubernetesVersions(installed, string.IsNullOrEmpty(running) ? null : running);
    }

    public static async Task<KubernetesVersions> ReadAsync(NodeSession session, CancellationToken cancellationToken) =>
        Parse((await session.RunCheckedAsync(Script, new CommandOptions(Description: "kubeadm and control plane versions"), cancellationToken)).Output);

    /// <summary>Orders two Kubernetes versions ("v1.36.3") by major, minor and patch; a pre-release suffix is ignored.</summary>
    public static int Compare(string a, string b) => Parts(a).CompareTo(Parts(b));

    private static (int Major, int Minor, int Patch) Parts(string version)
    {
        var core = version.TrimStart('v').Split('-', '+')[0].Split('.');
        if (core.Length != 3 || !core.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new BootstrapException($"'{version}' is not a Kubernetes version of the form v<major>.<minor>.<patch>.");
        }
        return (int.Parse(core[0], CultureInfo.InvariantCulture), int.Parse(core[1], CultureInfo.InvariantCulture), int.Parse(core[2], CultureInfo.InvariantCulture));
    }
}
