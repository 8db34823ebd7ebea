using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.CommandLine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Card;

/// <summary><c>bootstrap card</c>: writes a node's SD card or image; the work is in <see cref="CardService"/>.</summary>
public sealed class CardCommand(BootstrapServices services) : AsyncCommand<CardSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CardSettings settings, CancellationToken cancellationToken)
    {
        var cluster = services.Cluster;
        var console = services.Console;
        var state = services.State;
        var request = settings.ToRequest(cluster.Nodes.Select(n => n.Name));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        CardService Service(ICardProgress progress) => new(
            cluster,
            state,
            DeviceSafety.ForThisMachine(cluster.Bootstrap.MaxCardBytes),
            new AlpineTarballSource(state, http, AlpineRelease.DefaultMirror, progress),
            progress);

        BlockDeviceFacts? device = null;
        if (request.Target is CardTarget.Device target)
        {
            var service = Service(new PlainCardProgress(console.Writer()));
            service.FindNode(request.Nodes[0]);
            device = service.CheckDevice(target.Path, settings.Force);
            Confirm(console, device, settings.Yes);
        }

        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(ctx => Service(new SpectreCardProgress(ctx, console)).RunAsync(request, device, cancellationToken));
        }
        else
        {
            await Service(new PlainCardProgress(console.Writer())).RunAsync(request, device, cancellationToken);
        }
        return ExitCodes.Ok;
    }

    private static void Confirm(IAnsiConsole console, BlockDeviceFacts device, bool yes)
    {
        var table = new Table().AddColumn("Device").AddColumn("Model").AddColumn("Size").AddColumn("Removable");
        table.AddRow(Markup.Escape(device.Path), Markup.Escape(device.Model), ByteSize.Format(device.SizeBytes), device.Removable ? "yes" : "no");
        console.Write(table);
        Confirmation.Require(console, "Everything on this device will be erased.", yes, device.Name, device.Path);
    }
}
