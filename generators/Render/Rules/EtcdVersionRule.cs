using PiCluster.Render.Resources;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1011 (warning): the model's Kubernetes minor has no entry in <see cref="KubeadmEtcd"/>, so the etcd image of the
/// backup (etcdctl/etcdutl against the running etcd) is the nearest known minor's, as kubeadm falls back itself. Render
/// goes on (an upgrade to a new minor must not wait for the table); the warning names the entry to add.
/// </summary>
internal static class EtcdVersionRule
{
    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        if (KubeadmEtcd.Lookup(c.Cluster.Kubernetes.Version).Warning is not { } warning) yield break;
        var repository = c.Cluster.Services.EtcdBackup.EtcdRepository + ":";
        foreach (var template in c.PodTemplates)
        {
            foreach (var (container, path) in template.Containers)
            {
                if (Json.Str(container["image"]) is { } image && image.StartsWith(repository, StringComparison.Ordinal))
                    yield return RuleFinding.Warning(TreeRuleIds.EtcdVersion, template.Owner, path + ".image", $"{image}: {warning}");
            }
        }
    }
}
