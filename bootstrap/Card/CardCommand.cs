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
        try
        {
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
                if (!Confirm(device, settings.Yes, interactive)) return 1;
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
        catch (BootstrapException e)
        {
            // Plain stderr, not Spectre markup: the message stays unwrapped and greppable in logs.
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static bool Confirm(BlockDeviceFacts device, bool yes, bool interactive)
    {
        var table = new Table().AddColumn("Device").AddColumn("Model").AddColumn("Size").AddColumn("Removable");
        table.AddRow(Markup.Escape(device.Path), Markup.Escape(device.Model), ByteSize.Format(device.SizeBytes), device.Removable ? "yes" : "no");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[yellow]Everything on this device will be erased.[/]");
        if (yes) return true;
        if (!interactive)
        {
            AnsiConsole.MarkupLine("[red]error:[/] not a terminal, so no confirmation possible; pass --yes to write anyway.");
            return false;
        }
        var typed = AnsiConsole.Prompt(new TextPrompt<string>($"Type [bold]{Markup.Escape(device.Name)}[/] to continue:").AllowEmpty());
        if (typed.Trim() == device.Name || typed.Trim() == device.Path) return true;
        AnsiConsole.MarkupLine("Not confirmed; nothing written.");
        return false;
    }
}
