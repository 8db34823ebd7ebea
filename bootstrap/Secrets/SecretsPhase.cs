using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>
/// <c>bootstrap secrets</c> as a phase: one step per Secret the rendered tree references, on the control plane. Done =
/// the Secret exists (with --rotate: never, so every Secret is replaced); the action resolves its values (store,
/// environment, or generated and saved) and applies it with kubectl on stdin; the step is verified by a kubectl diff of
/// exactly what it applied (the check cannot confirm a rotation: it is "do it anyway").
/// </summary>
public sealed class SecretsPhase : IBootstrapPhase
{
    public const string PhaseName = "secrets";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var store = new SecretStore(inputs.State.SecretsFile, inputs.Environment);
        var installer = new SecretsInstaller(inputs.Cluster, store, inputs.Report, inputs.Time);
        var steps = installer.Secrets.Select(secret => Step(installer, secret, inputs.RotateSecrets)).ToList();
        return [new PlanStage(PhaseName, [new NodeWork(inputs.ControlPlane, steps)])];
    }

    private static NodeStep Step(SecretsInstaller installer, ClusterSecret secret, bool rotate)
    {
        string? applied = null;
        var description = $"Secret {secret.StoreKey}";
        return new DelegateStep($"secret {secret.StoreKey}",
            async c => !rotate && await new RemoteKubectl(c.Session).ExistsAsync("secret", secret.Namespace, secret.Name, c.CancellationToken),
            async c => applied = await installer.ApplyAsync(new RemoteKubectl(c.Session), secret, rotate, c.CancellationToken),
            [
                new ShellSnippet($"secret {secret.StoreKey}.check", RemoteKubectl.ExistsScript("secret", secret.Namespace, secret.Name)),
                new ShellSnippet($"secret {secret.StoreKey}.apply (Secret on stdin, never logged)", RemoteKubectl.ApplyScript()),
                new ShellSnippet($"secret {secret.StoreKey}.verify (the applied Secret on stdin)", RemoteKubectl.DiffScript([secret.Namespace])),
            ],
            verify: async c => applied is not null && await new RemoteKubectl(c.Session).MatchesAsync(applied, description, sensitive: true, c.CancellationToken));
    }
}
