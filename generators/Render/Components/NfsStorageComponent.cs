using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// NFS exports as static PersistentVolumes: one per (namespace, export), bound by the claim its app renders.
/// Static volumes need no provisioner, mount exactly the existing directories on the server, and keep data on
/// a rebuild because every name and path is fixed.
/// The claim names its volume (volumeName); the volume carries no claimRef. The PV controller writes claimRef.uid when
/// it binds, and claimRef is an atomic struct, so Flux's next server-side apply of a claimRef without the uid replaces
/// it and the claim goes Lost (fluxcd/flux2 issues 2250, 2456, 2827; the maintainers' workaround is this one). No other
/// claim can take the volume while it is still Available because each volume has a storage class of its own that
/// only its claim asks for (the binder matches the class exactly: kubernetes/kubernetes
/// pkg/controller/volume/persistentvolume/pv_controller.go checkVolumeSatisfyClaim).
/// </summary>
public static class NfsStorageComponent
{
    public static IEnumerable<ManifestFile> Build(NfsStorage storage, RenderContext context)
    {
        var volumes = context.NfsClaims
            .Select(claim => Volume(storage, context, claim.Namespace, claim.Export))
            .ToList();
        if (volumes.Count == 0) yield break;
        yield return new ManifestFile($"{RenderedLayout.Configs}/nfs-volumes.yaml", "ClusterDefinition.Nfs", volumes);
    }

    /// <summary>Every (namespace, export) some service of the catalog mounts, in a stable order (once per render: <see cref="RenderContext.NfsClaims"/>).</summary>
    public static IEnumerable<(string Namespace, NfsExport Export)> Claims(ClusterServices services, NfsServer nfs) =>
        ServiceCatalog.All(services)
            .OfType<IUsesNfs>()
            .SelectMany(service => service.NfsVolumes.Select(volume => (service.Namespace, Export: FindExport(nfs, volume.Export))))
            .Distinct()
            .OrderBy(c => c.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Export.Name, StringComparer.Ordinal);

    public static string VolumeName(string ns, NfsExport export) => $"nfs-{ns}-{export.Name}";

    public static string ClaimName(NfsExport export) => $"nfs-{export.Name}";

    /// <summary>The volume's own storage class (no StorageClass object: nothing provisions it), which only its claim names.</summary>
    public static string VolumeClass(NfsStorage storage, string ns, NfsExport export) => $"{storage.StorageClassName}-{ns}-{export.Name}";

    /// <summary>The claim an app renders in its own namespace, bound by name to its static volume.</summary>
    public static V1PersistentVolumeClaim Claim(RenderContext context, string ns, string exportName)
    {
        var export = FindExport(context.Nfs, exportName);
        // Holds the app's data binding: Flux never deletes it (kustomize.toolkit.fluxcd.io/prune: disabled).
        return FluxSync.NeverPruned(new V1PersistentVolumeClaim
        {
            ApiVersion = ApiOf<V1PersistentVolumeClaim>.Version, Kind = ApiOf<V1PersistentVolumeClaim>.Kind, Metadata = Meta.Of(ClaimName(export), ns),
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteMany"],
                StorageClassName = VolumeClass(context.Storage, ns, export),
                VolumeName = VolumeName(ns, export),
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(export.Capacity) } },
            },
        });
    }

    /// <summary>The pod volume for an export, backed by the claim <see cref="Claim"/> renders; one per export, however many mounts.</summary>
    public static V1Volume PodVolume(RenderContext context, string exportName)
    {
        var claim = ClaimName(FindExport(context.Nfs, exportName));
        return new V1Volume { Name = claim, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } };
    }

    /// <summary>Mounts a folder of an export: the model's sub-path, optionally one folder deeper.</summary>
    public static V1VolumeMount Mount(RenderContext context, NfsVolume volume, string mountPath, string? below = null)
    {
        var subPath = string.Join("/", new[] { volume.SubPath, below }.Where(p => !string.IsNullOrEmpty(p)));
        return new V1VolumeMount
        {
            Name = ClaimName(FindExport(context.Nfs, volume.Export)),
            MountPath = mountPath,
            SubPath = subPath.Length == 0 ? null : subPath,
        };
    }

    private static V1PersistentVolume Volume(NfsStorage storage, RenderContext context, string ns, NfsExport export) => FluxSync.NeverPruned(new V1PersistentVolume
    {
        ApiVersion = ApiOf<V1PersistentVolume>.Version, Kind = ApiOf<V1PersistentVolume>.Kind, Metadata = Meta.Of(VolumeName(ns, export)),
        Spec = new V1PersistentVolumeSpec
        {
            AccessModes = ["ReadWriteMany"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(export.Capacity) },
            MountOptions = storage.MountOptions.ToList(),
            Nfs = new V1NFSVolumeSource { Server = context.Nfs.Address, Path = export.Path },
            PersistentVolumeReclaimPolicy = "Retain",
            // A class only this volume's claim asks for: no claimRef (see the class summary), still no stray claim.
            StorageClassName = VolumeClass(storage, ns, export),
            VolumeMode = "Filesystem",
            // The server exports it to the control plane alone, so a pod using it must run there (the scheduler honours this).
            NodeAffinity = export.Clients == NfsClients.ControlPlane
                ? new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm
                            {
                                MatchExpressions = [new V1NodeSelectorRequirement { Key = NodeScheduling.HostnameLabel, OperatorProperty = "In", Values = [context.ControlPlane.Name] }],
                            },
                        ],
                    },
                }
                : null,
        },
    });

    private static NfsExport FindExport(NfsServer nfs, string name) =>
        nfs.Exports.FirstOrDefault(e => e.Name == name)
        ?? throw new ClusterInputException($"NFS export \"{name}\" is not defined in Nfs.Exports");
}
