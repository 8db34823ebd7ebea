// The composition root: the one place of bootstrap that reads the process (console, working directory, environment)
// and the home cluster's definition; every command takes what it uses from here through Spectre's type registrar.
#pragma warning disable RS0030
using PiCluster.Bootstrap;
using PiCluster.Cluster;
using PiCluster.CommandLine;
using PiCluster.Render;
using Spectre.Console.Cli;

PiCluster.Bootstrap.Ssh.SshTransport.RaiseThreadPoolMinimum();
var definition = HomeCluster.Definition;
var services = ProcessServices.Over(Console.Out, Console.Error, person: !Console.IsInputRedirected && !Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
var app = new CommandApp(BootstrapApp.Registrar(definition, () =>
    Checkout.Find(Environment.CurrentDirectory, definition.Git)
    ?? throw new BootstrapException($"no {RepositoryRoot.Marker} in {Environment.CurrentDirectory} or above: run bootstrap from inside the PiCluster checkout (its state lives in .picluster/ there).")));
app.Configure(config => BootstrapApp.Configure(config, services));
return await app.RunAsync(args);
