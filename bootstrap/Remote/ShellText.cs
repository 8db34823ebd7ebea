namespace PiCluster.Bootstrap.Remote;

/// <summary>Builds POSIX sh command lines from words, so paths and values never change meaning on the remote shell.</summary>
public static class ShellText
{
    /// <summary>The word as sh reads it literally: bare when it only has safe characters, else in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c))) return word;
        return "'" + word.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// A path on the node as "$ROOT"'/path': ROOT is empty on a Pi and the test node's folder in tests (see
    /// <see cref="Steps.NodeShell.RootLine"/>), so one text runs on both.
    /// </summary>
    public static string NodePath(string path) => "\"$ROOT\"" + Quote(path);

    /// <summary>A script: set -eu, the ROOT line when a node path is used, and the given lines.</summary>
    public static string Script(params IEnumerable<string> lines) => Steps.NodeShell.Script(string.Join('\n', lines));

    /// <summary>A command line of quoted words.</summary>
    public static string Join(params IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
