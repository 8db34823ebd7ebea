using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Nodes;

/// <summary>
/// The kubelet's log bounded on the SD card: logrotate run daily by crond, with the kubelet package's own
/// /etc/logrotate.d/kubelet (see bootstrap/Scripts/log-rotation.sh for the upstream files it relies on).
/// </summary>
public static class KubeletLogRotation
{
    /// <summary>Used only when the kubelet package shipped no rule: a week of daily, compressed logs.</summary>
    public const string FallbackRule = "/var/log/kubelet/*.log {\n\tdaily\n\trotate 7\n\tmissingok\n\tnotifempty\n\tcompress\n\tcopytruncate\n}";

    public static readonly ScriptStep Step = NodeScripts.Step("log-rotation", Day2Scripts.LogRotation, [], [("RULE", FallbackRule)], TimeSpan.FromMinutes(5));
}
