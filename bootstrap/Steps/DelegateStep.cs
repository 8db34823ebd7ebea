namespace PiCluster.Bootstrap.Steps;

/// <summary>
/// A step whose check and action are C# (kubectl with manifests on stdin, local Git work) rather than two fixed scripts.
/// Same contract as every step: the check changes nothing; the action runs only when the check says so.
/// </summary>
public sealed class DelegateStep(string name, Func<StepContext, Task<bool>> isDone, Func<StepContext, Task> apply, IEnumerable<ShellSnippet>? snippets = null)
    : NodeStep(name)
{
    public override Task<bool> IsDoneAsync(StepContext context) => isDone(context);

    public override Task ApplyAsync(StepContext context) => apply(context);

    public override IEnumerable<ShellSnippet> Snippets => snippets ?? [];
}
