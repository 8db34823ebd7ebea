using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;

namespace PiCluster.UnitTests.Apps;

/// <summary>The model holds tag and digest; a malformed digest is rule PI0016 naming the field, and the reference never throws.</summary>
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
    public void A_malformed_digest_is_rule_PI0016_naming_the_field_and_the_value(string digest)
    {
        var home = HomeCluster.Definition;
        var broken = home with { Services = home.Services with { AdGuard = home.Services.AdGuard with { Image = home.Services.AdGuard.Image with { Digest = digest } } } };

        // Before: Image.ToString threw ArgumentException wherever a builder first printed the reference.
        Assert.Equal($"adguard/adguardhome:v0.107.79@{digest}", broken.Services.AdGuard.Image.ToString());
        var violation = Assert.Single(DefinitionValidator.Check(broken));
        Assert.Equal("PI0016", violation.RuleId);
        Assert.Contains($"Services.AdGuard.Image.Digest: \"{digest}\"", violation.Message);
        Assert.Empty(DefinitionValidator.Check(home));
    }
}
