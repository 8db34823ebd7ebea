using Spectre.Console;

namespace PiCluster.Bootstrap.Remote;

/// <summary>The one prompt before a destructive command (card on a device, reset, restore-etcd).</summary>
public static class Confirmation
{
    /// <summary>
    /// Goes ahead with --yes, or when the operator types one of <paramref name="words"/> at a terminal; otherwise throws
    /// (exit 2, nothing changed). Without a person at a terminal (stdin or stdout redirected: the console is then not
    /// interactive, see Program) there is no one to ask, so no --yes means no.
    /// </summary>
    public static void Require(IAnsiConsole console, string warning, bool yes, params string[] words)
    {
        console.MarkupLineInterpolated($"[yellow]{warning}[/]");
        if (yes) return;
        if (!console.Profile.Capabilities.Interactive)
            throw new BootstrapException("not a terminal, so no confirmation possible; pass --yes to go ahead.");
        var typed = console.Prompt(new TextPrompt<string>($"Type [bold]{Markup.Escape(words[0])}[/] to continue:").AllowEmpty());
        if (!words.Contains(typed.Trim(), StringComparer.Ordinal)) throw new BootstrapException("not confirmed; nothing changed.");
    }
}
