using System.Reflection;
using k8s;
using k8s.Models;

namespace PiCluster.Render.Components;

/// <summary>
/// apiVersion and kind of a KubernetesClient model, read once from its [KubernetesEntity] attribute: builders name the
/// type, never a hand-typed pair that could disagree with it.
/// </summary>
public static class ApiOf<T> where T : IKubernetesObject
{
    private static readonly KubernetesEntityAttribute Entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity]");

    /// <summary>The API group ("" for the core group, e.g. "apps").</summary>
    public static readonly string Group = Entity.Group ?? "";

    /// <summary>group/version, or the version alone for the core group ("apps/v1", "v1").</summary>
    public static readonly string Version = Group.Length == 0 ? Entity.ApiVersion : $"{Group}/{Entity.ApiVersion}";

    public static readonly string Kind = Entity.Kind;
}
