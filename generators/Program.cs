using PiCluster.Render.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("dotnet run --project generators");
    config.AddCommand<RenderCommand>("render").WithDescription("Render the cluster definition into rendered/.");
});
return app.Run(args);
