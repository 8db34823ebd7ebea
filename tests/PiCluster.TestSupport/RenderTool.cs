using PiCluster.Render.Cli.Commands;
using Spectre.Console.Cli.Testing;

namespace PiCluster.TestSupport;

/// <summary>The render tool's command line, run in-process with Spectre's CommandAppTester; output is stdout + stderr.</summary>
public static class RenderTool
{
    public static (int Code, string Output) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var app = new CommandAppTester();
        app.Configure(config => RenderCli.Configure(config, new CliOutput(stdout, stderr)));
        var result = app.Run(args);
        return (result.ExitCode, stdout.ToString() + stderr + result.Output);
    }
}
