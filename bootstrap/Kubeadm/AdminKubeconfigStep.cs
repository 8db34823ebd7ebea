using PiCluster.Render;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// Copies admin.conf from the control plane to <c>.picluster/kubeconfig/admin.conf</c> and merges it into the operator's
/// kubeconfig as context <c>&lt;cluster name&gt;</c> (home-k8s). Done when both local files already say the same.
/// </summary>
public sealed class AdminKubeconfigStep(PhaseInputs inputs) : NodeStep("admin-kubeconfig")
{
    public static readonly string Read = NodeShell.Script($"cat \"$ROOT{KubeadmPhase.AdminConf}\"\n");

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var (admin, merged) = await DesiredAsync(context);
        return File.Exists(inputs.State.AdminKubeconfig)
            && await File.ReadAllTextAsync(inputs.State.AdminKubeconfig, context.CancellationToken) == admin
            && File.Exists(inputs.KubeconfigPath)
            && await File.ReadAllTextAsync(inputs.KubeconfigPath, context.CancellationToken) == merged;
    }

    public override async Task ApplyAsync(StepContext context)
    {
        var (admin, merged) = await DesiredAsync(context);
        inputs.State.EnsurePrivateFolder(Path.GetDirectoryName(inputs.State.AdminKubeconfig)!);
        AtomicFile.Write(inputs.State.AdminKubeconfig, admin, AtomicFile.Private);
        if (!File.Exists(inputs.KubeconfigPath) || await File.ReadAllTextAsync(inputs.KubeconfigPath, context.CancellationToken) != merged)
        {
            KubeconfigMerge.Write(inputs.KubeconfigPath, merged);
        }
    }

    private async Task<(string Admin, string Merged)> DesiredAsync(StepContext context)
    {
        // admin.conf carries the cluster-admin client key: never in the log.
        var admin = (await context.Session.RunCheckedAsync(Read,
            new CommandOptions(Sensitive: true, Description: "read admin.conf"), context.CancellationToken)).Output;
        var existing = File.Exists(inputs.KubeconfigPath) ? await File.ReadAllTextAsync(inputs.KubeconfigPath, context.CancellationToken) : null;
        return (admin, KubeconfigMerge.Merge(existing, admin, inputs.Cluster.Name));
    }

    public override IEnumerable<ShellSnippet> Snippets => [new("admin-kubeconfig.read", Read)];
}
