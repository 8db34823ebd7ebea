using System.Text.RegularExpressions;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 14: images the model pins by digest render as tag@sha256:…; only digests verified upstream are pinned
/// (adguard/adguardhome v0.107.79 and traefik v3.7.11 from repositories pinning that exact tag@digest,
/// registry.k8s.io/etcd 3.6.9-0 from kubernetes/k8s.io's promotion manifest quoted in etcd-io/etcd's bump guide).
/// </summary>
public partial class ImageDigestTests
{
    [GeneratedRegex(@"^[a-z0-9./-]+(:[A-Za-z0-9._-]+)(@sha256:[0-9a-f]{64})?$")]
    private static partial Regex Reference();

    [Theory]
    [InlineData("adguard/adguardhome:v0.107.79@sha256:aba9e3bf0613be3ba3755e1fc311b126e2c24bec25e18b6483894a88283074f0")]
    [InlineData("traefik:v3.7.11@sha256:5203c3f39ca70de6790d964624e042463ffbd57715bc82be155cf224c0dd5144")]
    [InlineData("registry.k8s.io/etcd:3.6.9-0@sha256:38e46ab26aa2a82251d3f24cbbdaefe2e68a66346404ee4b7afe7e90db26805d")]
    // Issue 20: the shell image that runs as root with the PKI mounted (docker-library/repo-info repos/busybox/remote/1.37.0.md).
    [InlineData("busybox:1.37.0@sha256:9db7b59979c38555a39def84a31fb98b5296952f9e3afd4f6f11f05b07adfab0")]
    public void Verified_digests_are_rendered_with_their_tag(string reference)
    {
        Assert.Contains(reference, RenderedObjects.PodImages());
    }

    [Fact]
    public void Every_image_keeps_a_tag_and_a_digest_is_well_formed()
    {
        var images = RenderedObjects.PodImages().Distinct().ToList();
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.Matches(Reference(), i));
        Assert.DoesNotContain(images, i => i.Contains(":latest", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_names_every_image_it_leaves_unpinned_and_why()
    {
        // Issue 20: a tag-only image is a decision written down in the model (HomeCluster.UnpinnedImages), never an accident.
        var tagOnly = RenderedObjects.PodImages().Where(i => !i.Contains('@', StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Cluster.HomeCluster.UnpinnedImages.Keys.Order(StringComparer.Ordinal), tagOnly);
        Assert.All(Cluster.HomeCluster.UnpinnedImages.Values, why => Assert.False(string.IsNullOrWhiteSpace(why)));
        Assert.DoesNotContain(tagOnly, i => i.StartsWith("busybox", StringComparison.Ordinal));
    }
}
