using PiCluster.Cluster.Model;
using PiCluster.Render;

namespace PiCluster.TestSupport;

/// <summary>The typed objects a component builds, looked up by kind and name.</summary>
public static class AppObjects
{
    public static List<object> Of(Func<ClusterDefinition, IEnumerable<ManifestFile>> build, ClusterDefinition cluster) =>
        build(cluster).SelectMany(f => f.Documents).ToList();

    public static T Single<T>(this IEnumerable<object> documents, Func<T, bool>? where = null) =>
        Assert.Single(documents.OfType<T>(), d => where is null || where(d));
}
