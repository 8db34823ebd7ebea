using Spectre.Console;

namespace PiCluster.CommandLine;

/// <summary>
/// What a command may take from the process, created once by the executable's Program (tests pass their own): stdout as
/// an <see cref="IAnsiConsole"/>, stderr, the clock and the environment. <see cref="CommandLinePolicy.Apply"/> registers
/// each with Spectre's type registrar, so a command names what it uses in its constructor.
/// </summary>
public sealed record ProcessServices(IAnsiConsole Console, StandardError Errors, TimeProvider Time, EnvironmentVariables Environment)
{
    /// <summary>
    /// The services over the given streams. <paramref name="person"/> = a person is there to answer (stdin and stdout are
    /// a terminal): only then do commands draw live tables or prompt, otherwise they print plain lines and ask for --yes.
    /// </summary>
    public static ProcessServices Over(TextWriter stdout, TextWriter stderr, bool person, Func<string, string?> environment) => new(
#pragma warning disable RS0030 // AnsiConsole.Create builds a console over the given writer; it reads no global (the ban is for AnsiConsole.Console and friends).
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Interactive = person ? InteractionSupport.Detect : InteractionSupport.No,
        }),
#pragma warning restore RS0030
        new StandardError(stderr),
        TimeProvider.System,
        new EnvironmentVariables(environment));
}
