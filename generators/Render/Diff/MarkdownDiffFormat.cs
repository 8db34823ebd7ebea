using System.Globalization;
using System.Net;
using System.Text;

namespace PiCluster.Render.Diff;

/// <summary>
/// The pull-request comment format of <c>diff</c>: counts and summary in the open, one collapsible section per object,
/// the whole kept under GitHub's comment limit by leaving out the last sections and saying how many.
/// </summary>
public static class MarkdownDiffFormat
{
    /// <summary>GitHub refuses comment bodies longer than this many characters.</summary>
    public const int GitHubCommentLimit = 65_536;

    /// <summary>First line of every comment; the workflow finds the comment to update by it.</summary>
    public const string Marker = "<!-- picluster-diff -->";

    // Room kept for the closing note about what was left out.
    private const int NoteReserve = 400;

    public static string Format(TreeComparison result, DiffLabels labels, int maxLength = GitHubCommentLimit)
    {
        if (maxLength < 2 * NoteReserve) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"must be at least {2 * NoteReserve}");
        var text = new StringBuilder();
        text.Append(Marker).Append("\n### Cluster diff\n\n");
        if (!result.HasChanges)
        {
            text.Append("No changes: ").Append(Code(labels.Base)).Append(" matches ").Append(labels.New)
                .Append(" (").Append(result.Unchanged.ToString(CultureInfo.InvariantCulture)).Append(" objects).\n");
            AppendNotes(text, labels, maxLength / 4);
            return text.ToString();
        }
        text.Append(Code(labels.Base)).Append(DiffLines.Arrow).Append(labels.New).Append(": **").Append(DiffWording.Counts(result)).Append("**\n\n");
        AppendSummary(text, result, maxLength / 4);
        AppendNotes(text, labels, maxLength / 8);

