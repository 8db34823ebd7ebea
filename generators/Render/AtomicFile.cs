using System.Text;

namespace PiCluster.Render;

/// <summary>
/// The one way a kept file is written (bootstrap's state, keys, the Flux manifest, kubeconfigs, known_hosts; the charts
/// cache): into a temporary sibling created with its final mode — a private file is never readable by others, not even
/// for a moment — then renamed over the target, so a reader sees the old file or the new one, never half, and a failure
/// leaves the old.
/// </summary>
public static class AtomicFile
{
    /// <summary>0600: keys, secret values, kubeconfigs.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>UTF-8 text without a BOM.</summary>
    public static void Write(string path, string text, UnixFileMode? mode = null) => Write(path, Utf8NoBom.GetBytes(text), mode);

    public static void Write(string path, byte[] bytes, UnixFileMode? mode = null)
    {
        var temp = Temporary(path, mode);
        try
        {
            using (var stream = Create(temp, mode)) stream.Write(bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// For content that arrives as a stream and is checked before it counts (a download against its checksum):
    /// <paramref name="fill"/> writes and verifies the temporary file at the path it is given and throws to keep the old file.
    /// </summary>
    public static async Task ReplaceAsync(string path, Func<string, Task> fill, UnixFileMode? mode = null)
    {
        var temp = Temporary(path, mode);
        try
        {
            await using (Create(temp, mode))
            {
            }
            await fill(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string Temporary(string path, UnixFileMode? mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".partial";
        // The mode is set when a file is created: a leftover from an interrupted run must not lend it its own.
        File.Delete(temp);
        return temp;
    }

    private static FileStream Create(string temp, UnixFileMode? mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (mode is { } unix && !OperatingSystem.IsWindows()) options.UnixCreateMode = unix;
        return new FileStream(temp, options);
    }
}
