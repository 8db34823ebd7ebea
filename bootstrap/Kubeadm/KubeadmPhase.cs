using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// <c>bootstrap kubeadm</c>: init the control plane, fetch and merge the admin kubeconfig, untaint, apply flannel from
/// rendered/, then join every worker in parallel and wait until all nodes are Ready.
/// </summary>
public sealed class KubeadmPhase : IBootstrapPhase
{
    public const string PhaseName = "kubeadm";

    /// <summary>admin.conf on the control plane; kubectl runs there with it, so the workstation needs no kubectl.</summary>
    public const string AdminConf = "/etc/kubernetes/admin.conf";

    public const string FlannelRemotePath = "/etc/kubernetes/picluster/flannel.yaml";

    public string Name => PhaseName;

    public static string Kubectl => "kubectl --kubeconfig \"$ROOT" + AdminConf + "\"";

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
                    new KubeadmConfigStep(inputs.Cluster, controlPlane),
                    Init(inputs.ApiServerWait),
                    new AdminKubeconfigStep(inputs),
                    Untaint(controlPlane),
                    new UploadStep("flannel-manifest", FlannelRemotePath, flannel),
                    Flannel(ManifestNamespaces.Of(flannel)),
                ]),
            ]),
            new PlanStage(PhaseName, [.. inputs.Workers.Select(w => new NodeWork(w, [new JoinStep(controlPlane, inputs)]))]),
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
    public static ScriptStep Init(TimeSpan apiServerWait) => new(
        "kubeadm-init",
        $$"""
        [ -f "$ROOT{{AdminConf}}" ] || exit 1
        [ -f "$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml" ] || exit 1
        deadline=$(( $(date +%s) + {{(int)Math.Ceiling(apiServerWait.TotalSeconds)}} ))
        until {{Kubectl}} get --raw /readyz > /dev/null 2>&1; do
            if [ "$(date +%s)" -ge "$deadline" ]; then
                echo "control plane initialised but the API server is not ready after {{(int)Math.Ceiling(apiServerWait.TotalSeconds)}}s; see crictl ps -a and /var/log/kubelet on this node" >&2
                exit 2
            fi
            sleep 2
        done
        """,
        $$"""
        kubeadm init --config "$ROOT{{KubeadmConfigBuilder.RemotePath}}"
        """,
        TimeSpan.FromMinutes(30),
        apiServerWait + TimeSpan.FromMinutes(1));

    public static ScriptStep Untaint(Node controlPlane) => new(
        "control-plane-taint",
        $$"""
        # A failing kubectl inside $(…) would exit 1 under set -e and read as "needed": make it an error.
        if ! taints=$({{Kubectl}} get node '{{controlPlane.Name}}' -o 'jsonpath={.spec.taints[*].key}'); then
            echo "cannot read the taints of node {{controlPlane.Name}}" >&2
            exit 2
        fi
        case " $taints " in
            *" node-role.kubernetes.io/control-plane "*) exit 1 ;;
        esac
        """,
        $$"""
        {{Kubectl}} taint nodes '{{controlPlane.Name}}' node-role.kubernetes.io/control-plane:NoSchedule-
        """);

    /// <summary>
    /// kubectl diff exits 0 when the cluster matches, 1 when it differs and above 1 on error — the check convention; on
    /// a fresh cluster kube-flannel does not exist and diff would exit 2, so a missing namespace answers "needed" first.
    /// </summary>
    public static ScriptStep Flannel(IReadOnlyList<string> namespaces) => new(
        "flannel",
        RemoteKubectl.NamespacesExist(AdminConf, namespaces) + "\n" +
        $$"""
        {{Kubectl}} diff -f "$ROOT{{FlannelRemotePath}}" > /dev/null
        """,
        $$"""
        {{Kubectl}} apply -f "$ROOT{{FlannelRemotePath}}"
        """);
}
