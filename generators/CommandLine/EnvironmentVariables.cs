namespace PiCluster.CommandLine;

/// <summary>The process's environment variables as a command sees them: Program passes the real ones, tests their own.</summary>
public sealed class EnvironmentVariables(Func<string, string?> lookup)
{
    public static EnvironmentVariables None { get; } = new(_ => null);

    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public string? this[string name] => lookup(name) is { Length: > 0 } value ? value : null;

    public Func<string, string?> Lookup => name => this[name];
}
