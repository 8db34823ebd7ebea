using System.ComponentModel;
using Spectre.Console.Cli;

namespace PiCluster.CommandLine;

/// <summary>The options every command of both executables takes; a command's settings class derives from this.</summary>
public class CommandLineSettings : CommandSettings
{
    [CommandOption("--verbose")]
    [Description("On a bug (exit 70), print the stack trace too; render also prints the time of each phase.")]
    public bool Verbose { get; init; }
}
