using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Card;

/// <summary><c>bootstrap card</c>: writes a node's SD card or image; the work is in <see cref="CardService"/>.</summary>
public sealed class CardCommand : AsyncCommand<CardSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CardSettings settings, CancellationToken cancellationToken)
    {
        var cluster = HomeCluster.Definition;
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        var state = StateFolder.Locate(Environment.CurrentDirectory);
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
            var plain = new PlainCardProgress(Console.Out);
            var service = Service(plain);
            service.FindNode(request.Nodes[0]);
            device = service.CheckDevice(target.Path, settings.Force);
            Confirm(device, settings.Yes);
        }

        if (interactive)
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(ctx => Service(new SpectreCardProgress(ctx)).RunAsync(request, device, cancellationToken));
        }
        else
        {
            await Service(new PlainCardProgress(Console.Out)).RunAsync(request, device, cancellationToken);
        }
        return 0;
    }

    private static void Confirm(BlockDeviceFacts device, bool yes)
    {
        var table = new Table().AddColumn("Device").AddColumn("Model").AddColumn("Size").AddColumn("Removable");
        table.AddRow(Markup.Escape(device.Path), Markup.Escape(device.Model), ByteSize.Format(device.SizeBytes), device.Removable ? "yes" : "no");
        AnsiConsole.Write(table);
        Confirmation.Require("Everything on this device will be erased.", yes, device.Name, device.Path);
    }
}
