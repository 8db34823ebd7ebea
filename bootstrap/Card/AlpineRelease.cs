using System.Text.RegularExpressions;

namespace PiCluster.Bootstrap.Card;

/// <summary>
/// The Alpine Raspberry Pi aarch64 release tarball for one version, and where it is published. The version is checked
/// when the release is made (bad input before anything runs); nothing read from it afterwards can fail.
/// </summary>
public sealed partial record AlpineRelease
{
    public const string DefaultMirror = "https://dl-cdn.alpinelinux.org/alpine";

    /// <exception cref="BootstrapException">The version is not &lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;.</exception>
    public AlpineRelease(string version)
    {
        var match = VersionPattern().Match(version);
        if (!match.Success)
        {
            throw new BootstrapException($"Alpine version '{version}' is not of the form <major>.<minor>.<patch>, e.g. 3.24.2 (BootstrapSettings.AlpineVersion).");
        }
        Version = version;
        Branch = $"v{match.Groups[1].Value}.{match.Groups[2].Value}";
    }

    /// <summary>e.g. "3.24.2".</summary>
    public string Version { get; }

    /// <summary>e.g. "v3.24" — the branch folder on the mirror.</summary>
    public string Branch { get; }

    /// <summary>e.g. "alpine-rpi-3.24.2-aarch64.tar.gz".</summary>
    public string TarballName => $"alpine-rpi-{Version}-aarch64.tar.gz";

    public Uri TarballUri(string mirror) => new($"{mirror.TrimEnd('/')}/{Branch}/releases/aarch64/{TarballName}");

    public Uri ChecksumUri(string mirror) => new($"{TarballUri(mirror)}.sha256");

    [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)$")]
    private static partial Regex VersionPattern();
}
