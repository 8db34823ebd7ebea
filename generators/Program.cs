using PiCluster.Render.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config => RenderCli.Configure(config, CliOutput.Console));
return app.Run(args);
