using System.Text.Json.Nodes;

namespace PiCluster.Render.Diff;

/// <summary>
/// A changed field the API server refuses to update on an existing object: Flux's server-side apply (and the dry run
/// kustomize-controller makes first) fails, which stops the whole layer, until the object is deleted and re-created.
/// </summary>
/// <param name="Path">The changed field when one scalar changed (spec.storageClassName), else the immutable field (spec.template).</param>
/// <param name="Old">The old value when one scalar changed (else absent, like <paramref name="New"/>).</param>
public sealed record RecreateNeeded(ObjectId Object, string Path, FieldValue Old, FieldValue New);

/// <summary>
/// Which changes Kubernetes refuses on update, read from its validation (kubernetes/kubernetes):
/// <list type="bullet">
/// <item>PersistentVolumeClaim — pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate: "spec is
/// immutable after creation except resources.requests and volumeAttributesClassName for bound claims"; volumeName may be
/// set once, storageClassName set from nil (validateStorageClassUpgradeFromNil).</item>
/// <item>PersistentVolume — ValidatePersistentVolumeUpdate: the volume source ("spec.persistentvolumesource is immutable
/// after creation"), volumeMode, and nodeAffinity once set.</item>
/// <item>Service — ValidateServiceUpdate / validateUpgradeDowngradeClusterIPs: clusterIP and clusterIPs "may not change
/// once set", unless the Service is or becomes ExternalName.</item>
/// <item>Deployment, ReplicaSet, DaemonSet (apps/v1) — pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go
/// ValidateUpdate: ValidateImmutableField on spec.selector.</item>
/// <item>StatefulSet — pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate: "updates to statefulset spec for
/// fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',
/// 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" (so volumeClaimTemplates, serviceName,
/// selector, podManagementPolicy).</item>
/// <item>Job — pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate: selector, template (validatePodTemplateUpdate;
/// only a suspended Job's scheduling directives may change), completions (but an Indexed Job's, with parallelism),
/// completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy, successPolicy. A CronJob's jobTemplate is mutable.</item>
/// <item>RoleBinding, ClusterRoleBinding — pkg/apis/rbac/validation ValidateRoleBindingUpdate: "cannot change roleRef".</item>
/// </list>
/// Judged from the two rendered trees only: the live object is not read, so a claim whose requests grow is not judged
/// (shrinking is refused too, and growing needs an expandable class).
/// </summary>
public static class ImmutableFields
{
    private static readonly HashSet<string> VolumeSources = new(StringComparer.Ordinal)
    {
        "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "fc", "flexVolume", "flocker",
        "gcePersistentDisk", "glusterfs", "hostPath", "iscsi", "local", "nfs", "photonPersistentDisk", "portworxVolume",
        "quobyte", "rbd", "scaleIO", "storageos", "vsphereVolume",
    };

    private static readonly HashSet<string> StatefulSetMutable = new(StringComparer.Ordinal)
    {
        "replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
    };

    private static readonly HashSet<string> JobImmutable = new(StringComparer.Ordinal)
    {
        "selector", "template", "completions", "completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy",
    };

    public static IReadOnlyList<RecreateNeeded> Find(IEnumerable<ObjectDiff> diffs)
    {
        var found = new List<RecreateNeeded>();
        foreach (var diff in diffs.Where(d => d.Kind == ChangeKind.Changed))
        {
            var byPath = new Dictionary<string, List<DiffLines.Leaf>>(StringComparer.Ordinal);
            foreach (var change in diff.Fields)
            foreach (var leaf in DiffLines.Leaves(change))
            {
                var names = leaf.Segments.TakeWhile(s => s is PathSegment.Property).Cast<PathSegment.Property>().Select(p => p.Name).ToList();
                if (ImmutablePath(diff, names, leaf) is not { } path) continue;
                if (!byPath.TryGetValue(path, out var leaves)) byPath[path] = leaves = [];
                leaves.Add(leaf);
            }
            foreach (var (path, leaves) in byPath.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                // One scalar changed: name it with its values; many (a Job's whole template) are the field, without values.
                var one = leaves.Count == 1 && leaves[0].IsScalar && !leaves[0].Change.Reordered ? leaves[0] : null;
                found.Add(one is null
                    ? new RecreateNeeded(diff.Id, path, FieldValue.Absent, FieldValue.Absent)
                    : new RecreateNeeded(diff.Id, FieldPath.Format(one.Segments), one.Old, one.New));
            }
        }
        return found;
    }

    /// <summary>The immutable field a changed leaf belongs to, or null when the API server accepts the change.</summary>
    private static string? ImmutablePath(ObjectDiff diff, IReadOnlyList<string> names, DiffLines.Leaf leaf)
    {
        var id = diff.Id;
        if (id.Group == "rbac.authorization.k8s.io" && id.Kind is "RoleBinding" or "ClusterRoleBinding")
            return names.Count > 0 && names[0] == "roleRef" ? "roleRef" : null;
        if (names.Count < 2 || names[0] != "spec") return null;
        var field = names[1];
        return (id.Group, id.Kind) switch
        {
            ("", "PersistentVolumeClaim") => field switch
            {
                "resources" when names.Count > 2 && names[2] == "requests" => null,
                "volumeAttributesClassName" => null,
                // volumeName may be set once; a class may be set on a claim that has none (unless it got the default class
                // at creation, which the trees cannot show).
                "volumeName" or "storageClassName" when !leaf.Old.Present => null,
                _ => "spec." + field,
            },
            ("", "PersistentVolume") => VolumeSources.Contains(field) || field == "volumeMode"
                                        || field == "nodeAffinity" && diff.OldBody?["spec"]?["nodeAffinity"] is not null
                ? "spec." + field
                : null,
            ("", "Service") => field is "clusterIP" or "clusterIPs" && !IsExternalName(diff.OldBody) && !IsExternalName(diff.NewBody) ? "spec." + field : null,
            ("apps", "Deployment" or "ReplicaSet" or "DaemonSet") => field == "selector" ? "spec.selector" : null,
            ("apps", "StatefulSet") => StatefulSetMutable.Contains(field) ? null : "spec." + field,
            ("batch", "Job") => JobImmutable.Contains(field) ? "spec." + field : null,
            _ => null,
        };
    }

    private static bool IsExternalName(JsonObject? service) => ObjectId.Text(service?["spec"]?["type"]) == "ExternalName";
}
