using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Run;

/// <summary>The one mapping from how a bootstrap command ended to its exit code; every command throws, none catches.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A step (or a remote command outside a plan) failed; the node's log says why.</summary>
    public const int StepFailed = 1;

    /// <summary>Nothing ran: an unknown option or node, a missing value or file, no confirmation.</summary>
    public const int BadInput = 2;

    /// <summary>Shown under every command's --help and in the README.</summary>
    public const string Help = "Exit codes: 0 every step done or already done; 1 a step failed (stderr names it, the node's log has the output); 2 bad input (unknown option or node, missing file or key, not confirmed) — nothing ran.";

    public static int For(Exception exception) => exception switch
    {
        CommandAppException or BootstrapException => BadInput,
        _ => StepFailed,
    };

    /// <summary>Spectre's exception handler: one plain, greppable stderr line (a stack trace only for a bug), then the code.</summary>
    public static int Handle(Exception exception, ITypeResolver? resolver)
    {
        var known = exception is CommandAppException or BootstrapException or SshTransportException or StepVerificationException or StepFailedException;
        Console.Error.WriteLine(known ? $"error: {exception.Message}" : $"error: {exception}");
        return For(exception);
    }
}
