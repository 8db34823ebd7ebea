using Spectre.Console.Cli;

namespace PiCluster.CommandLine;

/// <summary>What an executable says about itself in --help: its name and what its exit codes 0 and 1 mean.</summary>
/// <param name="Name">How the user starts it, e.g. "dotnet run --project generators".</param>
public sealed record CommandLineApp(string Name, string OkMeaning, string FailedMeaning);

/// <summary>
/// The one command-line policy of both executables (render CLI, bootstrap): strict parsing (an option or argument the
/// command does not take is bad input, never ignored), one exception handler (<see cref="FailureReport"/>), the exit
/// codes at the end of --help (<see cref="ExitCodesHelp"/>), and the process's services in Spectre's type registrar so a
/// command takes what it uses in its constructor.
/// </summary>
public static class CommandLinePolicy
{
    public static void Apply(IConfigurator config, CommandLineApp app, ProcessServices services)
    {
        config.SetApplicationName(app.Name);
        config.UseStrictParsing();
        config.ConfigureConsole(services.Console);
        var failures = new FailureReport(services.Errors);
        config.SetExceptionHandler(failures.Handle);
        config.SetInterceptor(failures);
        config.SetInterceptor(new MissingValueGuard());
        config.SetHelpProvider(new ExitCodesHelp(config.Settings, app.OkMeaning, app.FailedMeaning));
        var registrar = config.Settings.Registrar;
        registrar.RegisterInstance(services.Errors);
        registrar.RegisterInstance(services.Time);
        registrar.RegisterInstance(services.Environment);
    }
}
