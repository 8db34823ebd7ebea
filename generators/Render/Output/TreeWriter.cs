using System.Text;

namespace PiCluster.Render.Output;

/// <summary>
/// The only code that writes rendered/ (bootstrap only reads it). Builds the whole tree in a sibling temporary folder, then swaps it in,
/// so readers never see a half-written tree and a failure leaves the old tree exactly as it was.
/// </summary>
public static class TreeWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(IReadOnlyList<RenderedText> files, string outDir)
    {
        var target = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"--out {outDir}: has no parent folder");
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(target);
        RefuseForeignFolder(target);
        var staging = Path.Combine(parent, $".{name}.staging-{Guid.NewGuid():N}");
        var retired = Path.Combine(parent, $".{name}.old-{Guid.NewGuid():N}");
        try
        {
            WriteAll(files, staging);
            if (Directory.Exists(target))
            {
                Directory.Move(target, retired);
                try
                {
                    Directory.Move(staging, target);
                }
                catch
                {
                    Directory.Move(retired, target);
                    throw;
                }
                Directory.Delete(retired, recursive: true);
            }
            else
            {
                Directory.Move(staging, target);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// The swap replaces the whole folder, so it must be a rendered tree (or empty): a mistyped --out pointing at a
    /// home folder must fail, not vanish.
    /// </summary>
    private static void RefuseForeignFolder(string target)
    {
        if (!Directory.Exists(target) || !Directory.EnumerateFileSystemEntries(target).Any()) return;
        var foreign = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
            .FirstOrDefault(path => !IsRendered(path) && Path.GetRelativePath(target, path).Replace(Path.DirectorySeparatorChar, '/') != RenderedLayout.FluxComponents);
        if (foreign is not null)
            throw new ForeignFolderException($"--out {target}: refusing to replace a folder that holds files render did not write (e.g. {Path.GetRelativePath(target, foreign)}); choose an empty or rendered folder.");
    }

    private static bool IsRendered(string path)
    {
        using var reader = new StreamReader(path, Utf8NoBom);
        var first = reader.ReadLine() ?? "";
        return first.StartsWith(HeaderPrefix, StringComparison.Ordinal) || first.StartsWith("<!-- " + HeaderPrefix["# ".Length..], StringComparison.Ordinal);
    }

    /// <summary>How every rendered file starts (YAML comment; Markdown files wrap the same words in an HTML comment).</summary>
    public const string HeaderPrefix = "# Rendered by PiCluster";

    /// <summary>Writes the files into an empty folder (used for staging and by bench/check).</summary>
    public static void WriteAll(IReadOnlyList<RenderedText> files, string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var file in files)
        {
            var path = Path.Combine(dir, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content, Utf8NoBom);
        }
    }

    /// <summary>Reads a tree back as relative '/' paths to text; missing folder = empty tree.</summary>
    public static SortedDictionary<string, string> Read(string dir)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(dir)) return tree;
        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            tree[Path.GetRelativePath(dir, path).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllText(path, Utf8NoBom);
        return tree;
    }
}

/// <summary>The target folder holds files render did not write; it is refused (bad input), never replaced.</summary>
public sealed class ForeignFolderException(string message) : IOException(message);
