using System.Text.RegularExpressions;

namespace PiCluster.Bootstrap.Card;

/// <summary>The Alpine Raspberry Pi aarch64 release tarball for one version, and where it is published.</summary>
public sealed partial record AlpineRelease(string Version)
{
    public const string DefaultMirror = "https://dl-cdn.alpinelinux.org/alpine";

    /// <summary>e.g. "alpine-rpi-3.24.2-aarch64.tar.gz".</summary>
    public string TarballName => $"alpine-rpi-{Version}-aarch64.tar.gz";

    /// <summary>e.g. "v3.24" — the branch folder on the mirror.</summary>
    public string Branch
    {
        get
        {
            var match = VersionPattern().Match(Version);
            if (!match.Success)
            {
                throw new BootstrapException($"Alpine version '{Version}' is not of the form <major>.<minor>.<patch>, e.g. 3.24.2.");
            }
            return $"v{match.Groups[1].Value}.{match.Groups[2].Value}";
        }
    }

    public Uri TarballUri(string mirror) => new($"{mirror.TrimEnd('/')}/{Branch}/releases/aarch64/{TarballName}");

    public Uri ChecksumUri(string mirror) => new($"{TarballUri(mirror)}.sha256");

    [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)$")]
    private static partial Regex VersionPattern();
}
