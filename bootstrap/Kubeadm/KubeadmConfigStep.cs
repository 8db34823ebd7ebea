using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// The kubeadm init file. Before init it is written with kubernetesVersion = the kubeadm apk installed on the control
/// plane: apk follows patch releases within the pinned minor, and kubeadm deploys any patch of its own minor (newer or
/// older: cmd/kubeadm/app/util/config/common.go NormalizeKubernetesVersion refuses only below its minor - 1, and
/// cmd/kubeadm/app/preflight/checks.go KubernetesVersionCheck merely warns from its minor + 1 on). The minor must be
/// the model's (<see cref="KubernetesSettings.Version"/>); another minor is an error, not a silent change.
/// After init the file is the record of what init used and stays as written: a later `apk upgrade` of kubeadm changes
/// nothing here; the difference is reported as "upgrade needed" (<see cref="KubernetesVersions"/>), and the upgrade
/// itself is another command's.
/// </summary>
public sealed class KubeadmConfigStep(ClusterDefinition cluster, Node controlPlane, TextWriter? report = null) : NodeStep("kubeadm-config")
{
    public static string InstalledVersion => KubernetesVersions.Script;

    private static string Write => NodeShell.WriteFile(KubeadmConfigBuilder.RemotePath, "0600");

    private static readonly string Exists = NodeShell.Script($"[ -f \"$ROOT{KubeadmConfigBuilder.RemotePath}\" ] || exit 1\n");

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var versions = await KubernetesVersions.ReadAsync(context.Session, context.CancellationToken);
        if (versions.Initialized)
        {
            if (versions.Notice(controlPlane.Name) is { } notice)
            {
                context.Session.Note(notice);
                report?.WriteLine(notice);
            }
            return await context.CheckAsync(Exists, new CommandOptions(Description: $"kubeadm-config: {KubeadmConfigBuilder.RemotePath} kept from init"));
        }
        return await context.CheckAsync(NodeShell.FileHasHash(KubeadmConfigBuilder.RemotePath, NodeShell.Sha256(Yaml(versions.Installed))),
            new CommandOptions(Description: $"kubeadm-config: compare {KubeadmConfigBuilder.RemotePath}"));
    }

    /// <summary>Before init: the file for the installed kubeadm. After init (the file was lost): the running version's.</summary>
    public override async Task ApplyAsync(StepContext context)
    {
        var versions = await KubernetesVersions.ReadAsync(context.Session, context.CancellationToken);
        await context.Session.RunCheckedAsync(Write,
            new CommandOptions(StandardInput: Yaml(versions.ControlPlane ?? versions.Installed), Description: $"kubeadm-config: write {KubeadmConfigBuilder.RemotePath}"), context.CancellationToken);
    }

    /// <summary>The file for the given kubeadm version ("v1.36.3"), which must be of the model's minor.</summary>
    public string Yaml(string installed)
    {
        var wanted = Nodes.NodePackages.Minor(cluster.Kubernetes);
        var have = Nodes.NodePackages.Minor(cluster.Kubernetes with { Version = installed });
        if (have != wanted)
        {
            throw new StepFailedException(
                $"kubeadm on {controlPlane.Name} is {installed}, but KubernetesSettings.Version is {cluster.Kubernetes.Version} (minor {wanted}); rerun the nodes phase or change the model.");
        }
        return KubeadmConfigBuilder.Yaml(cluster with { Kubernetes = cluster.Kubernetes with { Version = installed } }, controlPlane);
    }

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new("kubeadm-config.versions", InstalledVersion),
        new("kubeadm-config.check", NodeShell.FileHasHash(KubeadmConfigBuilder.RemotePath, new string('0', 64))),
        new("kubeadm-config.check-after-init", Exists),
        new("kubeadm-config.write", Write),
    ];
}
