using PiCluster.Render.Schemas;

namespace PiCluster.TestSupport;

/// <summary>
/// The pinned upstream schemas for tests, found the way validate finds them (<see cref="SchemaCache"/>: PICLUSTER_SCHEMAS,
/// else the user cache) and verified once per test run. Without them a test fails with one line saying what to do.
/// </summary>
public static class TestSchemas
{
    private static readonly Lazy<VerifiedSchemas> Verified = new(() => Open(Environment.GetEnvironmentVariable));

    /// <summary>The verified folder and the list it was checked against.</summary>
    public static VerifiedSchemas Pinned => Verified.Value;

    /// <summary>The verified folder.</summary>
    public static string Directory => Verified.Value.Directory;

    /// <summary>schemas/sources.tsv of this checkout.</summary>
    public static SchemaSourceList Sources => SchemaSourceList.Load(TestPaths.RepoRoot);

    /// <exception cref="SchemasMissingException">No verified folder under <paramref name="environment"/>.</exception>
    public static VerifiedSchemas Open(Func<string, string?> environment)
    {
        try
        {
            return new SchemaCache(environment).Open(null, Sources);
        }
        catch (SchemaCacheException e)
        {
            throw new SchemasMissingException(e.Summary);
        }
    }
}

/// <summary>The tests' schemas are missing or altered. One line, no stack trace: the fix is a download or a variable.</summary>
public sealed class SchemasMissingException(string reason)
    : Exception($"The pinned schemas are not usable ({reason}): set PICLUSTER_SCHEMAS to a folder holding the files of schemas/sources.tsv, or run schemas/update.sh online (./test.sh does when the upstream host answers).")
{
    public override string? StackTrace => null;
}
