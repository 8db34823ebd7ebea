using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Run;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("bootstrap");
    config.AddCommand<CardCommand>("card")
        .WithDescription("Write a node's Alpine SD card (or image file) with its first-boot overlay.")
        .WithExample("card", "--node", "pi1", "--device", "/dev/sdb")
        .WithExample("card", "--node", "pi1", "--image", "pi1.img", "--size", "2G")
        .WithExample("card", "--all", "--image-dir", "images");
    config.AddCommand<NodesCommand>("nodes")
        .WithDescription("Prepare every node over SSH: time sync, system disk, packages, modules, sysctls, services.")
        .WithExample("nodes", "--dry-run")
        .WithExample("nodes", "--only", "pi3");
    config.AddCommand<KubeadmCommand>("kubeadm")
        .WithDescription("kubeadm init on the control plane, kubeconfig, flannel, worker joins, wait for Ready.");
    config.AddCommand<ClusterCommand>("cluster")
        .WithDescription("Run every card-independent phase in order (nodes, kubeadm, …).")
        .WithExample("cluster", "--dry-run");
});
return await app.RunAsync(args);
