using System.Text.Json.Nodes;
using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Rules;

/// <summary>A pod template inside a workload (or a bare Pod): where it is, its spec and its labels.</summary>
/// <param name="Path">JSON path of the pod spec inside the owner, e.g. "spec.template.spec".</param>
public sealed record PodTemplate(RenderedObject Owner, string Path, JsonObject Spec, IReadOnlyDictionary<string, string> Labels)
{
    public IEnumerable<(JsonObject Container, string Path)> Containers =>
        new[] { "initContainers", "containers", "ephemeralContainers" }
            .SelectMany(list => Json.Items(Spec[list]).Select(c => (c.Item, $"{Path}.{list}[{c.Index}]")));
}

/// <summary>A Flux Kustomization and the tree folder it applies.</summary>
/// <param name="Folder">Relative to the tree root, no trailing '/'; "" for the whole tree.</param>
public sealed record FluxLayer(RenderedObject Kustomization, string Folder)
{
    public string Name => Kustomization.Name;

    public string Namespace => Kustomization.Namespace;

    public IReadOnlyList<(string Name, string Namespace)> DependsOn { get; } =
        Json.Items(Kustomization.Body["spec"]?["dependsOn"])
            .Select(d => (Json.Str(d.Item["name"]) ?? "", Json.Str(d.Item["namespace"]) ?? Kustomization.Namespace))
            .ToList();

    public bool Holds(string file) => Folder.Length == 0 || file.StartsWith(Folder + "/", StringComparison.Ordinal);
}

/// <summary>The definition and the parsed tree, with the indexes several rules share (built once per check).</summary>
public sealed class RuleContext
{
    public const string FluxKustomizeGroup = FluxKustomization.Group;
    public const string HelmGroup = HelmRelease.Group;

    private readonly Dictionary<string, FluxLayer?> layerOfFile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PodTemplate>> templatesByNamespace;

