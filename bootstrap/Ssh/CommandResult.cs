namespace PiCluster.Bootstrap.Ssh;

/// <summary>A finished remote command. Output is kept in memory (and streamed to the node log unless sensitive).</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>How one command runs.</summary>
/// <param name="Timeout">Overrides <see cref="SshTransportOptions.CommandTimeout"/>.</param>
/// <param name="StandardInput">Sent to the command's stdin, then closed. Never logged, so secrets travel here, not on the command line.</param>
/// <param name="Sensitive">Keep the command's output out of the log (e.g. it prints a join token).</param>
/// <param name="Description">Short label for the log instead of the full script.</param>
public sealed record CommandOptions(
    TimeSpan? Timeout = null,
    string? StandardInput = null,
    bool Sensitive = false,
    string? Description = null)
{
    public static readonly CommandOptions Default = new();
}
