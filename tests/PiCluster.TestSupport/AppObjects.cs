using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Components;

namespace PiCluster.TestSupport;

/// <summary>The typed objects a component builds, looked up by kind and name.</summary>
public static class AppObjects
{
    /// <summary>What <paramref name="build"/> makes of the cluster's one <typeparamref name="TService"/> record, with the render's context.</summary>
    public static List<object> Of<TService>(Func<TService, RenderContext, IEnumerable<ManifestFile>> build, ClusterDefinition cluster) =>
        build(cluster.Services.All.Select(s => s.Service).OfType<TService>().Single(), new RenderContext(cluster)).SelectMany(f => f.Documents).ToList();

    public static T Single<T>(this IEnumerable<object> documents, Func<T, bool>? where = null) =>
        Assert.Single(documents.OfType<T>(), d => where is null || where(d));
}
