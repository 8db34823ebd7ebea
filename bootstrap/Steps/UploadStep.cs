using PiCluster.Bootstrap.Ssh;

namespace PiCluster.Bootstrap.Steps;

/// <summary>Puts a file on the node when its SHA-256 differs; the content travels on stdin.</summary>
public sealed class UploadStep(string name, string remotePath, string content, string mode = "0644") : NodeStep(name)
{
    public string RemotePath { get; } = remotePath;

    public string Content { get; } = content;

    private string Check => NodeShell.FileHasHash(RemotePath, NodeShell.Sha256(Content));

    private string Write => NodeShell.WriteFile(RemotePath, mode);

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(Check, new CommandOptions(Description: $"{Name}: compare {RemotePath}"));

    public override Task ApplyAsync(StepContext context) =>
        context.Session.RunCheckedAsync(Write, new CommandOptions(StandardInput: Content, Description: $"{Name}: write {RemotePath}"), context.CancellationToken);

    public override IEnumerable<ShellSnippet> Snippets => [new($"{Name}.check", Check), new($"{Name}.write", Write)];
}