    public RuleContext(ClusterDefinition cluster, RenderedTree tree)
    {
        Cluster = cluster;
        Tree = tree;
        NodeLabels = cluster.Nodes.ToDictionary(n => n.Name, NodeScheduling.Labels, StringComparer.Ordinal);
        PodTemplates = tree.Objects.SelectMany(Templates).ToList();
        OutsidePods = Rules.OutsidePods.Of(tree).ToList();
        templatesByNamespace = PodTemplates.Concat(OutsidePods).GroupBy(t => t.Owner.Namespace, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Layers = tree.Objects.Where(o => o.Is(FluxKustomizeGroup, FluxKustomization.KindName)).Select(k => new FluxLayer(k, Folder(cluster, k))).ToList();
        HelmNamespaces = tree.OfKind(HelmRelease.KindName).Where(h => h.Group == HelmGroup && !tree.ExpandedReleases.Contains(h))
            .Select(h => Json.Str(h.Body["spec"]?["targetNamespace"]) ?? h.Namespace).ToHashSet(StringComparer.Ordinal);
    }

    public ClusterDefinition Cluster { get; }

    public RenderedTree Tree { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NodeLabels { get; }

    /// <summary>Pod templates of the tree's workloads (and bare Pods).</summary>
    public IReadOnlyList<PodTemplate> PodTemplates { get; }

    /// <summary>
    /// Pods no workload of the tree describes that will run all the same (kubeadm's, prometheus-operator's): Services may
    /// select them (<see cref="Selected"/>); the rules over the tree's own pod specs do not judge them.
    /// </summary>
    public IReadOnlyList<PodTemplate> OutsidePods { get; }

    public IReadOnlyList<FluxLayer> Layers { get; }

    /// <summary>Namespaces a HelmRelease installs into whose chart is not expanded: charts create pods and Services the tree cannot show.</summary>
    public IReadOnlySet<string> HelmNamespaces { get; }

    /// <summary>The Kustomization that applies a file: the one whose folder is the longest prefix of its path.</summary>
    public FluxLayer? LayerOf(string file)
    {
        if (!layerOfFile.TryGetValue(file, out var layer))
            layerOfFile[file] = layer = Layers.Where(l => l.Holds(file)).MaxBy(l => l.Folder.Length);
        return layer;
    }

    /// <summary>Objects in files the layer applies itself (not those of a deeper layer's folder).</summary>
    public IEnumerable<RenderedObject> ObjectsOf(FluxLayer layer) => Tree.Objects.Where(o => LayerOf(o.File) == layer);

    /// <summary>The layer and every layer it depends on, directly or not.</summary>
    public IReadOnlySet<FluxLayer> LayersAtOrBefore(FluxLayer layer)
    {
        var seen = new HashSet<FluxLayer>();
        var pending = new Stack<FluxLayer>([layer]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            foreach (var (name, ns) in current.DependsOn)
            {
                foreach (var dependency in Layers.Where(l => l.Name == name && l.Namespace == ns)) pending.Push(dependency);
            }
        }
        return seen;
    }

    /// <summary>The pod templates (the tree's and <see cref="OutsidePods"/>) in <paramref name="ns"/> whose labels carry every selector pair.</summary>
    public IEnumerable<PodTemplate> Selected(string ns, IReadOnlyDictionary<string, string> selector) =>
        selector.Count == 0
            ? []
            : (templatesByNamespace.TryGetValue(ns, out var inNamespace) ? inNamespace : [])
                .Where(t => selector.All(s => t.Labels.TryGetValue(s.Key, out var v) && v == s.Value));

    /// <summary>The model's nodes a pod with this spec may be scheduled on (nodeName, nodeSelector, required node affinity, taints).</summary>
    public IReadOnlyList<Node> CandidateNodes(JsonObject podSpec) =>
        Cluster.Nodes.Where(n => Schedulable(podSpec, n, NodeLabels[n.Name])).ToList();

    private static bool Schedulable(JsonObject spec, Node node, IReadOnlyDictionary<string, string> labels)
    {
        if (Json.Str(spec["nodeName"]) is { } nodeName && nodeName != node.Name) return false;
        if (Json.Map(spec["nodeSelector"]).Any(s => !labels.TryGetValue(s.Key, out var v) || v != s.Value)) return false;
        var terms = Json.Items(spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]).ToList();
        // Terms are ORed, expressions inside a term ANDed (an empty term matches nothing).
        if (terms.Count > 0 && !terms.Any(t => TermMatches(t.Item, node, labels))) return false;
        var tolerations = Json.Items(spec["tolerations"]).Select(t => t.Item).ToList();
        return NodeScheduling.Taints(node).Where(t => t.Effect is "NoSchedule" or "NoExecute").All(taint => tolerations.Any(t => Tolerates(t, taint)));
    }

    private static bool TermMatches(JsonObject term, Node node, IReadOnlyDictionary<string, string> labels)
    {
        var expressions = Json.Items(term["matchExpressions"]).Select(e => e.Item).ToList();
        var fields = Json.Items(term["matchFields"]).Select(e => e.Item).ToList();
        if (expressions.Count == 0 && fields.Count == 0) return false;
        return expressions.All(e => Matches(e, labels)) && fields.All(e => Matches(e, new Dictionary<string, string> { ["metadata.name"] = node.Name }));
    }

    private static bool Matches(JsonObject requirement, IReadOnlyDictionary<string, string> labels)
    {
        var key = Json.Str(requirement["key"]) ?? "";
        var values = Json.Arr(requirement["values"]).Select(Json.Str).Where(v => v is not null).ToList();
        var has = labels.TryGetValue(key, out var value);
        return Json.Str(requirement["operator"]) switch
        {
            "In" => has && values.Contains(value),
            "NotIn" => !has || !values.Contains(value),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && long.TryParse(value, out var a) && values.Count == 1 && long.TryParse(values[0], out var b) && a > b,
            "Lt" => has && long.TryParse(value, out var c) && values.Count == 1 && long.TryParse(values[0], out var d) && c < d,
            _ => false,
        };
    }

    /// <summary>
    /// Whether a toleration matches a taint, as the scheduler decides it (kubernetes/kubernetes
    /// staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go ToleratesTaint): a missing value is the empty value.
    /// </summary>
    internal static bool Tolerates(JsonObject toleration, (string Key, string? Value, string Effect) taint)
    {
        var key = Json.Str(toleration["key"]) ?? "";
        var op = Json.Str(toleration["operator"]) ?? "Equal";
        var effect = Json.Str(toleration["effect"]) ?? "";
        if (effect.Length > 0 && effect != taint.Effect) return false;
        if (key.Length == 0) return op == "Exists";
        return key == taint.Key && (op == "Exists" || (Json.Str(toleration["value"]) ?? "") == (taint.Value ?? ""));
    }

    /// <summary>The tree folder a Flux Kustomization applies: its spec.path with the Git folder of the tree stripped.</summary>
    private static string Folder(ClusterDefinition cluster, RenderedObject kustomization)
    {
        var path = (Json.Str(kustomization.Body["spec"]?["path"]) ?? "").Trim();
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
        path = path.TrimEnd('/');
        var root = cluster.Git.Path.Trim('/');
        if (path == root || path is "" or ".") return "";
        return path.StartsWith(root + "/", StringComparison.Ordinal) ? path[(root.Length + 1)..] : path;
    }

    private static IEnumerable<PodTemplate> Templates(RenderedObject o)
    {
        (string Path, JsonNode? Template)? found = (o.Group, o.Kind) switch
        {
            ("apps", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") or ("batch", "Job") => ("spec.template", o.Body["spec"]?["template"]),
            ("batch", "CronJob") => ("spec.jobTemplate.spec.template", o.Body["spec"]?["jobTemplate"]?["spec"]?["template"]),
            ("", "Pod") => ("", o.Body),
            _ => null,
        };
        if (found is not { Template: JsonObject template } f) yield break;
        if (template["spec"] is not JsonObject spec) yield break;
        var path = f.Path.Length == 0 ? "spec" : f.Path + ".spec";
        yield return new PodTemplate(o, path, spec, Json.Map(template["metadata"]?["labels"]));
    }
}
