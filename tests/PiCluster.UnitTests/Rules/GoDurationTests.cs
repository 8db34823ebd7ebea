using PiCluster.Render.Resources;

namespace PiCluster.UnitTests.Rules;

/// <summary>Flux's timeouts are Go durations; layer timeouts are derived from them and PI1007 compares them.</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("20m0s", 1200)]
    [InlineData("1h0m0s", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("0", 0)]
    public void Parses_what_flux_accepts(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), GoDuration.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10 m")]
    [InlineData("ten minutes")]
    [InlineData("5m junk")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.Null(GoDuration.TryParse(text));

    [Theory]
    [InlineData(1200, "20m0s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(5430, "1h30m30s")]
    [InlineData(45, "45s")]
    public void Formats_like_go(int seconds, string text) => Assert.Equal(text, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
