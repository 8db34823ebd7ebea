using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Steps;

/// <summary>Everything phases build their steps from: the cluster definition, local state and timings.</summary>
/// <param name="KubeconfigPath">The operator's kubeconfig the admin context is merged into (normally ~/.kube/config).</param>
public sealed record PhaseInputs(ClusterDefinition Cluster, StateFolder State, string KubeconfigPath)
{
    /// <summary>How long to wait for every node to report Ready after flannel is applied.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Pause between polls while waiting (Ready nodes).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock the waits (Ready nodes, reboots) poll and time out by; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long the kubeadm-init check gives an initialised control plane's API server to answer /readyz.</summary>
    public TimeSpan ApiServerWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a joined worker's kubelet may take to register its Node after `kubeadm join` returned.</summary>
    public TimeSpan JoinRegistrationTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a node may take to come back after `reboot`.</summary>
    public TimeSpan RebootTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for the root Kustomization to become Ready.</summary>
    public TimeSpan FluxReadyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>--rotate: replace existing Secrets with the local values.</summary>
    public bool RotateSecrets { get; init; }

    /// <summary>Environment lookup for PICLUSTER_SECRET_* (the command passes the process's, tests their own).</summary>
    public Func<string, string?> Environment { get; init; } = _ => null;

    /// <summary>Where phases print what the operator must act on (deploy key, secret store); the command passes its stdout.</summary>
    public TextWriter Report { get; init; } = TextWriter.Null;

    /// <summary>The checkout whose rendered tree (at the model's Git.Path) the phases read.</summary>
    public Checkout Checkout => new(State.RepositoryRoot, Cluster.Git);

    /// <summary>The control plane (<see cref="ClusterDefinition.ControlPlane"/>).</summary>
    public Node ControlPlane => Cluster.ControlPlane;

    public IReadOnlyList<Node> Workers => Cluster.Workers;
}
