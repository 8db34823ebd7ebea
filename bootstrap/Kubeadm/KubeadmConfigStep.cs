using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// Uploads the kubeadm init file with kubernetesVersion = the kubeadm installed on the control plane: apk follows
/// patch releases within the pinned minor, and kubeadm refuses a control plane newer than itself. The minor must be
/// the model's (<see cref="KubernetesSettings.Version"/>); another minor is an error, not a silent change.
/// </summary>
public sealed class KubeadmConfigStep(ClusterDefinition cluster, Node controlPlane) : NodeStep("kubeadm-config")
{
    public static readonly string InstalledVersion = NodeShell.Script("kubeadm version -o short\n");

    private static string Write => NodeShell.WriteFile(KubeadmConfigBuilder.RemotePath, "0600");

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var yaml = await DesiredAsync(context);
        return await context.CheckAsync(NodeShell.FileHasHash(KubeadmConfigBuilder.RemotePath, NodeShell.Sha256(yaml)),
            new CommandOptions(Description: $"kubeadm-config: compare {KubeadmConfigBuilder.RemotePath}"));
    }

    public override async Task ApplyAsync(StepContext context) =>
        await context.Session.RunCheckedAsync(Write,
            new CommandOptions(StandardInput: await DesiredAsync(context), Description: $"kubeadm-config: write {KubeadmConfigBuilder.RemotePath}"), context.CancellationToken);

    /// <summary>The file for the given installed kubeadm version ("v1.36.3").</summary>
    public string Yaml(string installed)
    {
        var wanted = Nodes.NodePackages.Minor(cluster.Kubernetes);
        var have = Nodes.NodePackages.Minor(cluster.Kubernetes with { Version = installed });
        if (have != wanted)
        {
            throw new BootstrapException(
                $"kubeadm on {controlPlane.Name} is {installed}, but KubernetesSettings.Version is {cluster.Kubernetes.Version} (minor {wanted}); rerun the nodes phase or change the model.");
        }
        return KubeadmConfigBuilder.Yaml(cluster with { Kubernetes = cluster.Kubernetes with { Version = installed } }, controlPlane);
    }

    private async Task<string> DesiredAsync(StepContext context)
    {
        var installed = (await context.Session.RunCheckedAsync(InstalledVersion, new CommandOptions(Description: "kubeadm version"), context.CancellationToken)).Output.Trim();
        return Yaml(installed);
    }

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new("kubeadm-config.installed-version", InstalledVersion),
        new("kubeadm-config.check", NodeShell.FileHasHash(KubeadmConfigBuilder.RemotePath, new string('0', 64))),
        new("kubeadm-config.write", Write),
    ];
}
