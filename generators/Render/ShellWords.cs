namespace PiCluster.Render;

/// <summary>
/// The one POSIX sh quoter of the project (render's messages, bootstrap's node scripts and their transport), so paths
/// and values never change meaning in a shell.
/// </summary>
public static class ShellWords
{
    /// <summary>The word as sh reads it literally: bare when it only has safe characters, else in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c))) return word;
        return "'" + word.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    /// <summary>A command line of quoted words.</summary>
    public static string Join(params IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
