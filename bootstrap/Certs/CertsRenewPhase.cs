using System.Text.Json;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Certs;

/// <summary>
/// `bootstrap certs renew` on the control plane: `kubeadm certs renew all` when any certificate has fewer days left than
/// the threshold (or always with --force), then each control-plane static pod restarted the documented way
/// (bootstrap/Scripts/static-pod-restart.sh), then admin.conf — renewed too — copied to the workstation kubeconfig.
/// The kubelets' own client certificates are not kubeadm's: the kubelet rotates them itself (rotateCertificates).
/// </summary>
public sealed class CertsRenewPhase(bool force) : IBootstrapPhase
{
    public const string PhaseName = "certs";

    /// <summary>Each static pod and the file renewed for it that it reads (kubeadm app/phases/certs/renewal).</summary>
    public static readonly IReadOnlyList<(string Component, string RenewedFile)> StaticPods =
    [
        ("etcd", "/etc/kubernetes/pki/etcd/server.crt"),
        ("kube-apiserver", "/etc/kubernetes/pki/apiserver.crt"),
        ("kube-controller-manager", "/etc/kubernetes/controller-manager.conf"),
        ("kube-scheduler", "/etc/kubernetes/scheduler.conf"),
    ];

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs) =>
    [
        new PlanStage(PhaseName, [new NodeWork(inputs.ControlPlane,
        [
            new RenewStep(inputs.Cluster.Bootstrap.Thresholds.CertificateDays, force),
            .. StaticPods.Select(p => Restart(p.Component, p.RenewedFile, inputs)),
            new AdminKubeconfigStep(inputs),
        ])]),
    ];

    private static ScriptStep Restart(string component, string renewedFile, PhaseInputs inputs)
    {
        // The kubelet looks at the manifests every 20 s (fileCheckFrequency); the wait covers it and a slow pod start.
        var wait = (int)Math.Max(inputs.ReadyTimeout.TotalSeconds, 1);
        var poll = (int)Math.Max(inputs.PollInterval.TotalSeconds, 1);
        (string, object)[] parameters = [("COMPONENT", component), ("RENEWED_FILE", renewedFile), ("WAIT_SECONDS", wait), ("POLL_SECONDS", poll)];
        return NodeScripts.Step("restart-" + component, Day2Scripts.StaticPodRestart, [("NODE_NAME", inputs.ControlPlane.Name), .. parameters],
            actionTimeout: TimeSpan.FromSeconds(2 * wait + 60));
    }
}

/// <summary>
/// Done when every kubeadm certificate has at least <c>thresholdDays</c> left (`kubeadm certs check-expiration -o json`,
/// output.kubeadm.k8s.io/v1alpha3); with --force, only once this run renewed them. The action is `kubeadm certs renew all`
/// (cmd/kubeadm/app/cmd/certs.go: renews every certificate and kubeconfig signed by the local CAs, then asks for the
/// four static pods to be restarted). The CAs (ten years) are not renewed: kubeadm never does.
/// </summary>
public sealed class RenewStep(int thresholdDays, bool force) : NodeStep("renew")
{
    public static readonly string CheckExpiration = NodeShell.Script(NodeScripts.Check(Day2Scripts.KubeadmCerts));

    public static readonly string RenewAll = NodeShell.Script(NodeScripts.Apply(Day2Scripts.KubeadmCerts));

    private bool _renewed;

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        if (force) return _renewed;
        var result = await context.Session.RunCheckedAsync(CheckExpiration, new CommandOptions(Description: "kubeadm certs check-expiration"), context.CancellationToken);
        var soonest = SoonestDays(result.Output);
        context.Session.Note($"renew: the first certificate expires in {soonest} days (threshold {thresholdDays})");
        return soonest >= thresholdDays;
    }

    public override async Task ApplyAsync(StepContext context)
    {
        await context.Session.RunCheckedAsync(RenewAll, new CommandOptions(Timeout: TimeSpan.FromMinutes(5), Description: "kubeadm certs renew all"), context.CancellationToken);
        _renewed = true;
    }

    /// <summary>
    /// Days left on the certificate that expires first, from check-expiration's JSON; <see cref="int.MaxValue"/> when none
    /// is there. A missing certificate is left out: `kubeadm certs renew` renews only what exists (it reports a missing one
    /// "MISSING!" and creates nothing), so counting it would make the step never settle; `bootstrap status` names the
    /// `kubeadm init phase` command that creates it.
    /// </summary>
    public static int SoonestDays(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("certificates", out var certificates) || certificates.ValueKind != JsonValueKind.Array)
            throw new StepFailedException("kubeadm certs check-expiration -o json printed no certificates list");
        var days = certificates.EnumerateArray()
            .Where(c => !(c.TryGetProperty("missing", out var m) && m.ValueKind == JsonValueKind.True))
            .Select(c => (int)Math.Floor((c.TryGetProperty("residualTime", out var r) ? r.GetInt64() : 0) / 86400.0)).ToList();
        return days.Count == 0 ? int.MaxValue : days.Min();
    }

    public override IEnumerable<ShellSnippet> Snippets => [new("renew.check", CheckExpiration), new("renew.action", RenewAll)];
}
