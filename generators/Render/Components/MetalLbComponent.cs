using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;
using PiCluster.Cluster.Validation;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// MetalLB in L2 mode: the chart (FRR off, native speaker) in controllers, the address pools in configs.
/// Addresses the model fixes for Services go in a pool that never auto-assigns, so no other Service takes them.
/// </summary>
public static class MetalLbComponent
{
    public const string Release = "metallb";

    public static IEnumerable<ManifestFile> Build(MetalLb metallb, RenderContext context)
    {
        yield return new ManifestFile($"{RenderedLayout.Controllers}/metallb.yaml", "ClusterServices.MetalLb", [
            Meta.PrivilegedNamespace(metallb.Namespace),
            HelmSource.Repository(Release, metallb.Namespace, metallb.Chart),
            HelmSource.Release(Release, metallb.Namespace, metallb.Chart, new MetalLbValues(
                new MetalLbFrrK8s(Enabled: false),
                new MetalLbSpeaker(new MetalLbFrr(Enabled: false)))),
        ]);

        var (reserved, dynamic) = SplitPool(context);
        var pools = new List<object>();
        var names = new List<string>();
        if (dynamic.Count > 0)
        {
            pools.Add(new IpAddressPool(Meta.Of(metallb.PoolName, metallb.Namespace), new IpAddressPoolSpec(dynamic, AutoAssign: true)));
            names.Add(metallb.PoolName);
        }
        if (reserved.Count > 0)
        {
            var name = metallb.PoolName + "-reserved";
            pools.Add(new IpAddressPool(Meta.Of(name, metallb.Namespace), new IpAddressPoolSpec(reserved, AutoAssign: false)));
            names.Add(name);
        }
        pools.Add(new L2Advertisement(Meta.Of(metallb.PoolName, metallb.Namespace), new L2AdvertisementSpec(names, Interfaces: ["eth0"])));
        yield return new ManifestFile($"{RenderedLayout.Configs}/metallb-pools.yaml", "Network.LoadBalancerPool", pools);
    }

    /// <summary>
    /// Splits the model's pool into the addresses Services ask for by name (/32 each, never auto-assigned) and the
    /// ranges left for any Service, minus addresses that hosts already use (pi5 at .230 sits inside .200-.250).
    /// </summary>
    public static (IReadOnlyList<string> Reserved, IReadOnlyList<string> Dynamic) SplitPool(RenderContext context)
    {
        var pool = context.Network.LoadBalancerPool;
        Ipv4.TryParse(pool.First, out var first);
        Ipv4.TryParse(pool.Last, out var last);
        var facts = context.Facts;
        List<uint> InPool(FactKind kind) => facts
            .Where(f => f.Kind == kind)
            .Select(f => Ipv4.TryParse(f.Value, out var a) ? a : 0u)
            .Where(a => a >= first && a <= last)
            .Distinct()
            .Order()
            .ToList();
        var fixedAddresses = InPool(FactKind.LoadBalancerAddress);
        var taken = fixedAddresses.Concat(InPool(FactKind.HostAddress)).Distinct().Order().ToList();
        var dynamic = new List<string>();
        var start = first;
        foreach (var address in taken.Append(last + 1))
        {
            if (address > start) dynamic.Add(Range(start, address - 1));
            start = address + 1;
        }
        return (fixedAddresses.Select(a => Ipv4.Format(a) + "/32").ToList(), dynamic);
    }

    private static string Range(uint from, uint to) => from == to ? Ipv4.Format(from) + "/32" : $"{Ipv4.Format(from)}-{Ipv4.Format(to)}";
}

// Chart values: only the keys PiCluster sets, named as in the metallb chart's values.yaml.
public sealed record MetalLbValues(MetalLbFrrK8s Frrk8s, MetalLbSpeaker Speaker);

public sealed record MetalLbFrrK8s(bool Enabled);

public sealed record MetalLbSpeaker(MetalLbFrr Frr);

public sealed record MetalLbFrr(bool Enabled);
