using System.Collections.Concurrent;
using System.Globalization;

namespace PiCluster.Bootstrap.Ssh;

/// <summary>
/// One append-only log per node (<c>&lt;folder&gt;/&lt;node&gt;.log</c>) with timestamped lines, shared by every
/// connection to that node so reconnects and parallel sessions interleave in one file.
/// </summary>
public sealed class NodeLogBook(string folder) : IDisposable
{
    private readonly ConcurrentDictionary<string, NodeLog> _logs = new(StringComparer.Ordinal);

    public string Folder { get; } = folder;

    public string PathFor(string node) => System.IO.Path.Combine(Folder, node + ".log");

    public NodeLog For(string node) => _logs.GetOrAdd(node, n =>
    {
        Directory.CreateDirectory(Folder);
        return new NodeLog(PathFor(n));
    });

    public void Dispose()
    {
        foreach (var log in _logs.Values) log.Dispose();
        _logs.Clear();
    }
}

public sealed class NodeLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    internal NodeLog(string path)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            AutoFlush = true,
            NewLine = "\n",
        };
    }

    /// <summary>Writes one line per input line, each prefixed with a UTC timestamp and a marker ("$" command, "|" stdout, "!" stderr, "#" note).</summary>
    public void Write(char marker, string text)
    {
        var stamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        lock (_lock)
        {
            foreach (var line in text.TrimEnd('\n').Split('\n'))
            {
                _writer.WriteLine($"{stamp} {marker} {line}");
            }
        }
    }

    public void Dispose()
    {
        lock (_lock) _writer.Dispose();
    }
}
