using YamlDotNet.RepresentationModel;
using PiCluster.Render.Rules;
using PiCluster.UnitTests.Rules;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 20 blocker: NFS claims must stay Bound under Flux. A PV rendered with claimRef loses the uid the PV controller
/// wrote on Flux's next server-side apply and its claim goes Lost (fluxcd/flux2 issues 2250, 2456, 2827), so volumes
/// carry no claimRef, claims bind by volumeName, and each volume has a class only its claim asks for.
/// </summary>
public sealed class NfsBindingTests
{
    private static IReadOnlyList<YamlMappingNode> NfsVolumes =>
        RenderedObjects.OfKind("PersistentVolume").Where(v => v.Get("spec", "nfs") is not null).ToList();

    [Fact]
    public void Nfs_volumes_carry_no_claim_ref_and_each_has_a_class_only_its_claim_names()
    {
        var volumes = NfsVolumes;
        Assert.NotEmpty(volumes);
        var claims = RenderedObjects.OfKind("PersistentVolumeClaim").ToList();
        foreach (var volume in volumes)
        {
            var name = volume.Str("metadata", "name")!;
            Assert.Null(volume.Get("spec", "claimRef"));
            var claim = Assert.Single(claims, c => c.Str("spec", "volumeName") == name);
            var volumeClass = volume.Str("spec", "storageClassName");
            Assert.Equal(volumeClass, claim.Str("spec", "storageClassName"));
            // No other claim and no other volume shares the class, so a stray claim cannot take this volume.
            Assert.Single(claims, c => c.Str("spec", "storageClassName") == volumeClass);
            Assert.Single(volumes, v => v.Str("spec", "storageClassName") == volumeClass);
        }
    }

    [Fact]
    public void A_claim_ref_put_back_on_a_flux_applied_volume_is_PI1005()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "infrastructure/configs/nfs-volumes.yaml", text => text.Replace(
            "  name: nfs-adguard-adguard\nspec:\n",
            "  name: nfs-adguard-adguard\nspec:\n  claimRef:\n    apiVersion: v1\n    kind: PersistentVolumeClaim\n    name: nfs-adguard\n    namespace: adguard\n",
            StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        var finding = Assert.Single(RenderedCopy.Findings(output, TreeRuleIds.VolumeBinding));
        Assert.StartsWith("PI1005 infrastructure/configs/nfs-volumes.yaml PersistentVolume nfs-adguard-adguard: spec.claimRef: is applied by Flux (Kustomization flux-system/infrastructure-configs)", finding);
        Assert.Contains("kustomize.toolkit.fluxcd.io/ssa: IfNotPresent", finding);

        // The maintainers' other way out: Flux never re-applies an IfNotPresent object, so the uid survives.
        RenderedCopy.Edit(tree, "infrastructure/configs/nfs-volumes.yaml", text => text.Replace(
            "    kustomize.toolkit.fluxcd.io/prune: disabled\n  name: nfs-adguard-adguard\n",
            "    kustomize.toolkit.fluxcd.io/prune: disabled\n    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\n  name: nfs-adguard-adguard\n", StringComparison.Ordinal));
        Assert.Empty(RenderedCopy.Findings(RenderedCopy.Validate(tree).Output, TreeRuleIds.VolumeBinding));
    }

    [Fact]
    public void PI1005_fix_text_no_longer_recommends_claim_ref()
    {
        var findings = ClusterRules.Check(Cluster.HomeCluster.Definition, RenderedTree.FromTexts([("c/v.yaml", """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: nfs-shop}
            spec: {accessModes: [ReadWriteMany], capacity: {storage: 5Gi}, claimRef: {namespace: shop, name: cache}, storageClassName: nfs, nfs: {server: 192.168.50.10, path: /media/nfs}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: shop}
            spec: {accessModes: [ReadWriteMany], resources: {requests: {storage: 5Gi}}, storageClassName: nfs, volumeName: nfs-shop}
            """)]));
        var finding = Assert.Single(findings, f => f.Rule == TreeRuleIds.VolumeBinding);
        Assert.DoesNotContain("Make claimRef and volumeName name each other", finding.Message);
        Assert.Contains("drop the volume's claimRef", finding.Message);
    }
}
