using System.Security.Cryptography;
using System.Text;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Steps;

/// <summary>
/// A step made of two POSIX sh scripts run on the node: <paramref name="check"/> exits 0 when done and 1 when the
/// action is needed; <paramref name="action"/> must exit 0. Both go through <see cref="NodeShell.Script"/>.
/// </summary>
/// <param name="checkTimeout">How long the check may run (default 1 min); a check that waits must get more than its wait.</param>
public sealed class ScriptStep(string name, string check, string action, TimeSpan? actionTimeout = null, TimeSpan? checkTimeout = null) : NodeStep(name)
{
    public string Check { get; } = NodeShell.Script(check);

    public string Action { get; } = NodeShell.Script(action);

    public TimeSpan CheckTimeout { get; } = checkTimeout ?? TimeSpan.FromMinutes(1);

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(Check, new CommandOptions(Timeout: CheckTimeout, Description: $"{Name}: check"));

    public override Task ApplyAsync(StepContext context) =>
        context.Session.RunCheckedAsync(Action, new CommandOptions(Timeout: actionTimeout, Description: $"{Name}: action\n{Action}"), context.CancellationToken);

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new($"{Name}.check", Check),
        new($"{Name}.action", Action),
    ];
}

/// <summary>Conventions every script sent to a node follows.</summary>
public static partial class NodeShell
{
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9_]*=")]
    private static partial System.Text.RegularExpressions.Regex ParameterLine();

    /// <summary>
    /// Every path a script touches is "$ROOT/…": empty on a real node, a per-node folder in tests (NODE_ROOT), so the
    /// same text runs on a Pi and on the test machine without touching its /etc.
    /// </summary>
    public const string RootLine = "ROOT=\"${NODE_ROOT:-}\"\n";

    /// <summary>A script body with <c>set -eu</c>, and the ROOT line when the body uses "$ROOT".</summary>
    public static string Script(string body)
    {
        body = body.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        // A script file from bootstrap/Scripts brings its own prelude: "set -eu" right after its parameter and comment lines.
        if (FirstCommand(body) == "set -eu") return body;
        return "set -eu\n" + (body.Contains("$ROOT", StringComparison.Ordinal) ? RootLine : "") + body;
    }

    /// <summary>The first line after the leading parameter assignments (a quoted value may span lines), comments and blank lines.</summary>
    private static string? FirstCommand(string body)
    {
        var i = 0;
        while (i < body.Length)
        {
            var end = body.IndexOf('\n', i);
            var line = body[i..(end < 0 ? body.Length : end)];
            if (line.Length == 0 || line.StartsWith('#')) i += line.Length + 1;
            else if (ParameterLine().IsMatch(line)) i = EndOfAssignment(body, i) + 1;
            else return line;
        }
        return null;
    }

    /// <summary>The index of the newline ending the assignment at <paramref name="start"/>, outside '…' and "…" (as <see cref="ShellWords.Quote"/> writes them).</summary>
    private static int EndOfAssignment(string body, int start)
    {
        var quote = '\0';
        for (var i = start; i < body.Length; i++)
        {
            var c = body[i];
            if (quote == '\0')
            {
                if (c == '\n') return i;
                if (c is '\'' or '"') quote = c;
            }
            else if (quote == '"' && c == '\\') i++;
            else if (c == quote) quote = '\0';
        }
        return body.Length;
    }

    /// <summary>bootstrap/Scripts/file-content.sh, MODE=apply: writes stdin to "$ROOT&lt;path&gt;" atomically with the given octal mode.</summary>
    /// <param name="base64">stdin is base64 (binary content), decoded on the node.</param>
    public static string WriteFile(string path, string mode, bool base64 = false) => base64
        ? Scripts.NodeScripts.Apply(Scripts.NodeScripts.FileContent, ("TARGET", path), ("FILE_MODE", mode), ("DECODE", "base64"))
        : Scripts.NodeScripts.Apply(Scripts.NodeScripts.FileContent, ("TARGET", path), ("FILE_MODE", mode));

    /// <summary>bootstrap/Scripts/file-content.sh, MODE=check: exits 0 when "$ROOT&lt;path&gt;" has the given SHA-256, 1 otherwise.</summary>
    public static string FileHasHash(string path, string sha256) =>
        Scripts.NodeScripts.Check(Scripts.NodeScripts.FileContent, ("TARGET", path), ("SHA256", sha256));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text, as sha256sum prints it.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
