using Microsoft.Extensions.DependencyInjection;
using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Certs;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Flux;
using PiCluster.Bootstrap.Lifecycle;
using PiCluster.Bootstrap.Rebuild;
using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Run;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render;
using PiCluster.Bootstrap.Status;
using PiCluster.Bootstrap.Upgrade;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap;

/// <summary>The bootstrap CLI: what its commands take, the shared policy and the commands. Program runs it; tests run it in process.</summary>
public static class BootstrapApp
{
    public static readonly CommandLineApp App = new(
        "bootstrap",
        "every step done or already done",
        "a step failed: stderr names node, phase and step; the node's log (.picluster/logs/<node>.log) has the output; for status, a finding warns or fails");

    /// <summary>The cluster the commands bring up and the checkout whose rendered tree and state they use (found when a command first needs it).</summary>
    public static ServiceRegistrar Registrar(ClusterDefinition definition, Func<Checkout> checkout)
    {
        var registrar = new ServiceRegistrar();
        registrar.Services.AddSingleton(definition);
        registrar.Services.AddSingleton(_ => checkout());
        registrar.Services.AddSingleton<BootstrapServices>();
        return registrar;
    }

    public static void Configure(IConfigurator config, ProcessServices services)
    {
        CommandLinePolicy.Apply(config, App, services);
        config.AddCommand<CardCommand>("card")
            .WithDescription("Write a node's Alpine SD card (or image file) with its first-boot overlay.")
            .WithExample("card", "--node", "pi1", "--device", "/dev/sdb")
            .WithExample("card", "--node", "pi1", "--image", "pi1.img", "--size", "2G")
            .WithExample("card", "--all", "--image-dir", "images");
        config.AddCommand<NodesCommand>("nodes")
            .WithDescription("Prepare every node over SSH: time sync, system disk, packages, modules, sysctls, services.")
            .WithExample("nodes", "--dry-run")
            .WithExample("nodes", "--node", "pi3");
        config.AddCommand<KubeadmCommand>("kubeadm")
            .WithDescription("kubeadm init on the control plane, kubeconfig, flannel, worker joins, wait for Ready.");
        config.AddCommand<ClusterCommand>("cluster")
            .WithDescription("Run every card-independent phase in order: nodes, kubeadm, nfs (preflight), flux, secrets.")
            .WithExample("cluster", "--dry-run")
            .WithExample("cluster", "--dry-run", "--scripts");
        config.AddCommand<FluxCommand>("flux")
            .WithDescription("Install the pinned Flux release (flux-system/gotk-components.yaml of the rendered tree) on the control plane, create the deploy key Secret and start the sync.")
            .WithExample("flux", "--dry-run");
        config.AddCommand<FluxManifestCommand>("flux-manifest")
            .WithDescription("Fetch the pinned Flux release's install.yaml into cluster/Flux/install.yaml (checked against FluxSettings.InstallManifestSha256); render copies it into the tree.")
            .WithExample("flux-manifest")
            .WithExample("flux-manifest", "--from", "install.yaml", "--sha256", "<hex>");
        config.AddCommand<SecretsCommand>("secrets")
            .WithDescription("Create every Secret the rendered tree references from .picluster/secrets.yaml or the environment, generating missing values.")
            .WithExample("secrets")
            .WithExample("secrets", "--rotate");
        config.AddCommand<RestoreEtcdCommand>("restore-etcd")
            .WithDescription("Restore etcd on the control plane from a snapshot (stops and restarts the control plane).")
            .WithExample("restore-etcd", "--snapshot", "etcd-20261127T030000Z.db", "--dry-run");
        config.AddCommand<StatusCommand>("status")
            .WithDescription("Read-only health of every node and of the cluster (SSH, OS, kernel, disks, logs, packages, versions, certificates, etcd, backups, Flux), each finding with its fix.")
            .WithExample("status")
            .WithExample("status", "--format", "json");
        config.AddCommand<UpgradeCommand>("upgrade")
            .WithDescription("Bring every node to the model's KubernetesSettings.Version (one minor at a time: control plane first, then one worker at a time, each drained around its kubelet restart) or to BootstrapSettings.AlpineVersion's branch.")
            .WithExample("upgrade", "--dry-run", "--scripts")
            .WithExample("upgrade");
        config.AddBranch("certs", certs =>
        {
            certs.SetDescription("kubeadm's control-plane certificates (valid one year).");
            certs.AddCommand<CertsRenewCommand>("renew")
                .WithDescription("kubeadm certs renew all on the control plane when a certificate is within BootstrapSettings.Health.CertificateDays of expiry (or --force), restart the four static pods, refresh the admin kubeconfig. ")
                .WithExample("certs", "renew", "--dry-run", "--scripts")
                .WithExample("certs", "renew", "--force");
        });
        config.AddCommand<ResetCommand>("reset")
            .WithDescription("kubeadm reset plus the CNI config, interfaces and iptables rules it leaves; then `cluster` rebuilds.")
            .WithExample("reset", "--node", "pi3");
        config.AddCommand<RebuildControlPlaneCommand>("rebuild-control-plane")
            .WithDescription("After a new card for the control plane: nodes phase on it, then its CA, keys and etcd data from the nightly backup (or --from an encrypted copy) and kubeadm init reusing them; the workers keep their kubelet.conf.")
            .WithExample("rebuild-control-plane", "--dry-run", "--scripts")
            .WithExample("rebuild-control-plane", "--backup", "20261127T030000Z")
            .WithExample("rebuild-control-plane", "--from", ".picluster/backups/etcd-20261127T030000Z.tar.age", "--identity", "~/.config/age/picluster.txt");
        config.AddBranch("node", node =>
        {
            node.SetDescription("A worker's lifecycle: replace its card, or remove it from the cluster.");
            node.AddCommand<NodeReplaceCommand>("replace")
                .WithDescription("A worker got a new card: drain it while it is Ready, delete its Node, force-delete the Pods left on it, then nodes phase, join and Ready for that worker only.")
                .WithExample("node", "replace", "pi3", "--dry-run", "--scripts");
            node.AddCommand<NodeRemoveCommand>("remove")
                .WithDescription("A worker leaves: drain, delete its Node, force-delete its Pods, reset it when it answers; then delete it from the model.")
                .WithExample("node", "remove", "pi3", "--dry-run");
        });
        config.AddBranch("backup", backup =>
        {
            backup.SetDescription("Copies of the nightly etcd backup off the NAS.");
            backup.AddCommand<BackupPullCommand>("pull")
                .WithDescription("Copy the newest (or --all) etcd snapshot + PKI archive from the NFS export through the control plane, verified by SHA-256, encrypted with age to Bootstrap.BackupCopy.AgeRecipients.")
                .WithExample("backup", "pull", "--dry-run", "--scripts")
                .WithExample("backup", "pull", "--all", "--out", "/mnt/usb/picluster");
        });
    }
}
