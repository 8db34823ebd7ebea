using PiCluster.Bootstrap.Card;

namespace PiCluster.UnitTests.Card;

public sealed class CardSettingsTests
{
    [Fact]
    public void Valid_combinations_pass()
    {
        Assert.True(new CardSettings { Node = "pi1", Device = "/dev/sdb", Yes = true }.Validate().Successful);
        Assert.True(new CardSettings { Node = "pi1", Image = "pi1.img", Size = "2G", BootSize = "64M" }.Validate().Successful);
        Assert.True(new CardSettings { All = true, ImageDir = "images" }.Validate().Successful);
    }

    [Theory]
    [InlineData(null, false, null, null, null, null)]               // neither --node nor --all
    [InlineData("pi1", true, null, "x.img", null, null)]            // both
    [InlineData("pi1", false, null, null, null, null)]              // no target
    [InlineData("pi1", false, "/dev/sdb", "x.img", null, null)]     // two targets
    [InlineData(null, true, null, null, null, null)]                // --all without --image-dir
    [InlineData("pi1", false, "/dev/sdb", null, null, "64M")]       // boot size on a device
    [InlineData("pi1", false, null, "x.img", "2 apples", null)]     // bad size
    public void Invalid_combinations_fail(string? node, bool all, string? device, string? image, string? size, string? bootSize)
    {
        var settings = new CardSettings { Node = node, All = all, Device = device, Image = image, Size = size, BootSize = bootSize };
        Assert.False(settings.Validate().Successful);
    }

    [Theory]
    [InlineData("2G", 2L * 1024 * 1024 * 1024)]
    [InlineData("64M", 64L * 1024 * 1024)]
    [InlineData("1GiB", 1024L * 1024 * 1024)]
    [InlineData("4096", 4096L)]
    public void Sizes_parse_with_binary_units(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Fact]
    public void Too_small_image_is_refused()
    {
        var e = Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => CardLayout.For(1 * ByteSize.GiB, ByteSize.GiB));
        Assert.Contains("too small", e.Message);
    }
}
