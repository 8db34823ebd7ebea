using PiCluster.Render;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using YamlDotNet.RepresentationModel;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// Merges the cluster's admin.conf into the operator's kubeconfig as context/cluster <c>&lt;name&gt;</c> and user
/// <c>&lt;name&gt;-admin</c>. Works on the YAML node tree (YamlDotNet), so every other entry — including fields a typed
/// model would not know — is kept as it was; the current context is set only when there is none.
/// </summary>
public static class KubeconfigMerge
{
    public static string Merge(string? existing, string adminConf, string name)
    {
        var admin = Load(adminConf);
        var adminContext = Entries(admin, "contexts").FirstOrDefault()
            ?? throw new StepFailedException("admin.conf has no context.");
        var details = (YamlMappingNode)adminContext.Children[new YamlScalarNode("context")];
        var clusterName = Scalar(details, "cluster");
        var userName = Scalar(details, "user");
        var cluster = Entries(admin, "clusters").First(e => Scalar(e, "name") == clusterName);
        var user = Entries(admin, "users").First(e => Scalar(e, "name") == userName);

        var target = string.IsNullOrWhiteSpace(existing)
            ? new YamlMappingNode
            {
                { "apiVersion", "v1" },
                { "kind", "Config" },
                { "clusters", new YamlSequenceNode() },
                { "contexts", new YamlSequenceNode() },
                { "users", new YamlSequenceNode() },
                { "current-context", "" },
            }
            : Load(existing);
        var userEntry = name + "-admin";
        Upsert(target, "clusters", name, new YamlMappingNode { { "name", name }, { "cluster", cluster.Children[new YamlScalarNode("cluster")] } });
        Upsert(target, "users", userEntry, new YamlMappingNode { { "name", userEntry }, { "user", user.Children[new YamlScalarNode("user")] } });
        Upsert(target, "contexts", name, new YamlMappingNode
        {
            { "name", name },
            { "context", new YamlMappingNode { { "cluster", name }, { "user", userEntry } } },
        });
        if (!target.Children.TryGetValue(new YamlScalarNode("current-context"), out var current) || current is YamlScalarNode { Value: null or "" })
        {
            target.Children[new YamlScalarNode("current-context")] = new YamlScalarNode(name);
        }
        using var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(target)).Save(writer, assignAnchors: false);
        var text = writer.ToString().ReplaceLineEndings("\n");
        // YamlStream ends a document with "..."; kubectl accepts it, but a plain file is friendlier to diff.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Writes the merged kubeconfig (mode 600) after copying the previous file to &lt;path&gt;.bak-&lt;UTC time&gt;.</summary>
    public static void Write(string path, string merged)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            File.Copy(path, $"{path}.bak-{DateTime.UtcNow:yyyyMMddTHHmmssZ}", overwrite: true);
        }
        AtomicFile.Write(path, merged, AtomicFile.Private);
    }

    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            ?? throw new StepFailedException("kubeconfig is not a YAML mapping.");
    }

    private static IEnumerable<YamlMappingNode> Entries(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode list
            ? list.Children.OfType<YamlMappingNode>()
            : [];

    private static void Upsert(YamlMappingNode root, string key, string name, YamlMappingNode entry)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is not YamlSequenceNode list)
        {
            list = [];
            root.Children[new YamlScalarNode(key)] = list;
        }
        var index = list.Children.ToList().FindIndex(e => e is YamlMappingNode m && Scalar(m, "name") == name);
        if (index >= 0) list.Children[index] = entry;
        else list.Children.Add(entry);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;
}
