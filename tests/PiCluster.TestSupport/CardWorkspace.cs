using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Tools;
using PiCluster.Cluster;

namespace PiCluster.TestSupport;

/// <summary>A throw-away repository root with a fake Alpine tarball and operator key; real tools do the writing.</summary>
public sealed class CardWorkspace : IDisposable
{
    public const string StockCmdline = "modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1\n";
    public const string StockConfig = "# do not modify this file as it will be overwritten on upgrade.\narm_control=0x200\nkernel=boot/vmlinuz-rpi\ninitramfs boot/initramfs-rpi\ninclude usercfg.txt\n";
    public const string OperatorKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOperatorKeyForTestsOnly0000000000000000000 operator@laptop";

    public static readonly ExternalTool Mtype = new("mtype", "mtools");

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("picluster-card-test-");

    public CardWorkspace()
    {
        State = new StateFolder(_root.FullName);
        Tarball = Path.Combine(_root.FullName, "alpine-rpi-3.24.2-aarch64.tar.gz");
        File.WriteAllBytes(Tarball, FakeTarball(NodeOverlay.WorldPackages));
        PublicKey = Path.Combine(_root.FullName, "id_ed25519.pub");
        File.WriteAllText(PublicKey, OperatorKey + "\n");
    }

    public string Root => _root.FullName;
    public StateFolder State { get; }
    public string Tarball { get; }
    public string PublicKey { get; }
    public StringWriter Log { get; } = new();

    public string PathOf(string name) => Path.Combine(Root, name);

    public CardService Service(string mirror = "http://127.0.0.1:9/alpine", DeviceSafety? safety = null)
    {
        var progress = new PlainCardProgress(Log);
        return new CardService(
            HomeCluster.Definition,
            State,
            safety ?? new DeviceSafety(PathOf("sys"), PathOf("proc"), HomeCluster.Definition.Bootstrap.MaxCardBytes),
            new AlpineTarballSource(State, new HttpClient(), mirror, progress),
            progress);
    }

    /// <summary>The disk tools writing an image needs; a missing one fails the test with the install command.</summary>
    public static void RequireImageTools() => Tools.Require("sfdisk", "mkfs.vfat", "mcopy", "mdir", "mtype");

    /// <summary>An image for <paramref name="node"/> written through the service from the fake tarball.</summary>
    public async Task<string> WriteImageAsync(string node, string size = "2G", string? bootSize = null)
    {
        RequireImageTools();
        var image = PathOf($"{node}.img");
        var request = new CardRequest(
            [node],
            new CardTarget.Image(image, ByteSize.Parse(size)),
            BootSize: bootSize is null ? null : ByteSize.Parse(bootSize),
            AlpineTarball: Tarball,
            SshPublicKey: PublicKey);
        await Service().RunAsync(request, null, CancellationToken.None);
        return image;
    }

    /// <summary>The shape of alpine-rpi-*-aarch64.tar.gz with tiny files and an offline index listing <paramref name="packages"/>.</summary>
    public static byte[] FakeTarball(IEnumerable<string> packages)
    {
        var index = TarGz(new()
        {
            ["APKINDEX"] = string.Concat(packages.Select(p => $"C:Q1fake=\nP:{p}\nV:1.0-r0\n\n")),
            ["DESCRIPTION"] = "v3.24.2\n",
        });
        return TarGz(new()
        {
            ["./.alpine-release"] = "3.24.2\n",
            ["./apks/.boot_repository"] = "",
            ["./apks/aarch64/APKINDEX.tar.gz"] = index,
            ["./boot/vmlinuz-rpi"] = "fake kernel\n",
            ["./boot/initramfs-rpi"] = "fake initramfs\n",
            ["./bootcode.bin"] = new byte[] { 0, 1, 2, 3, 255 },
            ["./cmdline.txt"] = StockCmdline,
            ["./config.txt"] = StockConfig,
        });
    }

    private static byte[] TarGz(Dictionary<string, object> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var dir in files.Keys.Select(Path.GetDirectoryName).Where(d => !string.IsNullOrEmpty(d) && d != ".").Distinct().Order())
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/"));
            }
            foreach (var (name, content) in files)
            {
                var bytes = content as byte[] ?? Encoding.UTF8.GetBytes((string)content);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a file from the image's FAT with mtools.</summary>
    public static Task<string> TypeAsync(string image, string path) =>
        Mtype.RunAsync(["-i", BootAddress(image), $"::/{path}"], CancellationToken.None, environment: new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });

    /// <summary>Copies a file out of the image's FAT with mtools.</summary>
    public async Task<byte[]> CopyOutAsync(string image, string path)
    {
        var target = PathOf("copy-" + Guid.NewGuid().ToString("n"));
        await ExternalTool.Mcopy.RunAsync(["-i", BootAddress(image), "-n", $"::/{path}", target], CancellationToken.None,
            environment: new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
        return await File.ReadAllBytesAsync(target);
    }

    public static string BootAddress(string image) => $"{image}@@{CardLayout.FirstSector * CardLayout.SectorSize}";

    public void Dispose() => _root.Delete(recursive: true);
}
