using k8s.Models;

// MetalLB configuration CRDs (metallb.io/v1beta1); only the fields used.
namespace PiCluster.Render.Resources;

public sealed record IpAddressPool(V1ObjectMeta Metadata, IpAddressPoolSpec Spec)
{
    public string ApiVersion => "metallb.io/v1beta1";
    public string Kind => "IPAddressPool";
}

public sealed record IpAddressPoolSpec(IReadOnlyList<string> Addresses, bool AutoAssign = true, bool? AvoidBuggyIPs = null);

public sealed record L2Advertisement(V1ObjectMeta Metadata, L2AdvertisementSpec Spec)
{
    public string ApiVersion => "metallb.io/v1beta1";
    public string Kind => "L2Advertisement";
}

public sealed record L2AdvertisementSpec(IReadOnlyList<string> IpAddressPools, IReadOnlyList<string>? Interfaces = null);
