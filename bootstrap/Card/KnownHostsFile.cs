namespace PiCluster.Bootstrap.Card;

/// <summary>
/// The committed <c>bootstrap/known_hosts</c>: one "&lt;name&gt;,&lt;address&gt; &lt;type&gt; &lt;base64&gt;" line per node,
/// sorted, rewritten only when a line changes.
/// </summary>
public static class KnownHostsFile
{
    public static string Line(string node, string address, NodeHostKey key) => $"{node},{address} {key.Type} {key.PublicKeyBase64}";

    /// <summary>Replaces the node's line (matched by name) and returns true when the file changed.</summary>
    public static bool Update(string path, string node, string address, NodeHostKey key)
    {
        var lines = File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList()
            : [];
        lines.RemoveAll(l => HostNames(l).Contains(node, StringComparer.Ordinal));
        lines.Add(Line(node, address, key));
        var text = string.Concat(lines.Order(StringComparer.Ordinal).Select(l => l + "\n"));
        if (File.Exists(path) && File.ReadAllText(path) == text) return false;
        PiCluster.Render.AtomicFile.Write(path, text);
        return true;
    }

    private static string[] HostNames(string line) =>
        line.StartsWith('#') ? [] : line.Split(' ', 2)[0].Split(',');
}
