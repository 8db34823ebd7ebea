namespace PiCluster.Render.Rules;

public enum RuleSeverity
{
    Error,
    Warning,
}

/// <summary>One broken invariant: which rule, where (file, object, field) and what is wrong.</summary>
/// <param name="Object">"Kind namespace/name" of the object to change.</param>
/// <param name="Field">JSON path inside that object, e.g. "spec.values.affinity".</param>
public sealed record RuleFinding(string Rule, RuleSeverity Severity, string File, string Object, string Field, string Message)
{
    public static RuleFinding Error(string rule, RenderedObject on, string field, string message) => new(rule, RuleSeverity.Error, on.File, on.Display, field, message);

    public static RuleFinding Warning(string rule, RenderedObject on, string field, string message) => new(rule, RuleSeverity.Warning, on.File, on.Display, field, message);

    public override string ToString() =>
        $"{Rule}{(Severity == RuleSeverity.Warning ? " (warning)" : "")} {File} {Object}: {Field}: {Message}";
}
