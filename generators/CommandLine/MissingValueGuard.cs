using System.Reflection;
using Spectre.Console.Cli;

namespace PiCluster.CommandLine;

/// <summary>
/// Refuses an option given without its value (<c>render --out</c>). Spectre's strict mode, when parsing fails, retries
/// with the word "__default_command" inserted at every position (spectreconsole/spectre.console.cli
/// src/Spectre.Console.Cli/Internal/CommandExecutor.cs, ParseCommandLineArguments); with no default command that word
/// then parses as the missing value, and `render --out` wrote a folder named __default_command.
/// </summary>
public sealed class MissingValueGuard : ICommandInterceptor
{
    private const string Sentinel = "__default_command";

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (context.Arguments.Contains(Sentinel, StringComparer.Ordinal)) return;
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is { } option && Equals(property.GetValue(settings), Sentinel))
            {
                throw new BadInputException($"{option.LongNames.Select(n => "--" + n).FirstOrDefault()} needs a value (see --help).");
            }
        }
    }
}
