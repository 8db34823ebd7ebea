using k8s;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Remote;

/// <summary>
/// kubectl on the control-plane node, over SSH, with kubeadm's admin kubeconfig. Manifests always travel on stdin
/// (<c>-f -</c>): nothing is written to a file and no value appears on a command line.
/// </summary>
public sealed class RemoteKubectl(NodeSession session, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf)
{
    public NodeSession Session { get; } = session;

    /// <summary>One kubectl command line (no prelude; run it inside <see cref="ShellText.Script"/>).</summary>
    public string Command(params IEnumerable<string> args) => CommandLine(kubeconfig, args);

    /// <summary>A kubectl command line with the given kubeconfig on the node.</summary>
    public static string CommandLine(string kubeconfig, params IEnumerable<string> args) => $"kubectl --kubeconfig {ShellText.NodePath(kubeconfig)} {ShellWords.Join(args)}";

    /// <summary>kubectl apply of the documents; returns kubectl's "created/configured/unchanged" lines.</summary>
    public async Task<string> ApplyAsync(string yaml, string description, bool sensitive, CancellationToken cancellationToken, bool serverSide = false)
    {
        var result = await Session.RunCheckedAsync(ApplyScript(serverSide, kubeconfig),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(5), StandardInput: yaml, Sensitive: sensitive, Description: $"kubectl apply: {description}"),
            cancellationToken);
        return result.Output;
    }

    public Task<string> ApplyAsync(IEnumerable<object> objects, string description, bool sensitive, CancellationToken cancellationToken) =>
        ApplyAsync(Yaml(objects), description, sensitive, cancellationToken);

    /// <summary>
    /// kubectl diff of the documents against the cluster: true when nothing would change. Guarded by
    /// <see cref="NamespacesExist"/>: on a fresh cluster the namespace is missing, kubectl diff's server dry-run fails
    /// with NotFound and exits 2 (kubernetes/kubectl pkg/cmd/diff/diff.go → cmdutil.CheckDiffErr exits code+1), which
    /// must read as "needed", not as an error. Exit 0 = same, 1 = differs or a namespace is missing, anything else is an
    /// error (a broken check must not look like "needed").
    /// </summary>
    public async Task<bool> MatchesAsync(string yaml, string description, bool sensitive, CancellationToken cancellationToken, bool serverSide = false)
    {
        var result = await Session.RunAsync(DiffScript(ManifestNamespaces.Of(yaml), serverSide, kubeconfig),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(2), StandardInput: yaml, Sensitive: sensitive, Description: $"kubectl diff: {description}"), cancellationToken);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new StepFailedException($"kubectl diff of {description} failed with exit {result.ExitCode}: {result.Error.Trim()}"),
        };
    }

    /// <summary>
    /// The field manager of bootstrap's server-side applies (the Flux install and gotk-sync.yaml, which the root
    /// Kustomization then applies itself): kubectl's own default for --server-side (kubernetes/kubectl
    /// pkg/cmd/apply/apply.go, fieldManagerServerSideApply). kustomize-controller's cleanup takes over exactly kubectl's
    /// managers (fluxcd/kustomize-controller internal/controller/kustomization_controller.go ApplyCleanupOptions.FieldManagers:
    /// "kubectl" Apply and Update, "before-first-apply"; fluxcd/pkg ssa PatchReplaceFieldsManagers), so Flux becomes the
    /// only owner and a field later removed from Git is removed; a manager of bootstrap's own would stay co-owner forever.
    /// </summary>
    public const string ServerSideFieldManager = "kubectl";

    /// <summary>The script ApplyAsync sends (manifest on stdin).</summary>
    public static string ApplyScript(bool serverSide = false, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf)
    {
        IEnumerable<string> args = serverSide
            ? ["apply", "--server-side", "--force-conflicts", $"--field-manager={ServerSideFieldManager}", "-f", "-"]
            : ["apply", "-f", "-"];
        return ShellText.Script(CommandLine(kubeconfig, args));
    }

    /// <summary>The check script MatchesAsync sends (manifest on stdin).</summary>
    public static string DiffScript(IReadOnlyList<string> namespaces, bool serverSide = false, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf)
    {
        IEnumerable<string> args = serverSide
            ? ["diff", "--server-side", "--force-conflicts", $"--field-manager={ServerSideFieldManager}", "-f", "-"]
            : ["diff", "-f", "-"];
        return ShellText.Script(NamespacesExist(kubeconfig, namespaces, manifestOnStdin: true), CommandLine(kubeconfig, args) + " >/dev/null");
    }

    /// <summary>The script ExistsAsync sends.</summary>
    public static string ExistsScript(string kind, string? ns, string name, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf)
    {
        var args = new List<string> { "get", kind, name, "--ignore-not-found", "-o", "name" };
        if (ns is not null) args.InsertRange(0, ["-n", ns]);
        return ShellText.Script(CommandLine(kubeconfig, args));
    }

    /// <summary>The script ConditionAsync sends.</summary>
    public static string ConditionScript(IEnumerable<string> args, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf) =>
        ShellText.Script(CommandLine(kubeconfig, ["wait", .. args, "--timeout=1s"]) + " >/dev/null 2>&1");

    /// <summary>The script WaitAsync sends.</summary>
    public static string WaitScript(IEnumerable<string> args, TimeSpan timeout, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf) =>
        ShellText.Script(CommandLine(kubeconfig, ["wait", .. args, $"--timeout={(int)timeout.TotalSeconds}s"]));

    /// <summary>
    /// bootstrap/Scripts/namespaces-exist.sh: exits 1 when one of the namespaces does not exist yet and 2 when kubectl
    /// cannot answer; the caller's next line (kubectl diff) runs only when all exist.
    /// </summary>
    /// <param name="manifestOnStdin">Read stdin to its end before exiting early, so the sender never writes into a closed channel.</param>
    public static string NamespacesExist(string kubeconfig, IReadOnlyList<string> namespaces, bool manifestOnStdin = false) => namespaces.Count == 0 ? ":" :
        Scripts.NodeScripts.Check(Scripts.NodeScripts.NamespacesExist,
            ("KUBECONFIG_FILE", kubeconfig), ("NAMESPACES", string.Join(' ', namespaces)), ("DRAIN_STDIN", manifestOnStdin ? "yes" : "no"));

    public static string Yaml(IEnumerable<object> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    /// <summary>True when the object exists (kubectl get exit 0).</summary>
    public async Task<bool> ExistsAsync(string kind, string? ns, string name, CancellationToken cancellationToken)
    {
        var result = await Session.RunCheckedAsync(ExistsScript(kind, ns, name, kubeconfig), new CommandOptions(Description: $"kubectl get {kind} {(ns is null ? "" : ns + "/")}{name}"), cancellationToken);
        return result.Output.Trim().Length > 0;
    }

    /// <summary>A kubectl wait that returns at once: true when the condition holds now.</summary>
    public async Task<bool> ConditionAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var result = await Session.RunAsync(ConditionScript(args, kubeconfig),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(1), Description: "kubectl wait (probe)"), cancellationToken);
        return result.Succeeded;
    }

    /// <summary>kubectl wait; a timeout becomes a clear error naming what was awaited.</summary>
    public async Task WaitAsync(IEnumerable<string> args, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var result = await Session.RunAsync(WaitScript(args, timeout, kubeconfig),
            new CommandOptions(Timeout: timeout + TimeSpan.FromSeconds(30), Description: $"kubectl wait: {what}"), cancellationToken);
        if (!result.Succeeded)
            throw new StepFailedException($"{what} did not happen within {timeout}: {(result.Error.Length > 0 ? result.Error : result.Output).Trim()}");
    }
}
