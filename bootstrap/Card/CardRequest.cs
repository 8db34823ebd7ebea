namespace PiCluster.Bootstrap.Card;

/// <summary>Where the cards go: one block device, one image file, or one image per node in a folder.</summary>
public abstract record CardTarget
{
    public sealed record Device(string Path) : CardTarget;

    /// <param name="Size">Image size; null keeps an existing file's size or uses 2 GiB.</param>
    public sealed record Image(string Path, long? Size) : CardTarget;

    /// <summary>&lt;folder&gt;/&lt;node&gt;.img for every node.</summary>
    public sealed record ImageFolder(string Path, long? Size) : CardTarget;
}

/// <summary>One run of the card command, already parsed and checked for consistent options.</summary>
/// <param name="Nodes">Node names to write; all nodes for --all.</param>
/// <param name="BootSize">Boot partition size override (image files only); null uses the model's 1 GiB.</param>
/// <param name="AlpineTarball">Local tarball; null downloads the pinned version into the state folder.</param>
/// <param name="NewHostKey">Give the node a new SSH host key (the pinned one is kept aside as .retired-&lt;n&gt;) instead of reusing it.</param>
public sealed record CardRequest(
    IReadOnlyList<string> Nodes,
    CardTarget Target,
    long? BootSize = null,
    string? AlpineTarball = null,
    string? AlpineSha256 = null,
    string? SshPublicKey = null,
    bool Force = false,
    bool NewHostKey = false);
