using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Apps;

/// <summary>Issue 11 item 14: the model holds tag and digest; a malformed digest is refused with the image named.</summary>
public class ImageReferenceTests
{
    [Fact]
    public void Tag_and_digest_render_together_and_a_bare_tag_stays_a_tag()
    {
        Assert.Equal("busybox:1.37.0", new Image("busybox", "1.37.0").ToString());
        Assert.Equal("traefik:v3.7.11@sha256:" + new string('a', 64), new Image("traefik", "v3.7.11", "sha256:" + new string('a', 64)).ToString());
    }

    [Theory]
    [InlineData("sha256:ABC")]
    [InlineData("sha512:" + "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:" + "A000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_digest_is_refused_naming_the_image(string digest)
    {
        var error = Assert.Throws<ArgumentException>(() => new Image("traefik", "v3.7.11", digest).ToString());
        Assert.Contains("traefik:v3.7.11", error.Message);
        Assert.Contains(digest, error.Message);
    }
}
