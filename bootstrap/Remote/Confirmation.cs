using Spectre.Console;

namespace PiCluster.Bootstrap.Remote;

/// <summary>The one prompt before a destructive command (card on a device, reset, restore-etcd).</summary>
public static class Confirmation
{
    /// <summary>
    /// Goes ahead with --yes, or when the operator types one of <paramref name="words"/> on a terminal; otherwise throws
    /// (exit 2, nothing changed). Without a terminal there is no one to ask, so no --yes means no.
    /// </summary>
    public static void Require(string warning, bool yes, params string[] words)
    {
        AnsiConsole.MarkupLineInterpolated($"[yellow]{warning}[/]");
        if (yes) return;
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsInputRedirected || Console.IsOutputRedirected)
            throw new BootstrapException("not a terminal, so no confirmation possible; pass --yes to go ahead.");
        var typed = AnsiConsole.Prompt(new TextPrompt<string>($"Type [bold]{Markup.Escape(words[0])}[/] to continue:").AllowEmpty());
        if (!words.Contains(typed.Trim(), StringComparer.Ordinal)) throw new BootstrapException("not confirmed; nothing changed.");
    }
}
