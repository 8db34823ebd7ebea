using System.ComponentModel;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Certs;

public sealed class CertsRenewSettings : KubeadmSettings
{
    [CommandOption("--force")]
    [Description("Renew even when every certificate has more days left than BootstrapSettings.Health.CertificateDays.")]
    public bool Force { get; init; }
}

/// <summary><c>bootstrap certs renew</c>: the <see cref="CertsRenewPhase"/> plan on the control plane.</summary>
public sealed class CertsRenewCommand(BootstrapServices services) : PhaseCommand<CertsRenewSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(CertsRenewSettings settings) => [new CertsRenewPhase(settings.Force)];

    protected override PhaseInputs With(PhaseInputs inputs, CertsRenewSettings settings) =>
        inputs with { KubeconfigPath = settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig, ReadyTimeout = TimeSpan.FromMinutes(2), PollInterval = TimeSpan.FromSeconds(2) };
}
