using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>
/// <c>bootstrap secrets</c> as a phase: one step per Secret the rendered tree references, on the control plane. Done =
/// the Secret exists (unless --rotate); the action resolves its values (store, environment, or generated and saved) and
/// applies it with kubectl on stdin.
/// </summary>
public sealed class SecretsPhase : IBootstrapPhase
{
    public const string PhaseName = "secrets";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var store = new SecretStore(inputs.State.SecretsFile, inputs.Environment);
        var installer = new SecretsInstaller(inputs.Cluster, store, inputs.Report);
        var steps = installer.Secrets.Select(secret => (NodeStep)new DelegateStep($"secret {secret.StoreKey}",
            async c => !inputs.RotateSecrets && await new RemoteKubectl(c.Session).ExistsAsync("secret", secret.Namespace, secret.Name, c.CancellationToken),
            c => installer.ApplyAsync(new RemoteKubectl(c.Session), secret, inputs.RotateSecrets, c.CancellationToken),
            [
                new ShellSnippet($"secret {secret.StoreKey}.check", RemoteKubectl.ExistsScript("secret", secret.Namespace, secret.Name)),
                new ShellSnippet($"secret {secret.StoreKey}.apply (Secret on stdin, never logged)", RemoteKubectl.ApplyScript()),
            ])).ToList();
        return [new PlanStage(PhaseName, [new NodeWork(inputs.ControlPlane, steps)])];
    }
}
