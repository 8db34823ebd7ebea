using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Steps;
using PiCluster.Render.Components;

namespace PiCluster.Bootstrap.Flux;

/// <summary>
/// <c>bootstrap flux</c> as a phase of <c>bootstrap cluster</c>: four checked steps on the control plane. The install
/// manifest is read from rendered/ (and verified) once per run, by the first step that needs it — never during a dry run.
/// </summary>
public sealed class FluxPhase : IBootstrapPhase
{
    public const string PhaseName = "flux";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var installer = new FluxInstaller(inputs.Cluster, inputs.State, inputs.Report);
        // Read from rendered/ (what render copied from cluster/Flux/install.yaml), never fetched or written here.
        Task<FluxManifest> Manifest(StepContext c) => c.Run.SharedAsync("flux-manifest", () => Task.FromResult(FluxComponentsFile.Read(inputs.Cluster, inputs.State.RepositoryRoot)));
        Task<FluxRepository> Repository(StepContext c) => c.Run.SharedAsync("flux-repository", () =>
        {
            var repository = FluxRepository.Resolve(inputs.Cluster.Git, inputs.State.RepositoryRoot);
            foreach (var note in repository.Notes) inputs.Report.WriteLine(note);
            return Task.FromResult(repository);
        });
        RemoteKubectl Kubectl(StepContext c) => new(c.Session);

        List<NodeStep> steps =
        [
            new DelegateStep("flux-components",
                async c => await Kubectl(c).MatchesAsync((await Manifest(c)).Text, "Flux install manifest", sensitive: false, c.CancellationToken, serverSide: true),
                async c => await FluxInstaller.ApplyComponentsAsync(Kubectl(c), await Manifest(c), c.CancellationToken),
                [
                    new("flux-components.check (install.yaml on stdin)", RemoteKubectl.DiffScript([FluxSync.Namespace], serverSide: true)),
                    new("flux-components.apply (install.yaml on stdin)", RemoteKubectl.ApplyScript(serverSide: true)),
                    new("flux-components.wait-crds", RemoteKubectl.WaitScript(FluxInstaller.CrdsEstablished, TimeSpan.FromMinutes(2))),
                    new("flux-components.wait-controllers", RemoteKubectl.WaitScript(FluxInstaller.ControllersAvailable, TimeSpan.FromMinutes(10))),
                ]),
            new DelegateStep("flux-deploy-key",
                async c => File.Exists(inputs.State.FluxDeployKey) &&
                           await Kubectl(c).MatchesAsync(await installer.DeployKeySecretYamlAsync(await Repository(c), c.CancellationToken), "Secret flux-system/flux-system", sensitive: true, c.CancellationToken),
                async c =>
                {
                    await Kubectl(c).ApplyAsync(await installer.DeployKeySecretYamlAsync(await Repository(c), c.CancellationToken), "Secret flux-system/flux-system", sensitive: true, c.CancellationToken);
                    installer.PrintDeployKey(await Repository(c));
                },
                [
                    new("flux-deploy-key.check (Secret on stdin)", RemoteKubectl.DiffScript([FluxSync.Namespace])),
                    new("flux-deploy-key.apply (Secret on stdin)", RemoteKubectl.ApplyScript()),
                ]),
            // Server-side, as field manager kubectl: the root Kustomization applies gotk-sync.yaml itself, strips kubectl's
            // last-applied annotation and takes kubectl's managed fields over (fluxcd/pkg ssa cleanup), so a client-side diff
            // would differ on every run and re-apply, while a server-side diff of unchanged objects is empty and bootstrap
            // keeps no field of its own (see RemoteKubectl.ServerSideFieldManager).
            new DelegateStep("flux-sync",
                async c => await Kubectl(c).MatchesAsync(installer.SyncObjects(await Repository(c)), "gotk-sync.yaml", sensitive: false, c.CancellationToken, serverSide: true),
                async c => await Kubectl(c).ApplyAsync(installer.SyncObjects(await Repository(c)), "gotk-sync.yaml", sensitive: false, c.CancellationToken, serverSide: true),
                [
                    new("flux-sync.check (gotk-sync.yaml on stdin)", RemoteKubectl.DiffScript([FluxSync.Namespace], serverSide: true)),
                    new("flux-sync.apply (gotk-sync.yaml on stdin)", RemoteKubectl.ApplyScript(serverSide: true)),
                ]),
            new DelegateStep("flux-ready",
                async c =>
                {
                    var ready = await FluxInstaller.RootReadyAsync(Kubectl(c), c.CancellationToken);
                    if (ready) installer.ReportReady(await Repository(c));
                    return ready;
                },
                c => FluxInstaller.WaitRootReadyAsync(Kubectl(c), inputs.FluxReadyTimeout, c.CancellationToken),
                [
                    new("flux-ready.check", RemoteKubectl.ConditionScript(FluxInstaller.RootReady)),
                    new("flux-ready.wait", RemoteKubectl.WaitScript(FluxInstaller.RootReady, inputs.FluxReadyTimeout)),
                ]),
        ];
        return [new PlanStage(PhaseName, [new NodeWork(inputs.ControlPlane, steps)])];
    }
}
