using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PiCluster.Render.Schemas;

/// <summary>A schemas folder and how it was chosen, for messages.</summary>
/// <param name="Origin">"--schemas", "PICLUSTER_SCHEMAS", "$XDG_CACHE_HOME/picluster/schemas" or "~/.cache/picluster/schemas".</param>
/// <param name="FixCommand">The command that fills this folder, as typed from the repository root.</param>
public sealed record SchemaFolder(string Path, string Origin, string FixCommand);

/// <summary>A schemas folder in which every file of <see cref="Sources"/> had its pinned SHA-256 when it was opened.</summary>
public sealed record VerifiedSchemas(string Directory, SchemaSourceList Sources);

/// <summary>The schemas folder is missing, incomplete or altered; the message says which files and what to run. Exit 2.</summary>
/// <param name="summary">The problem in one line, without the remedy (the tests' failure line).</param>
public sealed class SchemaCacheException(string message, string? summary = null) : Exception(message)
{
    public string Summary { get; } = summary ?? message.Split('\n')[0];
}

/// <summary>
/// The one place that decides which schemas folder validate, diff and the tests read, and checks it before use:
/// <c>--schemas DIR</c>, else <c>$PICLUSTER_SCHEMAS</c>, else <c>$XDG_CACHE_HOME/picluster/schemas</c>, else
/// <c>~/.cache/picluster/schemas</c> (schemas/update.sh fills the same folder). The environment comes in as a lookup so
/// callers and tests decide what it holds.
/// </summary>
public sealed class SchemaCache(Func<string, string?> environment)
{
    public const string EnvironmentVariable = "PICLUSTER_SCHEMAS";

    /// <summary>Which folder to read; nothing is checked yet.</summary>
    /// <param name="option">The --schemas value, or null.</param>
    public SchemaFolder Locate(string? option)
    {
        var folder = UserCache.Locate(option, "--schemas", EnvironmentVariable, "schemas", environment)
            ?? throw new SchemaCacheException($"No schemas folder: none of --schemas, {EnvironmentVariable}, XDG_CACHE_HOME or HOME is set. Set {EnvironmentVariable} to a folder that holds the files of {SchemaSourceList.RepositoryPath}, or pass --schemas DIR.");
        return new SchemaFolder(folder.Path, folder.Origin, folder.FromOption ? $"{SchemaSourceList.UpdateCommand} {ShellWords.Quote(folder.Path)}" : SchemaSourceList.UpdateCommand);
    }

    /// <summary><see cref="Locate"/>, then <see cref="Verify"/>: what validate and diff call.</summary>
    /// <exception cref="SchemaCacheException">No usable folder, or a listed file missing or not matching its SHA-256.</exception>
    public VerifiedSchemas Open(string? option, SchemaSourceList sources) => Verify(Locate(option), sources);

    /// <summary>Checks every listed file against its SHA-256 (files the list does not name are ignored).</summary>
    /// <exception cref="SchemaCacheException">Names each missing or differing file with the expected and found hash, and the command that fixes it.</exception>
    public static VerifiedSchemas Verify(SchemaFolder folder, SchemaSourceList sources)
    {
        var problems = sources.Files
            .Select(f => (Source: f, Found: Sha256Of(Path.Combine(folder.Path, f.File.Replace('/', Path.DirectorySeparatorChar)))))
            .Where(f => f.Found != f.Source.Sha256)
            .ToList();
        if (problems.Count == 0) return new VerifiedSchemas(folder.Path, sources);

        var where = $"{folder.Path} ({folder.Origin})";
        if (problems.Count == sources.Files.Count && problems.All(p => p.Found is null))
        {
            return Throw(
                $"none of the {sources.Files.Count} pinned files is in {where}",
                $"No schemas in {where}: validate and diff check the rendered tree against the {sources.Files.Count} upstream files pinned in {SchemaSourceList.RepositoryPath}, and none is there. Nothing was checked.\n" +
                $"Download them (about 5.6 MB from the upstream repositories, each verified) with: {folder.FixCommand}\n" +
                $"or set {EnvironmentVariable} to a folder that holds them (see schemas/SOURCES.md).");
        }
        var lines = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Schemas in {where} do not match {SchemaSourceList.RepositoryPath} ({problems.Count} of {sources.Files.Count} files); nothing was checked:\n");
        foreach (var (source, found) in problems)
        {
            lines.Append(CultureInfo.InvariantCulture, $"  {source.File}: expected SHA-256 {source.Sha256}, found {found ?? "no file"}\n");
        }
        lines.Append(CultureInfo.InvariantCulture, $"Fetch the pinned files again with: {folder.FixCommand}");
        var first = problems[0];
        return Throw($"{problems.Count} of {sources.Files.Count} pinned files in {where} are missing or altered, first {first.Source.File} (expected SHA-256 {first.Source.Sha256}, found {first.Found ?? "no file"})", lines.ToString());
    }

    private static VerifiedSchemas Throw(string summary, string message) => throw new SchemaCacheException(message, summary);

    private static string? Sha256Of(string file)
    {
        if (!File.Exists(file)) return null;
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

}
