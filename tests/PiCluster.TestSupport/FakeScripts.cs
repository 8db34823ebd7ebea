using System.Reflection;
using System.Text;

namespace PiCluster.TestSupport;

/// <summary>
/// The FAKE commands, one shell file per faked command in <c>tests/PiCluster.TestSupport/Fakes/&lt;command&gt;.sh</c>,
/// embedded at build time and installed under the command's name (no extension) into a test node's fakebin. Node fakes
/// source <c>_common.sh</c>, installed next to them. Each file's header names the upstream source it follows; a new
/// fake is a new file (FakeScriptTests shellchecks every one).
/// </summary>
public static class FakeScripts
{
    /// <summary>The shared header every node fake sources (strict mode, call and change logs).</summary>
    public const string Common = "_common.sh";

    /// <summary>The kubectl object store (applied objects as files), a command of its own on full fake nodes.</summary>
    public const string KubectlObjects = "fake-kubectl-objects";

    private const string Prefix = "PiCluster.TestSupport.Fakes.";
    private static readonly Assembly Assembly = typeof(FakeScripts).Assembly;

    /// <summary>Every faked command, sorted: the file names of Fakes/*.sh without the extension, the header excluded.</summary>
    public static IReadOnlyList<string> Commands { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sh", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".sh".Length])
        .Where(n => n + ".sh" != Common)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The text of Fakes/<paramref name="fileName"/> (LF line endings).</summary>
    public static string Read(string fileName)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new InvalidOperationException($"tests/PiCluster.TestSupport/Fakes/{fileName} is not embedded");
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Installs the fake of <paramref name="command"/> as an executable named <paramref name="installAs"/> (default: the
    /// command) in <paramref name="folder"/>, with the shared header beside it; returns the installed path.
    /// </summary>
    public static string Install(string folder, string command, string? installAs = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Common), Read(Common));
        var path = Path.Combine(folder, installAs ?? command);
        File.WriteAllText(path, Read(command + ".sh"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    /// <summary>Installs every fake under its command name.</summary>
    public static void InstallAll(string folder)
    {
        foreach (var command in Commands) Install(folder, command);
    }
}
