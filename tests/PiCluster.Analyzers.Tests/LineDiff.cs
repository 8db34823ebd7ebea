using System.Text;

namespace PiCluster.Analyzers.Tests;

/// <summary>A small unified-style line diff (LCS), enough to read a snapshot mismatch.</summary>
internal static class LineDiff
{
    public static string Unified(string expected, string actual, int context = 2)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var lines = new List<(char Op, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { lines.Add((' ', a[x])); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) { lines.Add(('+', b[y])); y++; }
            else { lines.Add(('-', a[x])); x++; }
        }
        var output = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            var near = false;
            for (var d = -context; d <= context && !near; d++) near = k + d >= 0 && k + d < lines.Count && lines[k + d].Op != ' ';
            if (near) output.Append(lines[k].Op).Append(lines[k].Text).Append('\n');
            else if (k > 0 && output.Length > 0 && !output.ToString().EndsWith("@@\n", StringComparison.Ordinal)) output.Append("@@\n");
        }
        return output.ToString();
    }
}
