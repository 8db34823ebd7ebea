using PiCluster.Cluster.Model;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1004: a local PersistentVolume's path, or a hostPath that must already exist (type Directory, File, Socket,
/// CharDevice, BlockDevice), must be made by a bootstrap step on every node the pod or volume can be on:
/// <see cref="NodeLocalPaths"/> (the nodes phase creates each with owner and mode) or what kubeadm and the node packages
/// put there. DirectoryOrCreate, FileOrCreate and untyped hostPaths are created by kubelet and pass.
/// </summary>
internal static class NodePathRule
{
    private static readonly HashSet<string> MustExist = new(StringComparer.Ordinal) { "Directory", "File", "Socket", "CharDevice", "BlockDevice" };

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var declared = NodeLocalPaths.Of(c.Cluster).ToList();
        foreach (var volume in c.Tree.OfKind("PersistentVolume").Where(v => v.Group == ""))
        {
            var spec = volume.Body["spec"];
            var (path, field, checkType) = Json.Str(spec?["local"]?["path"]) is { } local
                ? (local, "spec.local.path", false)
                : (Json.Str(spec?["hostPath"]?["path"]), "spec.hostPath.path", true);
            if (path is null || checkType && !MustExist.Contains(Json.Str(spec?["hostPath"]?["type"]) ?? "")) continue;
            var affinity = new System.Text.Json.Nodes.JsonObject
            {
                ["affinity"] = new System.Text.Json.Nodes.JsonObject { ["nodeAffinity"] = new System.Text.Json.Nodes.JsonObject { ["requiredDuringSchedulingIgnoredDuringExecution"] = spec?["nodeAffinity"]?["required"]?.DeepClone() } },
            };
            var named = Json.Items(spec?["nodeAffinity"]?["required"]?["nodeSelectorTerms"])
                .SelectMany(t => Json.Items(t.Item["matchExpressions"]))
                .Where(e => Json.Str(e.Item["key"]) == NodeScheduling.HostnameLabel && Json.Str(e.Item["operator"]) == "In")
                .SelectMany(e => Json.Arr(e.Item["values"]).Select(Json.Str)).Where(n => n is not null).ToList();
            foreach (var unknown in named.Where(n => c.Cluster.Nodes.All(m => m.Name != n)))
                yield return RuleFinding.Error(TreeRuleIds.NodePath, volume, "spec.nodeAffinity", $"names node {unknown}, which the model does not have. Fix: use a node of ClusterDefinition.Nodes.");
            foreach (var node in c.CandidateNodes(affinity))
            {
                if (!Exists(c, declared, node, path))
                    yield return RuleFinding.Error(TreeRuleIds.NodePath, volume, field, Message(path, node, checkType ? Json.Str(spec?["hostPath"]?["type"]) : null));
            }
        }

        foreach (var template in c.PodTemplates)
        {
            var nodes = c.CandidateNodes(template.Spec);
            foreach (var (volume, i) in Json.Items(template.Spec["volumes"]))
            {
                if (Json.Str(volume["hostPath"]?["path"]) is not { } path || !MustExist.Contains(Json.Str(volume["hostPath"]?["type"]) ?? "")) continue;
                foreach (var node in nodes.Where(n => !Exists(c, declared, n, path)))
                    yield return RuleFinding.Error(TreeRuleIds.NodePath, template.Owner, $"{template.Path}.volumes[{i}].hostPath.path", Message(path, node, Json.Str(volume["hostPath"]?["type"])));
            }
        }
    }

    /// <summary>Types kubelet can only check, never create: DirectoryOrCreate/FileOrCreate would not help.</summary>
    private static readonly HashSet<string> SpecialFiles = new(StringComparer.Ordinal) { "Socket", "CharDevice", "BlockDevice" };

    private static string Message(string path, Node node, string? type) => SpecialFiles.Contains(type ?? "")
        ? $"{path} on {node.Name} is a {type} no node service or kernel device PiCluster knows provides (containerd's socket is {ContainerdSocket}), so the pod cannot start there. " +
          "Fix: point the volume at the path the runtime or kernel serves; kubelet cannot create a socket or a device node."
        : $"{path} on {node.Name} is created by no bootstrap step, so the pod cannot start there. Fix: declare it as a LocalVolume of the service (NodeLocalPaths; the nodes phase creates it), or use type DirectoryOrCreate.";

    /// <summary>
    /// containerd's default address (containerd/containerd defaults/defaults_unix.go DefaultAddress), the CRI socket
    /// bootstrap's kubeadm phase hands kubeadm (bootstrap/Kubeadm/KubeadmConfigBuilder.cs CriSocket).
    /// </summary>
    public const string ContainerdSocket = "/run/containerd/containerd.sock";

    private static bool Exists(RuleContext c, IReadOnlyList<LocalVolume> declared, Node node, string path)
    {
        var clean = path.TrimEnd('/');
        return declared.Any(v => v.Node == node.Name && v.Path.TrimEnd('/') == clean) || SystemPaths(c.Cluster, node).Contains(clean);
    }

    /// <summary>
    /// Paths bootstrap's kubeadm and nodes phases leave on a node (kubeadm init/join, the CNI plugin package), the
    /// container runtime's socket and state, and what the kernel always provides (procfs, sysfs, devtmpfs's character
    /// devices); Alpine links /var/run to /run.
    /// </summary>
    private static HashSet<string> SystemPaths(ClusterDefinition cluster, Node node)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal)
        {
            "/etc/kubernetes", "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/pki", "/var/lib/kubelet",
            cluster.Services.Flannel.CniBinDir.TrimEnd('/'),
            ContainerdSocket, "/var" + ContainerdSocket, "/run/containerd", "/var/lib/containerd",
            "/proc", "/sys", "/dev", "/run", "/var/run", "/var/log", "/lib/modules",
            "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/kmsg",
        };
        if (node.Role == NodeRole.ControlPlane)
        {
            paths.UnionWith(["/etc/kubernetes/admin.conf", "/etc/kubernetes/manifests", "/etc/kubernetes/pki/etcd", "/var/lib/etcd"]);
        }
        return paths;
    }
}
