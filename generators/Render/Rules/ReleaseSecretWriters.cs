using System.Text.Json.Nodes;

namespace PiCluster.Render.Rules;

/// <summary>
/// Whether a HelmRelease's own objects can create Secrets in a namespace at run time, and how: a helm hook Job or Pod there
/// (certificate generators such as kube-prometheus-stack's admission Job), or one of its ServiceAccounts bound (by any
/// RoleBinding or ClusterRoleBinding of the tree or the charts) to a Role or ClusterRole that grants create on secrets in
/// that namespace (metallb's controller and its memberlist Secret). Read with --charts, when the release's objects are known.
/// </summary>
internal sealed class ReleaseSecretWriters
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    // Kubernetes' default ClusterRoles that grant create on secrets (kubernetes/kubernetes
    // plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: cluster-admin "*", admin and edit aggregate secrets create).
    private static readonly HashSet<string> BuiltInSecretWriters = new(StringComparer.Ordinal) { "cluster-admin", "admin", "edit" };

    private readonly RenderedTree tree;
    private readonly Dictionary<(RenderedObject Release, string Namespace), string?> answers = [];

    public ReleaseSecretWriters(RenderedTree tree) => this.tree = tree;

    /// <summary>How <paramref name="release"/> can create Secrets in <paramref name="ns"/> ("hook Job ns/name", "ServiceAccount ns/name via Role ns/name"), or null.</summary>
    public string? HowCanCreate(RenderedObject release, string ns)
    {
        if (!answers.TryGetValue((release, ns), out var how)) answers[(release, ns)] = how = Find(release, ns);
        return how;
    }

    private string? Find(RenderedObject release, string ns)
    {
        var own = tree.Objects.Where(o => o.Chart?.Release == release).ToList();
        if (own.FirstOrDefault(o => o.Namespace == ns && IsHook(o) && o.Kind is "Job" or "Pod") is { } hook) return $"hook {hook.Kind} {hook.Display[(hook.Kind.Length + 1)..]}";

        var accounts = own.Where(o => o.Group == "" && o.Kind == "ServiceAccount").Select(o => (o.Namespace, o.Name))
            .Concat(own.SelectMany(PodSpecs).Select(p => (p.Namespace, Json.Str(p.Spec["serviceAccountName"]) ?? Json.Str(p.Spec["serviceAccount"]) ?? "default")))
            .ToHashSet();
        foreach (var binding in tree.Objects.Where(o => o.Group == RbacGroup && o.Kind is "RoleBinding" or "ClusterRoleBinding"))
        {
            var clusterWide = binding.Kind == "ClusterRoleBinding";
            // A RoleBinding grants only in its own namespace; a ClusterRoleBinding everywhere.
            if (!clusterWide && binding.Namespace != ns) continue;
            var subject = Json.Items(binding.Body["subjects"]).Select(s => s.Item)
                .Where(s => Json.Str(s["kind"]) == "ServiceAccount")
                .Select(s => (Namespace: Json.Str(s["namespace"]) ?? binding.Namespace, Name: Json.Str(s["name"]) ?? ""))
                .FirstOrDefault(accounts.Contains);
            if (subject == default) continue;
            var roleKind = Json.Str(binding.Body["roleRef"]?["kind"]);
            var roleName = Json.Str(binding.Body["roleRef"]?["name"]) ?? "";
            var grants = roleKind == "ClusterRole"
                ? BuiltInSecretWriters.Contains(roleName) || tree.Objects.Any(r => r.Group == RbacGroup && r.Kind == "ClusterRole" && r.Name == roleName && GrantsCreateSecrets(r))
                : roleKind == "Role" && !clusterWide && tree.Objects.Any(r => r.Group == RbacGroup && r.Kind == "Role" && r.Namespace == binding.Namespace && r.Name == roleName && GrantsCreateSecrets(r));
            if (grants) return $"ServiceAccount {subject.Namespace}/{subject.Name} via {binding.Kind} {binding.Display[(binding.Kind.Length + 1)..]} ({roleKind} {roleName})";
        }
        return null;
    }

    private static bool IsHook(RenderedObject o) => Json.Str(o.Body["metadata"]?["annotations"]?["helm.sh/hook"]) is { Length: > 0 };

    private static IEnumerable<(string Namespace, JsonObject Spec)> PodSpecs(RenderedObject o)
    {
        var template = o.Kind == "Pod" ? o.Body : o.Kind == "CronJob" ? o.Body["spec"]?["jobTemplate"]?["spec"]?["template"] : o.Body["spec"]?["template"];
        if (o.Kind is "Pod" or "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" or "CronJob" && template?["spec"] is JsonObject spec)
            yield return (o.Namespace, spec);
    }

    /// <summary>
    /// A rule allowing create on core secrets. A rule with resourceNames does not: a create request carries no name to
    /// match (kubernetes.io docs, "Referring to resources": create cannot be restricted by resourceName).
    /// </summary>
    private static bool GrantsCreateSecrets(RenderedObject role) =>
        Json.Items(role.Body["rules"]).Select(r => r.Item).Any(rule =>
            Has(rule["apiGroups"], "") && Has(rule["resources"], "secrets") && Has(rule["verbs"], "create")
            && Json.Arr(rule["resourceNames"]).Count == 0);

    private static bool Has(JsonNode? list, string value) => Json.Arr(list).Select(Json.Str).Any(v => v == value || v == "*");
}
