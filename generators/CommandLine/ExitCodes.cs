namespace PiCluster.CommandLine;

/// <summary>How a command of either executable ended; <see cref="CommandLinePolicy"/> states them once, at the end of --help.</summary>
public static class ExitCodes
{
    /// <summary>Everything done (or already done); nothing found.</summary>
    public const int Ok = 0;

    /// <summary>The work started and failed (a bootstrap step), or a check found something (validate, render --check, diff --exit-code).</summary>
    public const int Failed = 1;

    /// <summary>Bad input, nothing ran: an unknown option or argument, a missing value or file, no confirmation.</summary>
    public const int BadInput = 2;

    /// <summary>A bug in the tool (an exception nobody expected): sysexits.h's EX_SOFTWARE; --verbose prints the stack trace.</summary>
    public const int Bug = 70;

    /// <summary>Interrupted (Ctrl+C): 128 + SIGINT, as a shell reports it.</summary>
    public const int Cancelled = 130;
}
