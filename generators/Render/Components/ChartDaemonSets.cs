using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// Charts known to ship a DaemonSet, and what a later layer needs from such a release instead of the whole release.
/// helm-controller's poller waits for every object of a release, a DaemonSet included (kstatus: all its pods available),
/// so with one Pi down an install or upgrade of such a chart is not Ready until the Pi is back; a Flux layer gating on the
/// release would stop every layer that depends on it. The list is short and hand-kept: charts whose DaemonSet was checked.
/// </summary>
public static class ChartDaemonSets
{
    /// <summary>chart name → the DaemonSet it ships (for messages).</summary>
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        // metallb/metallb charts/metallb/templates/speaker.yaml
        ["metallb"] = "the MetalLB speaker (announces LoadBalancer addresses from every node)",
        // prometheus-community/helm-charts: the prometheus-node-exporter subchart
        ["kube-prometheus-stack"] = "prometheus-node-exporter",
        ["prometheus-node-exporter"] = "prometheus-node-exporter",
        // kubernetes-csi/csi-driver-nfs charts: the csi-nfs-node DaemonSet (mounts on every node)
        ["csi-driver-nfs"] = "the csi-nfs-node plugin",
    };

    /// <summary>
    /// The DaemonSet a release of <paramref name="chart"/> ships with these values, or null: the known charts, and the
    /// traefik chart when its values run Traefik as a DaemonSet (traefik/traefik-helm-chart values.yaml deployment.kind).
    /// </summary>
    public static string? Of(string chart, JsonNode? values)
    {
        if (chart == "traefik")
            return (values?["deployment"]?["kind"] as JsonValue)?.TryGetValue<string>(out var kind) == true && kind == "DaemonSet" ? "the Traefik DaemonSet" : null;
        return Known.GetValueOrDefault(chart);
    }

    /// <summary>
    /// What a later layer needs from a release whose chart ships a DaemonSet: for MetalLB its controller Deployment (address
    /// allocation and the webhook that validates IPAddressPools), named "&lt;fullname&gt;-controller" like the chart does
    /// (metallb/metallb charts/metallb/templates/controller.yaml and _helpers.tpl metallb.fullname). Null when none is known.
    /// </summary>
    public static FluxHealthCheck? GateOf(HelmRelease release)
    {
        if (release.Spec.Chart.Spec.Chart != "metallb") return null;
        var name = release.Metadata.Name;
        // Helm's release name is the HelmRelease name (no targetNamespace here); fullname is it when it contains the chart name.
        var fullname = name.Contains("metallb", StringComparison.Ordinal) ? name : $"{name}-metallb";
        return new FluxHealthCheck(ApiOf<V1Deployment>.Version, ApiOf<V1Deployment>.Kind, $"{fullname}-controller", release.Metadata.NamespaceProperty);
    }
}
