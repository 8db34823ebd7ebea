namespace PiCluster.CommandLine;

/// <summary>
/// Where a command writes errors, warnings and notes: the process's stderr, or a test's writer. Kept apart from the
/// command's result, which goes to the registered <see cref="Spectre.Console.IAnsiConsole"/> (stdout), so a result can be piped.
/// </summary>
public sealed class StandardError(TextWriter writer)
{
    public TextWriter Writer { get; } = TextWriter.Synchronized(writer);

    public void WriteLine(string line) => Writer.WriteLine(line);
}
