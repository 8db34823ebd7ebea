// Shared source: compiled into PiCluster.Cluster (net10.0) and into the analyzers (netstandard2.0),
// so the rules that judge a definition exist once. Keep it free of newer-than-netstandard2.0 APIs.
namespace PiCluster.Cluster.Rules;

/// <summary>Strict dotted-quad IPv4 parsing and arithmetic (no leading zeros, no short forms).</summary>
public static class Ipv4
{
    public static bool TryParse(string? text, out uint address)
    {
        address = 0;
        if (text is null) return false;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length == 0 || part.Length > 3) return false;
            if (part.Length > 1 && part[0] == '0') return false;
            var octet = 0;
            foreach (var c in part)
            {
                if (c < '0' || c > '9') return false;
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) return false;
            address = (address << 8) | (uint)octet;
        }
        return true;
    }

    public static string Format(uint address) =>
        string.Join(".", (address >> 24) & 255, (address >> 16) & 255, (address >> 8) & 255, address & 255);
}

/// <summary>An IPv4 network such as 192.168.50.0/24.</summary>
public readonly struct Ipv4Cidr
{
    public Ipv4Cidr(uint network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    public uint Network { get; }
    public int PrefixLength { get; }
    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
    public uint First => Network;
    public uint Last => Network | ~Mask;

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Overlaps(Ipv4Cidr other) => First <= other.Last && other.First <= Last;

    /// <summary>Parses "a.b.c.d/n"; host bits must be zero so the text means one network.</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        if (text is null) return false;
        var slash = text.IndexOf('/');
        if (slash < 0) return false;
        if (!Ipv4.TryParse(text.Substring(0, slash), out var network)) return false;
        var prefixText = text.Substring(slash + 1);
        if (prefixText.Length == 0 || prefixText.Length > 2) return false;
        if (!int.TryParse(prefixText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)) return false;
        if (prefix > 32 || (prefixText.Length == 2 && prefixText[0] == '0')) return false;
        var candidate = new Ipv4Cidr(network, prefix);
        if ((network & ~candidate.Mask) != 0) return false;
        cidr = candidate;
        return true;
    }
}
