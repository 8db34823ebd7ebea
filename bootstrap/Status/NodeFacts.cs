using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiCluster.Bootstrap.Status;

/// <summary>bootstrap/Scripts/node-status.sh's key=value lines.</summary>
public sealed class NodeFacts
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? KubeletCertificatePem { get; private set; }

    public string this[string key] => _values.GetValueOrDefault(key, "");

    public int? Number(string key) =>
        long.TryParse(this[key], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (int)Math.Min(n, int.MaxValue) : null;

    public long? Long(string key) =>
        long.TryParse(this[key], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public IReadOnlyList<string> Words(string key) => this[key].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static NodeFacts Parse(string output)
    {
        var facts = new NodeFacts();
        var pem = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var key = line[..eq];
            var value = line[(eq + 1)..];
            if (key == "kubelet_cert") pem.Add(value);
            else facts._values[key] = value.Trim();
        }
        facts.KubeletCertificatePem = pem.Count > 0 ? string.Join('\n', pem) + "\n" : null;
        return facts;
    }

    /// <summary>The kubelet client certificate's expiry, or null when the file was absent or unreadable.</summary>
    public DateTimeOffset? KubeletCertificateExpiry()
    {
        if (KubeletCertificatePem is null) return null;
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(KubeletCertificatePem);
            return new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
