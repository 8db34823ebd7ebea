using PiCluster.Bootstrap;
using Spectre.Console.Cli;

PiCluster.Bootstrap.Ssh.SshTransport.RaiseThreadPoolMinimum();
var app = new CommandApp();
app.Configure(BootstrapApp.Configure);
return await app.RunAsync(args);
