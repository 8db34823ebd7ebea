using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Flux;
using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Run;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap;

/// <summary>The bootstrap CLI's commands, options and exit codes; Program runs it, tests run it in process.</summary>
public static class BootstrapApp
{
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("bootstrap");
        config.SetExceptionHandler(ExitCodes.Handle);
        // An option the command does not take is an error, never silently ignored.
        config.UseStrictParsing();
        config.AddCommand<CardCommand>("card")
            .WithDescription("Write a node's Alpine SD card (or image file) with its first-boot overlay. " + ExitCodes.Help)
            .WithExample("card", "--node", "pi1", "--device", "/dev/sdb")
            .WithExample("card", "--node", "pi1", "--image", "pi1.img", "--size", "2G")
            .WithExample("card", "--all", "--image-dir", "images");
        config.AddCommand<NodesCommand>("nodes")
            .WithDescription("Prepare every node over SSH: time sync, system disk, packages, modules, sysctls, services. " + ExitCodes.Help)
            .WithExample("nodes", "--dry-run")
            .WithExample("nodes", "--node", "pi3");
        config.AddCommand<KubeadmCommand>("kubeadm")
            .WithDescription("kubeadm init on the control plane, kubeconfig, flannel, worker joins, wait for Ready. " + ExitCodes.Help);
        config.AddCommand<ClusterCommand>("cluster")
            .WithDescription("Run every card-independent phase in order: nodes, kubeadm, nfs (preflight), flux, secrets. " + ExitCodes.Help)
            .WithExample("cluster", "--dry-run")
            .WithExample("cluster", "--dry-run", "--scripts");
        config.AddCommand<FluxCommand>("flux")
            .WithDescription("Install the pinned Flux release (rendered/flux-system/gotk-components.yaml) on the control plane, create the deploy key Secret and start the sync. " + ExitCodes.Help)
            .WithExample("flux", "--dry-run");
        config.AddCommand<FluxManifestCommand>("flux-manifest")
            .WithDescription("Fetch the pinned Flux release's install.yaml into cluster/Flux/install.yaml (checked against FluxSettings.InstallManifestSha256); render copies it into rendered/. " + ExitCodes.Help)
            .WithExample("flux-manifest")
            .WithExample("flux-manifest", "--from", "install.yaml", "--sha256", "<hex>");
        config.AddCommand<SecretsCommand>("secrets")
            .WithDescription("Create every Secret rendered/ references from .picluster/secrets.yaml or the environment, generating missing values. " + ExitCodes.Help)
            .WithExample("secrets")
            .WithExample("secrets", "--rotate");
        config.AddCommand<RestoreEtcdCommand>("restore-etcd")
            .WithDescription("Restore etcd on the control plane from a snapshot (stops and restarts the control plane). " + ExitCodes.Help)
            .WithExample("restore-etcd", "--snapshot", "etcd-20261127T030000Z.db", "--dry-run");
        config.AddCommand<ResetCommand>("reset")
            .WithDescription("kubeadm reset plus the CNI config, interfaces and iptables rules it leaves; then `cluster` rebuilds. " + ExitCodes.Help)
            .WithExample("reset", "--node", "pi3");
    }
}
