using k8s.Models;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1005: a claim pinned to a volume by volumeName binds only if the volume is not reserved for another claim, is at
/// least as large, offers every access mode the claim asks for and has the same storage class (a claim without one asks
/// for the default StorageClass, or for "" when there is none); otherwise it stays Pending. And a volume Flux applies must
/// not carry a claimRef: the PV controller writes claimRef.uid when it binds, claimRef is an atomic struct, so Flux's next
/// server-side apply replaces it without the uid and the claim goes Lost (fluxcd/flux2 issues 2250, 2456, 2827) — unless
/// the volume is marked kustomize.toolkit.fluxcd.io/ssa: IfNotPresent, which fluxcd/pkg ssa (manager_apply.go
/// shouldSkipApply) never applies again once it exists.
/// </summary>
internal static class VolumeBindingRule
{
    public const string SsaAnnotation = "kustomize.toolkit.fluxcd.io/ssa";
    public const string SsaIfNotPresent = "IfNotPresent";

    /// <summary>The DefaultStorageClass admission plugin gives a claim without a class the class marked so.</summary>
    private static readonly string[] DefaultClassAnnotations = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var volumes = c.Tree.OfKind("PersistentVolume").Where(v => v.Group == "").GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var claims = c.Tree.OfKind("PersistentVolumeClaim").Where(v => v.Group == "").ToList();
        var defaultClass = c.Tree.OfKind("StorageClass").Where(s => s.Group == "storage.k8s.io")
            .Where(s => DefaultClassAnnotations.Any(a => Json.Str(s.Body["metadata"]?["annotations"]?[a]) == "true"))
            .Select(s => s.Name).Order(StringComparer.Ordinal).FirstOrDefault();
        foreach (var claim in claims)
        {
            var spec = claim.Body["spec"];
            if (Json.Str(spec?["volumeName"]) is not { Length: > 0 } volumeName) continue;
            if (!volumes.TryGetValue(volumeName, out var volume))
            {
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.volumeName", $"binds to PersistentVolume {volumeName}, which is not in the tree; the claim stays Pending. Fix: render the volume or correct the name.");
                continue;
            }
            var pv = volume.Body["spec"];
            var refNs = Json.Str(pv?["claimRef"]?["namespace"]);
            var refName = Json.Str(pv?["claimRef"]?["name"]);
            if (refName is not null && (refName != claim.Name || (refNs ?? "") != claim.Namespace))
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.volumeName",
                    $"binds to PersistentVolume {volumeName}, whose claimRef reserves it for {refNs}/{refName}; the claim stays Pending. Fix: bind by the claim's volumeName alone and drop the volume's claimRef (give the volume a storage class only this claim asks for, so no other claim takes it).");
            var wanted = Json.Str(spec?["resources"]?["requests"]?["storage"]);
            var offered = Json.Str(pv?["capacity"]?["storage"]);
            if (Bytes(wanted) is { } w && Bytes(offered) is { } o && w > o)
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.resources.requests.storage",
                    $"asks for {wanted}, but PersistentVolume {volumeName} offers {offered}. Fix: request at most the volume's capacity.");
            var modes = Json.Arr(pv?["accessModes"]).Select(Json.Str).ToHashSet();
            foreach (var mode in Json.Arr(spec?["accessModes"]).Select(Json.Str).Where(m => m is not null && !modes.Contains(m)))
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.accessModes",
                    $"asks for {mode}, which PersistentVolume {volumeName} does not offer ({string.Join(", ", modes)}).");
            var volumeClass = Json.Str(pv?["storageClassName"]) ?? "";
            if (Json.Str(spec?["storageClassName"]) is { } claimClass)
            {
                if (claimClass != volumeClass)
                    yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.storageClassName",
                        $"is \"{claimClass}\", but PersistentVolume {volumeName} has \"{volumeClass}\"; they never bind. Fix: give the claim the volume's class.");
            }
            else if ((defaultClass ?? "") != volumeClass)
            {
                // kubernetes/kubernetes plugin/pkg/admission/storage/storageclass/setdefault: only a default class is filled in.
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.storageClassName",
                    (defaultClass is null
                        ? "is not set and the tree marks no StorageClass as default, so the claim asks for class \"\""
                        : $"is not set, so the claim gets the default StorageClass \"{defaultClass}\"")
                    + $", but PersistentVolume {volumeName} has \"{volumeClass}\"; the claim stays Pending. Fix: set storageClassName: \"{volumeClass}\" on the claim.");
            }
        }

        foreach (var volume in volumes.Values)
        {
            var refName = Json.Str(volume.Body["spec"]?["claimRef"]?["name"]);
            var refNs = Json.Str(volume.Body["spec"]?["claimRef"]?["namespace"]);
            var claim = claims.FirstOrDefault(c => c.Name == refName && c.Namespace == refNs);
            if (claim is not null && Json.Str(claim.Body["spec"]?["volumeName"]) is { Length: > 0 } other && other != volume.Name)
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, volume, "spec.claimRef",
                    $"reserves the volume for {refNs}/{refName}, which binds to PersistentVolume {other} instead. Fix: bind by the claim's volumeName alone and drop the volume's claimRef.");
            if (volume.Body["spec"]?["claimRef"] is not null
                && c.LayerOf(volume.File) is { } layer
                && Json.Str(volume.Body["metadata"]?["annotations"]?[SsaAnnotation]) != SsaIfNotPresent)
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, volume, "spec.claimRef",
                    $"is applied by Flux (Kustomization {layer.Namespace}/{layer.Name}) with a claimRef: the PV controller writes claimRef.uid when it binds, Flux's next server-side apply replaces the whole claimRef without it, " +
                    "and the claim goes Lost (\"Bound claim has lost its PersistentVolume\"; fluxcd/flux2#2250). " +
                    $"Fix: drop claimRef and bind by the claim's volumeName, with a storage class only that claim asks for; or annotate the volume {SsaAnnotation}: {SsaIfNotPresent} (Flux then never updates it).");
        }
    }

    private static decimal? Bytes(string? quantity)
    {
        if (quantity is null) return null;
        try
        {
            return new ResourceQuantity(quantity).ToDecimal();
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
