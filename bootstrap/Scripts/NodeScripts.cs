using System.Globalization;
using System.Text;
using PiCluster.Bootstrap.Remote;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Scripts;

/// <summary>
/// The node scripts in bootstrap/Scripts, embedded at build time. A script takes its parameters from shell variables set
/// in front of its body, so the file itself is plain, shellcheckable POSIX sh; the first is always MODE: <see cref="Check"/>
/// (reads, changes nothing: exit 0 done, 1 needed, 2 cannot tell) or <see cref="Apply"/> (makes it so). A script with
/// only a check side refuses MODE=apply. Files installed on the node as content (an apk hook, an OpenRC service) are
/// <see cref="Read"/> whole.
/// </summary>
public static class NodeScripts
{
    public const string SystemDisk = "system-disk.sh";
    public const string ApkovlRemoval = "apkovl-removal.sh";
    public const string BootFirmwareSync = "boot-firmware-sync.sh";
    public const string ContainerdConfig = "containerd-config.sh";
    public const string NfsProbe = "nfs-probe.sh";
    public const string NfsClient = "nfs-client.sh";
    public const string NodeReset = "node-reset.sh";
    public const string KubeadmInit = "kubeadm-init.sh";
    public const string KubeadmVersions = "kubeadm-versions.sh";
    public const string ControlPlaneTaint = "control-plane-taint.sh";
    public const string Flannel = "flannel.sh";
    public const string NamespacesExist = "namespaces-exist.sh";
    public const string FileContent = "file-content.sh";
    public const string NodeRegistered = "node-registered.sh";
    public const string KubeadmJoin = "kubeadm-join.sh";
    public const string NodesReady = "nodes-ready.sh";
    public const string EtcdRestore = "etcd-restore.sh";
    public const string RsharedService = "rshared.initd";
    public const string TimeSync = "time-sync.sh";
    public const string CommunityRepository = "community-repository.sh";
    public const string NodePackages = "node-packages.sh";
    public const string KernelModules = "kernel-modules.sh";
    public const string Sysctls = "sysctls.sh";
    public const string SwapOff = "swap-off.sh";
    public const string MountPropagation = "mount-propagation.sh";
    public const string BootFirmware = "boot-firmware.sh";
    public const string NodeServices = "node-services.sh";

    /// <summary>Shell functions shared by several scripts (apk_offers); a script names it in a "# library: apk-offers.sh" line.</summary>
    public const string ApkOffers = "apk-offers.sh";

    private const string LibraryLine = "# library: ";

    /// <summary>
    /// The file's text with LF line endings, without its "#!" line unless <paramref name="keepShebang"/>. The libraries
    /// it names in "# library: &lt;file&gt;" lines come first (their text without "#!"), so the script sent is one text.
    /// </summary>
    public static string Read(string fileName, bool keepShebang = false)
    {
        using var stream = typeof(NodeScripts).Assembly.GetManifestResourceStream("PiCluster.Bootstrap.Scripts." + fileName)
            ?? throw new InvalidOperationException($"bootstrap/Scripts/{fileName} is not embedded");
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var text = reader.ReadToEnd().Replace("\r\n", "\n");
        var libraries = string.Concat(text.Split('\n').Where(l => l.StartsWith(LibraryLine, StringComparison.Ordinal))
            .Select(l => Read(l[LibraryLine.Length..].Trim())));
        var shebang = text.StartsWith("#!", StringComparison.Ordinal) ? text[..(text.IndexOf('\n') + 1)] : "";
        return (keepShebang ? shebang : "") + libraries + text[shebang.Length..];
    }

    /// <summary>
    /// A step whose check and action are one script file run with MODE=check and MODE=apply; <paramref name="applyOnly"/>
    /// are the parameters only the action reads (file contents), kept out of the check.
    /// </summary>
    public static Steps.ScriptStep Step(string name, string fileName, IEnumerable<(string Name, object Value)> parameters,
        IEnumerable<(string Name, object Value)>? applyOnly = null, TimeSpan? actionTimeout = null, TimeSpan? checkTimeout = null) =>
        new(name, Check(fileName, parameters), Apply(fileName, [.. parameters, .. applyOnly ?? []]), actionTimeout, checkTimeout);

    /// <summary>The script's check side: MODE=check and the parameters in front of its body.</summary>
    public static string Check(string fileName, params IEnumerable<(string Name, object Value)> parameters) =>
        With(fileName, [("MODE", "check"), .. parameters]);

    /// <summary>The script's action side: MODE=apply and the parameters in front of its body.</summary>
    public static string Apply(string fileName, params IEnumerable<(string Name, object Value)> parameters) =>
        With(fileName, [("MODE", "apply"), .. parameters]);

    /// <summary>"NAME=value" lines (values quoted for sh) followed by the script's body.</summary>
    private static string With(string fileName, IEnumerable<(string Name, object Value)> parameters) =>
        string.Concat(parameters.Select(p => Parameter(p.Name, Convert.ToString(p.Value, CultureInfo.InvariantCulture)!))) + Read(fileName);

    // A value holding "$" (a file's content) is literal on purpose: tell shellcheck so instead of its SC2016 note.
    private static string Parameter(string name, string value) =>
        (value.Contains('$', StringComparison.Ordinal) ? "# shellcheck disable=SC2016 # literal text\n" : "") + $"{name}={ShellWords.Quote(value)}\n";
}
