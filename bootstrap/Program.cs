using PiCluster.Bootstrap.Card;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("bootstrap");
    config.AddCommand<CardCommand>("card")
        .WithDescription("Write a node's Alpine SD card (or image file) with its first-boot overlay.")
        .WithExample("card", "--node", "pi1", "--device", "/dev/sdb")
        .WithExample("card", "--node", "pi1", "--image", "pi1.img", "--size", "2G")
        .WithExample("card", "--all", "--image-dir", "images");
});
return await app.RunAsync(args);
