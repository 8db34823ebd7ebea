using Spectre.Console.Cli;

namespace PiCluster.CommandLine;

/// <summary>
/// The one exception handler of both executables: one plain, greppable stderr line per failure, and the exit code for
/// its kind. Expected failures never show a stack trace; anything else is a bug, reported as such (exit 70), with the
/// stack trace behind --verbose. As an interceptor it learns --verbose from the parsed settings.
/// </summary>
public sealed class FailureReport(StandardError errors) : ICommandInterceptor
{
    private bool _verbose;

    public void Intercept(CommandContext context, CommandSettings settings) =>
        _verbose = settings is CommandLineSettings { Verbose: true };

    public int Handle(Exception exception, ITypeResolver? resolver)
    {
        exception = Unwrapped(exception);
        var code = ExitCodeOf(exception);
        errors.WriteLine(code switch
        {
            ExitCodes.Bug when _verbose => $"error: a bug in the tool: {exception}",
            ExitCodes.Bug => $"error: a bug in the tool: {exception.GetType().Name}: {exception.Message} (rerun with --verbose for the stack trace)",
            ExitCodes.Cancelled => "error: cancelled; a rerun continues where this one stopped.",
            ExitCodes.BadInput when exception is CommandParseException => $"error: {exception.Message} (see --help)",
            _ => $"error: {exception.Message}",
        });
        return code;
    }

    /// <summary>
    /// Spectre wraps what a registered factory throws (the checkout, found when a command first needs it) in "Could not
    /// resolve type" (its TypeResolverAdapter); what matters is the factory's own exception inside.
    /// </summary>
    private static Exception Unwrapped(Exception exception)
    {
        var e = exception;
        while (e.InnerException is { } inner
               && (e is System.Reflection.TargetInvocationException
                   || (e is CommandRuntimeException && e.Message.StartsWith("Could not resolve type", StringComparison.Ordinal))))
        {
            e = inner;
        }
        return e;
    }

    public static int ExitCodeOf(Exception exception) => exception switch
    {
        OperationCanceledException => ExitCodes.Cancelled,
        // Spectre's parse and validation errors; a configuration error is the tool's own bug.
        CommandParseException or CommandRuntimeException => ExitCodes.BadInput,
        BadInputException => ExitCodes.BadInput,
        CommandFailedException => ExitCodes.Failed,
        _ => ExitCodes.Bug,
    };
}
