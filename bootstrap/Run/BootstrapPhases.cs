using PiCluster.Bootstrap.Flux;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Nfs;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Secrets;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Run;

/// <summary>
/// The phases <c>bootstrap cluster</c> runs, in order. Later issues append theirs here (flux, secrets) — each is an
/// <see cref="IBootstrapPhase"/> that turns the definition into stages of per-node steps.
/// </summary>
public static class BootstrapPhases
{
    public static readonly IBootstrapPhase Nodes = new NodesPhase();

    public static readonly IBootstrapPhase Kubeadm = new KubeadmPhase();

    public static readonly IBootstrapPhase NfsPreflight = new NfsPreflightPhase();

    public static readonly IBootstrapPhase Flux = new FluxPhase();

    public static readonly IBootstrapPhase Secrets = new SecretsPhase();

    /// <summary>Card-independent phases, in run order: Flux needs the API, the Secrets need Flux's namespaces only loosely.</summary>
    /// <remarks>The NFS preflight runs before Flux: Flux's workloads are the first to mount the exports.</remarks>
    public static IReadOnlyList<IBootstrapPhase> Cluster { get; } = [Nodes, Kubeadm, NfsPreflight, Flux, Secrets];
}
