using PiCluster.Render.Benchmarks;
using Spectre.Console.Cli;

// dotnet run -c Release --project tests/PiCluster.Render.Benchmarks [-- --services N | --diff | --charts DIR | --startup [--install-cdk8s] | --runs R | --temp DIR]
var app = new CommandApp<BenchCommand>();
app.Configure(config => config.SetApplicationName("dotnet run -c Release --project tests/PiCluster.Render.Benchmarks --"));
return app.Run(args);