        var budget = maxLength - NoteReserve;
        var ordered = DiffWording.InReviewOrder(result.Objects).ToList();
        // No single object may take more than a twelfth of the comment, so a few big ones (a seeded config that lists every
        // host, a chart's values) cannot crowd out the rest.
        var perSection = Math.Max(2_000, budget / 12);
        var shown = 0;
        foreach (var diff in ordered)
        {
            var section = Section(diff, perSection);
            if (text.Length + section.Length > budget)
            {
                // One huge object (a new chart's values) must not hide everything after the summary: show its start.
                var room = budget - text.Length;
                if (room > 2_000)
                {
                    text.Append(Section(diff, room));
                    shown++;
                }
                break;
            }
            text.Append(section);
            shown++;
        }
        var files = OtherFiles(result);
        if (shown < ordered.Count)
        {
            var left = ordered.Skip(shown).ToList();
            text.Append("\n**").Append((ordered.Count - shown).ToString(CultureInfo.InvariantCulture)).Append(" more object(s) not shown** (")
                .Append(string.Join(", ", left.GroupBy(o => o.Kind).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")))
                .Append(") to stay under GitHub's comment limit; run `dotnet run --project generators -- diff` for the full list.\n");
        }
        if (text.Length + files.Length <= maxLength) text.Append(files);
        return text.ToString();
    }

    /// <summary>The --charts notes: one bullet each, a multi-line message (helm's) in a code block under it.</summary>
    private static void AppendNotes(StringBuilder text, DiffLabels labels, int maxNotes)
    {
        if (labels.Notes.Count == 0) return;
        var start = text.Length;
        text.Append("\n**Charts**\n\n");
        foreach (var note in labels.Notes)
        {
            var lines = note.Split('\n');
            var item = new StringBuilder("- ").Append(WebUtility.HtmlEncode(lines[0])).Append('\n');
            if (lines.Length > 1)
                item.Append("  ```text\n").AppendJoin('\n', lines.Skip(1).Select(l => "  " + l.Replace("```", "'''", StringComparison.Ordinal))).Append("\n  ```\n");
            if (text.Length - start + item.Length > maxNotes)
            {
                text.Append("- … more in `dotnet run --project generators -- diff --charts`\n");
                break;
            }
            text.Append(item);
        }
        text.Append('\n');
    }

    private static void AppendSummary(StringBuilder text, TreeComparison result, int maxSummary)
    {
        text.Append("**Summary**\n\n");
        foreach (var recreate in result.Recreates)
        {
            text.Append("- :warning: **needs recreate**: ").Append(Code(recreate.Object.Display)).Append(' ').Append(Code(recreate.Path)).Append(" is immutable");
            if (recreate.Old.Present || recreate.New.Present)
                text.Append(" (").Append(Code(DiffLines.Value(recreate.Old))).Append(DiffLines.Arrow).Append(Code(DiffLines.Value(recreate.New))).Append(')');
            text.Append('\n');
        }
        if (result.Recreates.Count > 0) text.Append("\n_").Append(DiffWording.RecreateHint).Append("._\n\n");
        if (result.Summary.Count == 0)
        {
            text.Append('_').Append(DiffWording.NoSummaryFacts).Append("._\n\n");
            return;
        }
        var start = text.Length;
        foreach (var group in result.Summary.GroupBy(f => f.Category))
        {
            var facts = group.ToList();
            var listed = 0;
            text.Append("- ").Append(DiffWording.Category(group.Key)).Append(":\n");
            foreach (var fact in facts.Take(DiffWording.FactsPerCategory))
            {
                var line = $"  - {Code(fact.Object.Display)}{DiffWording.ObjectNote(fact.ObjectChange)} {Code(fact.Path)}: {Code(DiffLines.Value(fact.Old))}{DiffLines.Arrow}{Code(DiffLines.Value(fact.New))}\n";
                if (text.Length - start + line.Length > maxSummary) break;
                text.Append(line);
                listed++;
            }
            if (listed < facts.Count) text.Append("  - … and ").Append((facts.Count - listed).ToString(CultureInfo.InvariantCulture)).Append(" more\n");
        }
        text.Append('\n');
    }

    private static string Section(ObjectDiff diff, int maxLength = int.MaxValue)
    {
        var lines = DiffLines.For(diff);
        var heading = new StringBuilder("<details><summary>")
            .Append(DiffWording.Sign(diff.Kind)).Append(" <code>").Append(WebUtility.HtmlEncode(diff.Id.Display)).Append("</code> ")
            .Append(diff.Kind.ToString().ToLowerInvariant());
        if (diff.Kind == ChangeKind.Changed) heading.Append(", ").Append(lines.Count.ToString(CultureInfo.InvariantCulture)).Append(lines.Count == 1 ? " field" : " fields");
        if (DiffLines.FileNote(diff) is { Length: > 0 } file) heading.Append(" · ").Append(WebUtility.HtmlEncode(file));
        heading.Append("</summary>\n\n");
        if (lines.Count == 0) return heading.Append("(no fields)\n\n</details>\n").ToString();

        var fence = new string('`', Math.Max(3, LongestBacktickRun(lines) + 1));
        var body = new StringBuilder();
        var closing = $"{fence}\n\n</details>\n";
        var written = 0;
        foreach (var line in lines)
        {
            if (heading.Length + fence.Length + body.Length + line.Length + closing.Length + 80 > maxLength) break;
            body.Append(line).Append('\n');
            written++;
        }
        if (written < lines.Count) body.Append("… ").Append((lines.Count - written).ToString(CultureInfo.InvariantCulture)).Append(" more line(s) not shown\n");
        return heading.Append(fence).Append("text\n").Append(body).Append(closing).ToString();
    }

    private static string OtherFiles(TreeComparison result)
    {
        if (result.OtherFiles.Count == 0) return "";
        var text = new StringBuilder("\nOther files (not applied to the cluster): ");
        text.Append(string.Join(", ", result.OtherFiles.Select(f => $"{Code(f.Path)} ({f.Kind.ToString().ToLowerInvariant()})")));
        return text.Append('\n').ToString();
    }

    private static int LongestBacktickRun(IEnumerable<string> lines)
    {
        var longest = 0;
        foreach (var line in lines)
        {
            var run = 0;
            foreach (var c in line)
            {
                run = c == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
        }
        return longest;
    }

    /// <summary>An inline code span that survives backticks in the value (CommonMark: a longer fence, padded with spaces).</summary>
    internal static string Code(string value)
    {
        var run = LongestBacktickRun([value]);
        var fence = new string('`', run + 1);
        var pad = run > 0 || value.StartsWith('`') || value.EndsWith('`') ? " " : "";
        return fence + pad + value.Replace('\n', ' ') + pad + fence;
    }
}
