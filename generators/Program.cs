using PiCluster.Render.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("dotnet run --project generators");
    config.AddCommand<RenderCommand>("render").WithDescription("Render the cluster definition into rendered/.");
    config.AddCommand<ValidateCommand>("validate").WithDescription("Check rendered custom resources and Helm values against upstream schemas, and the cluster rules (PI1xxx) across objects.");
    config.AddCommand<DiffCommand>("diff").WithDescription("Show what a change does to the cluster: the rendered tree at a git revision against a fresh render, object by object.");
    config.AddCommand<BenchCommand>("bench").WithDescription("Time rendering synthetic clusters of 7, 1000 and 2000 services.");
});
return app.Run(args);
