using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// NFS exports as static PersistentVolumes: one per (namespace, export), pre-bound to the claim its app renders.
/// Static volumes need no provisioner, mount exactly the existing directories on the server, and keep data on
/// a rebuild because every name and path is fixed.
/// </summary>
public static class NfsStorageComponent
{
    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster)
    {
        var volumes = Claims(cluster)
            .Select(claim => Volume(cluster, claim.Namespace, claim.Export))
            .ToList();
        if (volumes.Count == 0) yield break;
        yield return new ManifestFile($"{RenderedLayout.Configs}/nfs-volumes.yaml", "ClusterDefinition.Nfs", volumes);
    }

    /// <summary>Every (namespace, export) some service mounts, in a stable order.</summary>
    public static IEnumerable<(string Namespace, NfsExport Export)> Claims(ClusterDefinition cluster) =>
        ServiceCatalog.All(cluster.Services)
            .OfType<IUsesNfs>()
            .SelectMany(service => service.NfsVolumes.Select(volume => (service.Namespace, Export: FindExport(cluster, volume.Export))))
            .Distinct()
            .OrderBy(c => c.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Export.Name, StringComparer.Ordinal);

    public static string VolumeName(string ns, NfsExport export) => $"nfs-{ns}-{export.Name}";

    public static string ClaimName(NfsExport export) => $"nfs-{export.Name}";

    /// <summary>The claim an app renders in its own namespace, bound by name to its static volume.</summary>
    public static V1PersistentVolumeClaim Claim(ClusterDefinition cluster, string ns, string exportName)
    {
        var export = FindExport(cluster, exportName);
        return new V1PersistentVolumeClaim
        {
            ApiVersion = "v1", Kind = "PersistentVolumeClaim", Metadata = Meta.Of(ClaimName(export), ns),
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteMany"],
                StorageClassName = cluster.Services.Storage.StorageClassName,
                VolumeName = VolumeName(ns, export),
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(export.Capacity) } },
            },
        };
    }

    /// <summary>The pod volume for an export, backed by the claim <see cref="Claim"/> renders; one per export, however many mounts.</summary>
    public static V1Volume PodVolume(ClusterDefinition cluster, string exportName)
    {
        var claim = ClaimName(FindExport(cluster, exportName));
        return new V1Volume { Name = claim, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } };
    }

    /// <summary>Mounts a folder of an export: the model's sub-path, optionally one folder deeper.</summary>
    public static V1VolumeMount Mount(ClusterDefinition cluster, NfsVolume volume, string mountPath, string? below = null)
    {
        var subPath = string.Join("/", new[] { volume.SubPath, below }.Where(p => !string.IsNullOrEmpty(p)));
        return new V1VolumeMount
        {
            Name = ClaimName(FindExport(cluster, volume.Export)),
            MountPath = mountPath,
            SubPath = subPath.Length == 0 ? null : subPath,
        };
    }

    private static V1PersistentVolume Volume(ClusterDefinition cluster, string ns, NfsExport export) => new()
    {
        ApiVersion = "v1", Kind = "PersistentVolume", Metadata = Meta.Of(VolumeName(ns, export)),
        Spec = new V1PersistentVolumeSpec
        {
            AccessModes = ["ReadWriteMany"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(export.Capacity) },
            // Reserved for its claim, so no other claim can bind it first.
            ClaimRef = new V1ObjectReference { ApiVersion = "v1", Kind = "PersistentVolumeClaim", NamespaceProperty = ns, Name = ClaimName(export) },
            MountOptions = cluster.Services.Storage.MountOptions.ToList(),
            Nfs = new V1NFSVolumeSource { Server = cluster.Nfs.Address, Path = export.Path },
            PersistentVolumeReclaimPolicy = "Retain",
            StorageClassName = cluster.Services.Storage.StorageClassName,
            VolumeMode = "Filesystem",
        },
    };

    private static NfsExport FindExport(ClusterDefinition cluster, string name) =>
        cluster.Nfs.Exports.FirstOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"NFS export \"{name}\" is not defined in Nfs.Exports");
}
