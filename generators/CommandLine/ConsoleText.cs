using Spectre.Console;

namespace PiCluster.CommandLine;

public static class ConsoleText
{
    /// <summary>
    /// The console's own writer, for text that must come out exactly as given (plans, diffs, one line per step): Spectre's
    /// WriteLine would parse nothing but wrap lines at the terminal width, and 80 columns when piped.
    /// </summary>
    public static TextWriter Writer(this IAnsiConsole console) => console.Profile.Out.Writer;
}
