using System.Text;
using DiffPlex.Renderer;

namespace PiCluster.Render.Output;

/// <summary>Unified diff between the committed tree and a fresh render, file by file.</summary>
public static class TreeDiff
{
    /// <summary>Empty when identical; otherwise a unified diff (a/ = on disk, b/ = fresh render).</summary>
    public static string Compare(IReadOnlyDictionary<string, string> onDisk, IReadOnlyList<RenderedText> fresh)
    {
        var wanted = fresh.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var diff = new StringBuilder();
        foreach (var path in ChangedPaths(onDisk, wanted))
        {
            var old = onDisk.GetValueOrDefault(path);
            var now = wanted.GetValueOrDefault(path);
            diff.Append("diff ").Append(old is null ? "(new file) " : now is null ? "(removed) " : "").Append(path).Append('\n');
            diff.Append(UnidiffRenderer.GenerateUnidiff(old ?? "", now ?? "", "a/" + path, "b/" + path, ignoreWhitespace: false, ignoreCase: false, contextLines: 3).Replace("\r\n", "\n"));
            if (diff[^1] != '\n') diff.Append('\n');
        }
        return diff.ToString();
    }

    /// <summary>The files that differ (or exist on one side only), in path order: what `render --check` reports as stale.</summary>
    public static IReadOnlyList<string> ChangedPaths(IReadOnlyDictionary<string, string> onDisk, IReadOnlyList<RenderedText> fresh) =>
        ChangedPaths(onDisk, fresh.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal));

    private static List<string> ChangedPaths(IReadOnlyDictionary<string, string> onDisk, Dictionary<string, string> wanted) =>
        onDisk.Keys.Union(wanted.Keys).Order(StringComparer.Ordinal)
            .Where(path => onDisk.GetValueOrDefault(path) != wanted.GetValueOrDefault(path))
            .ToList();
}
