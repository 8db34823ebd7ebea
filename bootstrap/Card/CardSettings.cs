using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Card;

/// <summary>Options of <c>bootstrap card</c>.</summary>
public sealed class CardSettings : PiCluster.CommandLine.CommandLineSettings
{
    [CommandOption("--node <NAME>")]
    [Description("Node to write a card for, e.g. pi1.")]
    public string? Node { get; init; }

    [CommandOption("--all")]
    [Description("Write an image for every node into --image-dir.")]
    public bool All { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("Whole block device of the SD card, e.g. /dev/sdb. Needs root.")]
    public string? Device { get; init; }

    [CommandOption("--image <FILE>")]
    [Description("Write a disk image file instead of a device (no root needed).")]
    public string? Image { get; init; }

    [CommandOption("--image-dir <DIR>")]
    [Description("With --all: folder for <node>.img files.")]
    public string? ImageDir { get; init; }

    [CommandOption("--size <SIZE>")]
    [Description("Image size, e.g. 2G (default: existing file size, else 2G).")]
    public string? Size { get; init; }

    [CommandOption("--boot-size <SIZE>")]
    [Description("Boot partition size for image files, e.g. 64M (default 1G; at least 64M). Cards always get the model's size.")]
    public string? BootSize { get; init; }

    [CommandOption("--alpine-tarball <FILE>")]
    [Description("Use this alpine-rpi-*-aarch64.tar.gz instead of downloading the pinned version.")]
    public string? AlpineTarball { get; init; }

    [CommandOption("--alpine-sha256 <HEX>")]
    [Description("Expected SHA-256 of the tarball.")]
    public string? AlpineSha256 { get; init; }

    [CommandOption("--ssh-public-key <FILE>")]
    [Description("Public key for root's authorized_keys (default: the model's SshPublicKeyPath).")]
    public string? SshPublicKey { get; init; }

    [CommandOption("--new-host-key")]
    [Description("With --node: a new SSH host key for this card (a replaced Pi whose pinned key in .picluster/nodes/<node> is lost or must change); bootstrap/known_hosts gets the new line — commit it.")]
    public bool NewHostKey { get; init; }

    [CommandOption("--force")]
    [Description("Write a device that is mounted, not removable or larger than the limit (never the disk holding /).")]
    public bool Force { get; init; }

    [CommandOption("--yes")]
    [Description("Do not ask to type the device name.")]
    public bool Yes { get; init; }

    public override ValidationResult Validate()
    {
        if (All == (Node is not null)) return ValidationResult.Error("Give exactly one of --node <name> or --all.");
        if (All && NewHostKey) return ValidationResult.Error("--new-host-key goes with --node: one node's key at a time.");
        if (All)
        {
            if (ImageDir is null) return ValidationResult.Error("--all needs --image-dir <dir> (one card per device: use --node with --device).");
            if (Device is not null || Image is not null) return ValidationResult.Error("--all writes into --image-dir; --device and --image go with --node.");
        }
        else
        {
            if ((Device is null) == (Image is null)) return ValidationResult.Error("--node needs exactly one of --device <block device> or --image <file>.");
            if (ImageDir is not null) return ValidationResult.Error("--image-dir goes with --all.");
        }
        if (Device is not null && (Size is not null || BootSize is not null))
        {
            return ValidationResult.Error("--size and --boot-size apply to image files only; a card uses its whole size and a 1 GiB boot partition.");
        }
        if ((Force || Yes) && Device is null) return ValidationResult.Error("--force and --yes apply to --device only.");
        try
        {
            _ = Size is null ? 0 : ByteSize.Parse(Size);
            _ = BootSize is null ? 0 : ByteSize.Parse(BootSize);
            _ = AlpineSha256 is null ? "" : Sha256Checksum.Normalize(AlpineSha256);
        }
        catch (BootstrapException e)
        {
            return ValidationResult.Error(e.Message);
        }
        return ValidationResult.Success();
    }

    public CardRequest ToRequest(IEnumerable<string> allNodes)
    {
        long? size = Size is null ? null : ByteSize.Parse(Size);
        CardTarget target = Device is not null ? new CardTarget.Device(Device)
            : Image is not null ? new CardTarget.Image(Image, size)
            : new CardTarget.ImageFolder(ImageDir!, size);
        return new CardRequest(
            Nodes: All ? [.. allNodes] : [Node!],
            Target: target,
            BootSize: BootSize is null ? null : ByteSize.Parse(BootSize),
            AlpineTarball: AlpineTarball,
            AlpineSha256: AlpineSha256,
            SshPublicKey: SshPublicKey,
            Force: Force,
            NewHostKey: NewHostKey);
    }
}
