using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// <c>bootstrap kubeadm</c>: init the control plane, fetch and merge the admin kubeconfig, untaint, apply flannel from
/// rendered/, then join every worker in parallel (each waiting for its own Ready), and wait until all nodes are Ready.
/// </summary>
public sealed class KubeadmPhase : IBootstrapPhase
{
    public const string PhaseName = "kubeadm";

    /// <summary>admin.conf on the control plane; kubectl runs there with it, so the machine running bootstrap needs no kubectl.</summary>
    public const string AdminConf = "/etc/kubernetes/admin.conf";

    public const string FlannelRemotePath = "/etc/kubernetes/picluster/flannel.yaml";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var controlPlane = inputs.ControlPlane;
        var flannel = File.ReadAllText(FlannelManifestPath(inputs));
        return
        [
            new PlanStage(PhaseName,
            [
                new NodeWork(controlPlane,
                [
                    new KubeadmConfigStep(inputs.Cluster, controlPlane, inputs.Report),
                    Init(inputs.ApiServerWait),
                    new AdminKubeconfigStep(inputs),
                    Untaint(controlPlane),
                    new UploadStep("flannel-manifest", FlannelRemotePath, flannel),
                    Flannel(flannel),
                ]),
            ]),
            // Each worker waits for its own Ready after its join, so `--node <worker>` (adding a Pi) waits too.
            new PlanStage(PhaseName, [.. inputs.Workers.Select(w => new NodeWork(w, [new JoinStep(controlPlane, inputs), new NodeReadyStep(controlPlane, inputs)]))]),
            new PlanStage(PhaseName, [new NodeWork(controlPlane, [new NodesReadyStep(inputs)])]),
        ];
    }

    /// <summary>The rendered flannel manifest — the single source of truth, never re-rendered here.</summary>
    public static string FlannelManifestPath(PhaseInputs inputs) =>
        PiCluster.Render.RenderedLayout.FileIn(inputs.State.RepositoryRoot, inputs.Cluster.Git, PiCluster.Render.RenderedLayout.Flannel);

    /// <summary>
    /// Done when admin.conf and the API server manifest exist and /readyz answers within <paramref name="apiServerWait"/>
    /// (a just-booted control plane needs a moment); initialised but never ready is an error, not "needed" — re-running
    /// init would fail on the existing files. The check's own timeout is the wait plus a minute, so the user gets this
    /// message rather than a check timeout.
    /// </summary>
    public static ScriptStep Init(TimeSpan apiServerWait, string ignorePreflight = "") => NodeScripts.Step(
        "kubeadm-init",
        NodeScripts.KubeadmInit,
        [("ADMIN_CONF", AdminConf), ("API_SERVER_WAIT", (int)Math.Ceiling(apiServerWait.TotalSeconds))],
        applyOnly: [("CONFIG", KubeadmConfigBuilder.RemotePath), ("IGNORE_PREFLIGHT", ignorePreflight)],
        actionTimeout: TimeSpan.FromMinutes(30),
        checkTimeout: apiServerWait + TimeSpan.FromMinutes(1));

    /// <summary>
    /// The single control plane also runs workloads. kubeadm init registers it untainted (InitConfiguration
    /// nodeRegistration.taints: []), so this stays a check; its action removes a NoSchedule taint put back later.
    /// </summary>
    public static ScriptStep Untaint(Node controlPlane)
    {
        return NodeScripts.Step("control-plane-taint", NodeScripts.ControlPlaneTaint, [("NODE", controlPlane.Name), ("ADMIN_CONF", AdminConf)]);
    }

    /// <summary>
    /// flannel from the uploaded rendered manifest (bootstrap/Scripts/flannel.sh). Before Flux: namespaces exist, then
    /// `kubectl diff` (exit 0 same, 1 differs; on a fresh cluster kube-flannel does not exist and diff would exit 2, so a
    /// missing namespace answers "needed" first) and `kubectl apply`. Once Flux's root Kustomization exists, Flux owns
    /// flannel: the check asks only that every object exists and the action only creates missing ones, so bootstrap
    /// never takes flannel back from Flux.
    /// </summary>
    public static ScriptStep Flannel(string manifest) =>
        NodeScripts.Step("flannel", NodeScripts.Flannel,
        [
            ("ADMIN_CONF", AdminConf),
            ("MANIFEST", FlannelRemotePath),
            ("NAMESPACES", string.Join(' ', ManifestNamespaces.Of(manifest))),
            ("OBJECTS", ObjectCount(manifest)),
        ]);

    /// <summary>The objects (documents with a kind) of a multi-document manifest.</summary>
    public static int ObjectCount(string manifest)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(manifest));
        return stream.Documents.Count(d => d.RootNode is YamlDotNet.RepresentationModel.YamlMappingNode m
            && m.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("kind")));
    }
}
