using k8s;
using k8s.Models;

namespace PiCluster.Bootstrap.Etcd;

/// <summary>
/// What the running etcd calls itself, read from kubeadm's static pod (/etc/kubernetes/manifests/etcd.yaml): a restore
/// must reuse the member name, data directory and peer URLs, or the restored member does not match its manifest.
/// </summary>
/// <param name="Command">The container's command line, first word the binary (tests start etcd from it).</param>
public sealed record EtcdMember(
    string Name,
    string DataDir,
    string InitialCluster,
    string InitialAdvertisePeerUrls,
    string Image,
    IReadOnlyList<string> Command)
{
    /// <summary>Stand-ins a dry run prints: the real values are read from etcd.yaml on the node when the restore runs.</summary>
    public static EtcdMember ReadAtRunTime { get; } = new(
        "<--name>", "<--data-dir>", "<--initial-cluster>", "<--initial-advertise-peer-urls>", "<image>", []);

    /// <summary>Parses the static pod manifest; every value the restore needs must be there as a --flag=value.</summary>
    public static EtcdMember FromStaticPod(string manifestYaml)
    {
        V1Pod pod;
        try
        {
            pod = KubernetesYaml.Deserialize<V1Pod>(manifestYaml);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
        {
            throw new BootstrapException($"etcd.yaml is not a readable Pod manifest: {e.Message}");
        }
        var container = pod.Spec?.Containers?.FirstOrDefault(c => c.Name == "etcd")
            ?? throw new BootstrapException("etcd.yaml has no container named etcd.");
        var command = (container.Command ?? []).Concat(container.Args ?? []).ToList();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in command.Where(w => w.StartsWith("--", StringComparison.Ordinal) && w.Contains('=', StringComparison.Ordinal)))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            flags[word[2..equals]] = word[(equals + 1)..];
        }
        string Flag(string name) => flags.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new BootstrapException($"etcd.yaml: the etcd command has no --{name}=…; cannot restore with the names the running etcd uses.");
        return new EtcdMember(
            Name: Flag("name"),
            DataDir: Flag("data-dir"),
            InitialCluster: Flag("initial-cluster"),
            InitialAdvertisePeerUrls: Flag("initial-advertise-peer-urls"),
            Image: container.Image ?? "",
            Command: command);
    }
}
