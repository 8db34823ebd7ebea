using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Nodes;

/// <summary>
/// The kubelet's log bounded on the SD card: logrotate run daily by crond, with the project's /etc/logrotate.d/kubelet
/// (see bootstrap/Scripts/log-rotation.sh for the upstream files it relies on and why the rule is the project's).
/// </summary>
public static class KubeletLogRotation
{
    /// <summary>
    /// A week of daily, compressed logs; copytruncate because the kubelet's supervisor keeps the log open (a renamed file
    /// would go on growing under its new name and the new one stay empty).
    /// </summary>
    public const string Rule = "/var/log/kubelet/*.log {\n\tdaily\n\trotate 7\n\tmissingok\n\tnotifempty\n\tcompress\n\tcopytruncate\n}";

    public static readonly ScriptStep Step = NodeScripts.Step("log-rotation", Day2Scripts.LogRotation, [("RULE", Rule)], actionTimeout: TimeSpan.FromMinutes(5));
}
