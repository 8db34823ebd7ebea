using System.Globalization;
using System.Text;
using PiCluster.Bootstrap.Remote;

namespace PiCluster.Bootstrap.Scripts;

/// <summary>
/// The node scripts in bootstrap/Scripts, embedded at build time. A script takes its parameters from shell variables
/// set in front of its body (<see cref="With"/>), so the file itself is plain, shellcheckable POSIX sh.
/// </summary>
public static class NodeScripts
{
    public const string SystemDisk = "system-disk.sh";
    public const string BootFirmwareSync = "boot-firmware-sync.sh";
    public const string ContainerdConfig = "containerd-config.sh";
    public const string NfsProbe = "nfs-probe.sh";
    public const string NodeReset = "node-reset.sh";
    public const string KubeadmInitCheck = "kubeadm-init-check.sh";
    public const string ControlPlaneTaint = "control-plane-taint.sh";
    public const string NamespacesExist = "namespaces-exist.sh";
    public const string WriteFile = "write-file.sh";
    public const string FileHasHash = "file-has-hash.sh";
    public const string NodeRegistered = "node-registered.sh";
    public const string KubeadmJoin = "kubeadm-join.sh";
    public const string NodesReady = "nodes-ready.sh";
    public const string ControlPlaneWait = "control-plane-wait.sh";
    public const string RsharedService = "rshared.initd";

    /// <summary>The file's text with LF line endings, without its "#!" line unless <paramref name="keepShebang"/>.</summary>
    public static string Read(string fileName, bool keepShebang = false)
    {
        using var stream = typeof(NodeScripts).Assembly.GetManifestResourceStream("PiCluster.Bootstrap.Scripts." + fileName)
            ?? throw new InvalidOperationException($"bootstrap/Scripts/{fileName} is not embedded");
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var text = reader.ReadToEnd().Replace("\r\n", "\n");
        return !keepShebang && text.StartsWith("#!", StringComparison.Ordinal) ? text[(text.IndexOf('\n') + 1)..] : text;
    }

    /// <summary>"NAME=value" lines (values quoted for sh) followed by the script's body.</summary>
    public static string With(string fileName, params IEnumerable<(string Name, object Value)> parameters) =>
        string.Concat(parameters.Select(p => $"{p.Name}={ShellText.Quote(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}\n")) + Read(fileName);
}
