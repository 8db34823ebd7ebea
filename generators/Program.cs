// The composition root: the one place of the render CLI that reads the process (console, working directory, environment)
// and the home cluster's definition; every command takes what it uses from here through Spectre's type registrar.
#pragma warning disable RS0030
using PiCluster.Cluster;
using PiCluster.CommandLine;
using PiCluster.Render;
using PiCluster.Render.Cli.Commands;
using Spectre.Console.Cli;

var definition = HomeCluster.Definition;
var services = ProcessServices.Over(Console.Out, Console.Error, person: !Console.IsInputRedirected && !Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
var app = new CommandApp(RenderCli.Registrar(definition, () =>
    Checkout.Find(Environment.CurrentDirectory, definition.Git)
    ?? Checkout.Find(AppContext.BaseDirectory, definition.Git)
    ?? throw new BadInputException($"no {RepositoryRoot.Marker} in {Environment.CurrentDirectory} or above: run from inside the PiCluster checkout.")));
#if RENDER_NATIVE
// ./render's native build: the render command alone (the other commands run on the ReadyToRun build).
app.Configure(config => RenderCli.ConfigureRenderOnly(config, services));
#else
app.Configure(config => RenderCli.Configure(config, services));
#endif
return app.Run(args);
