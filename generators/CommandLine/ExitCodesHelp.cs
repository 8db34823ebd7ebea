using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace PiCluster.CommandLine;

/// <summary>Spectre's help, plus the exit codes once at the end (of the application's help and of every command's).</summary>
public sealed class ExitCodesHelp(ICommandAppSettings settings, string okMeaning, string failedMeaning) : HelpProvider(settings)
{
    private readonly Style _header = settings.HelpProviderStyles?.Options?.Header ?? Style.Plain;

    public IReadOnlyList<(int Code, string Meaning)> Codes { get; } =
    [
        (ExitCodes.Ok, okMeaning),
        (ExitCodes.Failed, failedMeaning),
        (ExitCodes.BadInput, "bad input, nothing ran: an unknown option or argument, a missing value or file, no confirmation"),
        (ExitCodes.Bug, "a bug in the tool (--verbose prints the stack trace)"),
    ];

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadLeft(3).PadRight(4)).AddColumn(new GridColumn().PadRight(0));
        foreach (var (code, meaning) in Codes) grid.AddRow(new Text(code.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(meaning));
        return [Text.NewLine, new Text("EXIT CODES:", _header), Text.NewLine, grid, Text.NewLine];
    }
}
