using PiCluster.Bootstrap.Card;

namespace PiCluster.Bootstrap.Ssh;

/// <summary>
/// The committed known_hosts (<c>&lt;name&gt;,&lt;address&gt; &lt;type&gt; &lt;base64&gt;</c> lines from the card step) as the
/// transport's only source of trust. A node is looked up by name first, then by address (or <c>[address]:port</c>).
/// </summary>
public sealed class KnownHosts(string path)
{
    private static readonly Lock WriteLock = new();

    public string Path { get; } = path;

    /// <summary>The keys recorded for the endpoint, empty when the node is unknown.</summary>
    public IReadOnlyList<(string Type, string Base64)> KeysFor(SshEndpoint endpoint)
    {
        var entries = Read();
        var byName = entries.Where(e => e.Names.Contains(endpoint.Node, StringComparer.Ordinal)).ToList();
        if (byName.Count > 0) return [.. byName.Select(e => (e.Type, e.Base64))];
        var hostName = endpoint.Port == 22 ? endpoint.Host : $"[{endpoint.Host}]:{endpoint.Port}";
        return [.. entries.Where(e => e.Names.Contains(hostName, StringComparer.Ordinal)).Select(e => (e.Type, e.Base64))];
    }

    /// <summary>Records a newly accepted key as "&lt;node&gt;,&lt;host&gt; type base64" (used only with --accept-new-host-keys).</summary>
    public void Add(SshEndpoint endpoint, string type, string base64)
    {
        lock (WriteLock)
        {
            var host = endpoint.Port == 22 ? endpoint.Host : $"[{endpoint.Host}]:{endpoint.Port}";
            KnownHostsFile.Update(Path, endpoint.Node, host, new NodeHostKey(type, "", "", base64));
        }
    }

    private List<(string[] Names, string Type, string Base64)> Read()
    {
        if (!File.Exists(Path)) return [];
        var result = new List<(string[] Names, string Type, string Base64)>();
        foreach (var raw in File.ReadAllLines(Path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Marker lines (@revoked, @cert-authority) are not written by the card step; ignoring them is safe since they only add trust.
            if (fields.Length < 3 || fields[0].StartsWith('@')) continue;
            result.Add((fields[0].Split(','), fields[1], fields[2]));
        }
        return result;
    }
}
