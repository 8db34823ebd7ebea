namespace PiCluster.Bootstrap.Steps;

/// <summary>
/// A step whose check and action are C# (kubectl with manifests on stdin, local Git work) rather than two fixed scripts.
/// Same contract as every step: the check changes nothing; the action runs only when the check says so; then
/// <paramref name="verify"/> (default: the check again) confirms the effect.
/// </summary>
public sealed class DelegateStep(
    string name,
    Func<StepContext, Task<bool>> isDone,
    Func<StepContext, Task> apply,
    IEnumerable<ShellSnippet>? snippets = null,
    Func<StepContext, Task<bool>>? verify = null)
    : NodeStep(name)
{
    public override Task<bool> IsDoneAsync(StepContext context) => isDone(context);

    public override Task ApplyAsync(StepContext context) => apply(context);

    public override Task<bool> VerifyAsync(StepContext context) => (verify ?? isDone)(context);

    public override IEnumerable<ShellSnippet> Snippets => snippets ?? [];
}
