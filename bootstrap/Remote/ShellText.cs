using PiCluster.Render;

namespace PiCluster.Bootstrap.Remote;

/// <summary>Node paths and scripts as bootstrap sends them (words are quoted by <see cref="ShellWords"/>).</summary>
public static class ShellText
{
    /// <summary>
    /// A path on the node as "$ROOT"'/path': ROOT is empty on a Pi and the test node's folder in tests (see
    /// <see cref="Steps.NodeShell.RootLine"/>), so one text runs on both.
    /// </summary>
    public static string NodePath(string path) => "\"$ROOT\"" + ShellWords.Quote(path);

    /// <summary>A script: set -eu, the ROOT line when a node path is used, and the given lines.</summary>
    public static string Script(params IEnumerable<string> lines) => Steps.NodeShell.Script(string.Join('\n', lines));
}
