using System.Globalization;
using System.Text;

namespace PiCluster.Render.Diff;

/// <summary>What the two sides of a comparison are, in words: "rendered/ at HEAD (6678152)" and "a fresh render of the working tree".</summary>
public sealed record DiffLabels(string Base, string New)
{
    /// <summary>What --charts did or could not do (releases expanded, charts that refused their values), shown after the summary.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Shared wording of both formats.</summary>
public static class DiffWording
{
    /// <summary>Facts listed per summary category before "… and N more".</summary>
    public const int FactsPerCategory = 20;

    public static string Category(FactCategory category) => category switch
    {
        FactCategory.Chart => "charts",
        FactCategory.Address => "addresses",
        FactCategory.Host => "host names",
        FactCategory.Port => "ports",
        FactCategory.Replicas => "replicas",
        FactCategory.Image => "images",
        FactCategory.Secret => "secrets referenced",
        _ => category.ToString(),
    };

    public const string NoSummaryFacts = "no change to addresses, host names, ports, replicas, images, secrets referenced or chart versions";

    /// <summary>"needs recreate: PersistentVolumeClaim adguard/nfs-adguard spec.storageClassName is immutable (nfs-static → …)".</summary>
    public static string Recreate(RecreateNeeded recreate) =>
        $"needs recreate: {recreate.Object.Display} {recreate.Path} is immutable" +
        (recreate.Old.Present || recreate.New.Present ? $" ({DiffLines.Value(recreate.Old)}{DiffLines.Arrow}{DiffLines.Value(recreate.New)})" : "");

    public const string RecreateHint =
        "The API server refuses these updates: Flux's apply of their layer fails, for every object in it (for a chart's object, the HelmRelease's upgrade), until each is deleted and re-created " +
        "(a bound claim: README.md, \"A claim whose spec changed\")";

    public static string Counts(TreeComparison result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{result.Count(ChangeKind.Changed)} changed, {result.Count(ChangeKind.Added)} added, {result.Count(ChangeKind.Removed)} removed ({result.Unchanged} unchanged)")
        + (result.OtherFiles.Count == 0 ? "" : $"; {result.OtherFiles.Count} other file{(result.OtherFiles.Count == 1 ? "" : "s")} changed");

    public static string Fact(SummaryFact fact) =>
        $"{fact.Object.Display}{ObjectNote(fact.ObjectChange)} {fact.Path}: {DiffLines.Value(fact.Old)}{DiffLines.Arrow}{DiffLines.Value(fact.New)}";

    public static string ObjectNote(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => " (added)",
        ChangeKind.Removed => " (removed)",
        _ => "",
    };

    public static char Sign(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => '+',
        ChangeKind.Removed => '-',
        _ => '~',
    };

    /// <summary>Changed objects first (what a review is about), then added, then removed; by namespace, kind, name within each.</summary>
    public static IEnumerable<ObjectDiff> InReviewOrder(IEnumerable<ObjectDiff> objects) =>
        objects.OrderBy(o => o.Kind switch { ChangeKind.Changed => 0, ChangeKind.Added => 1, _ => 2 }).ThenBy(o => o.Id);
}

/// <summary>The terminal format of <c>diff</c>: counts, summary by category, then every object's field changes.</summary>
public static class TextDiffFormat
{
    public static string Format(TreeComparison result, DiffLabels labels)
    {
        var text = new StringBuilder();
        if (!result.HasChanges)
        {
            return $"No changes: {labels.Base} matches {labels.New} ({result.Unchanged} objects).\n" + Notes(labels, leadingBlankLine: false);
        }
        text.Append("Cluster diff: ").Append(labels.Base).Append(DiffLines.Arrow).Append(labels.New).Append('\n');
        text.Append(DiffWording.Counts(result)).Append("\n\nSummary\n");
        foreach (var recreate in result.Recreates) text.Append("  ").Append(DiffWording.Recreate(recreate)).Append('\n');
        if (result.Recreates.Count > 0) text.Append("    ").Append(DiffWording.RecreateHint).Append(".\n");
        if (result.Summary.Count == 0) text.Append("  ").Append(DiffWording.NoSummaryFacts).Append('\n');
        foreach (var group in result.Summary.GroupBy(f => f.Category))
        {
            text.Append("  ").Append(DiffWording.Category(group.Key)).Append(":\n");
            foreach (var fact in group.Take(DiffWording.FactsPerCategory)) text.Append("    ").Append(DiffWording.Fact(fact)).Append('\n');
            var more = group.Count() - DiffWording.FactsPerCategory;
            if (more > 0) text.Append("    … and ").Append(more.ToString(CultureInfo.InvariantCulture)).Append(" more\n");
        }
        text.Append(Notes(labels, leadingBlankLine: true));
        foreach (var section in DiffWording.InReviewOrder(result.Objects).GroupBy(o => o.Kind))
        {
            text.Append('\n').Append(section.Key).Append('\n');
            foreach (var diff in section)
            {
                text.Append("  ").Append(DiffWording.Sign(diff.Kind)).Append(' ').Append(diff.Id.Display);
                if (DiffLines.FileNote(diff) is { Length: > 0 } file) text.Append("  (").Append(file).Append(')');
                text.Append('\n');
                foreach (var line in DiffLines.For(diff)) text.Append("      ").Append(line).Append('\n');
            }
        }
        if (result.OtherFiles.Count > 0)
        {
            text.Append("\nOther files (not applied to the cluster)\n");
            foreach (var file in result.OtherFiles) text.Append("  ").Append(DiffWording.Sign(file.Kind)).Append(' ').Append(file.Path).Append('\n');
        }
        return text.ToString();
    }

    private static string Notes(DiffLabels labels, bool leadingBlankLine)
    {
        if (labels.Notes.Count == 0) return "";
        var text = new StringBuilder(leadingBlankLine ? "\nCharts\n" : "Charts\n");
        foreach (var note in labels.Notes) text.Append("  ").Append(note.Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
        return text.ToString();
    }
}
