using System.Text.RegularExpressions;
using PiCluster.Render;
using PiCluster.Render.Diff;

namespace PiCluster.UnitTests.Diff;

/// <summary>The PR-comment format stays under GitHub's comment limit whatever the change, and says what it left out.</summary>
public class MarkdownLimitTests
{
    private static readonly DiffLabels Labels = new("rendered/ at base", "this change");

    private static Dictionary<string, string> Rendered(int services) =>
        ClusterRenderer.Render(SyntheticCluster.WithServices(services)).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    [Fact]
    public void A_thousand_new_services_are_cut_to_the_limit_with_a_count_of_the_objects_left_out()
    {
        var result = ClusterDiff.Compare(Rendered(7), Rendered(1000));
        var markdown = MarkdownDiffFormat.Format(result, Labels);

        Assert.True(markdown.Length <= MarkdownDiffFormat.GitHubCommentLimit, $"{markdown.Length} characters");
        Assert.StartsWith(MarkdownDiffFormat.Marker, markdown);
        var shown = Regex.Count(markdown, "<details>");
        var left = int.Parse(Regex.Match(markdown, @"\*\*(\d+) more object\(s\) not shown\*\*").Groups[1].Value);
        Assert.True(shown > 10, $"only {shown} sections shown");
        Assert.Equal(result.Objects.Count, shown + left);
        // Every <details> that was opened is closed, so the comment renders.
        Assert.Equal(shown, Regex.Count(markdown, "</details>"));
        // The text format is never cut.
        Assert.Equal(result.Objects.Count + result.OtherFiles.Count, Regex.Matches(TextDiffFormat.Format(result, Labels), "^  [~+-] ", RegexOptions.Multiline).Count);
    }

    [Fact]
    public void One_object_larger_than_the_limit_is_shown_in_part_and_never_fails()
    {
        static string ConfigMap(string body) =>
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: n\ndata:\n" +
            string.Concat(Enumerable.Range(0, 4000).Select(i => $"  key{i:D4}: {body}-{i}\n"));
        var result = ClusterDiff.Compare(
            new Dictionary<string, string> { ["big.yaml"] = ConfigMap("before") },
            new Dictionary<string, string> { ["big.yaml"] = ConfigMap("after") });

        foreach (var limit in new[] { MarkdownDiffFormat.GitHubCommentLimit, 5_000, 800 })
        {
            var markdown = MarkdownDiffFormat.Format(result, Labels, limit);
            Assert.True(markdown.Length <= limit, $"{markdown.Length} > {limit}");
            Assert.True(markdown.Contains("more line(s) not shown", StringComparison.Ordinal) || markdown.Contains("1 more object(s) not shown", StringComparison.Ordinal), markdown);
        }
        Assert.Contains("data.key0000: before-0 → after-0", MarkdownDiffFormat.Format(result, Labels));
    }

    [Fact]
    public void Backticks_in_values_cannot_break_out_of_the_code_blocks()
    {
        var before = "apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata:\n  name: r\n  namespace: n\nspec:\n  routes:\n  - match: Host(`a.local`)\n";
        var after = before.Replace("a.local", "b.local```", StringComparison.Ordinal);
        var markdown = MarkdownDiffFormat.Format(ClusterDiff.Compare(new Dictionary<string, string> { ["r.yaml"] = before }, new Dictionary<string, string> { ["r.yaml"] = after }), Labels);
        // The value holds a run of four backticks ("b.local` + "```"), so the fences need five.
        Assert.True(markdown.Contains("\n`````text\n", StringComparison.Ordinal), markdown);
        Assert.Contains("\n`````\n", markdown);
        Assert.Contains("````` Host(`b.local````) `````", markdown);
    }
}
