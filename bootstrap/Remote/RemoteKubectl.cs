using k8s;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.Bootstrap.Remote;

/// <summary>
/// kubectl on the control-plane node, over SSH, with kubeadm's admin kubeconfig. Manifests always travel on stdin
/// (<c>-f -</c>): nothing is written to a file and no value appears on a command line.
/// </summary>
public sealed class RemoteKubectl(NodeSession session, string kubeconfig = Kubeadm.KubeadmPhase.AdminConf)
{
    public NodeSession Session { get; } = session;

    /// <summary>One kubectl command line (no prelude; run it inside <see cref="ShellText.Script"/>).</summary>
    public string Command(params IEnumerable<string> args) => $"kubectl --kubeconfig={ShellText.NodePath(kubeconfig)} {ShellText.Join(args)}";

    /// <summary>kubectl apply of the documents; returns kubectl's "created/configured/unchanged" lines.</summary>
    public async Task<string> ApplyAsync(string yaml, string description, bool sensitive, CancellationToken cancellationToken, bool serverSide = false)
    {
        IEnumerable<string> args = serverSide
            ? ["apply", "--server-side", "--force-conflicts", "--field-manager=picluster-bootstrap", "-f", "-"]
            : ["apply", "-f", "-"];
        var result = await Session.RunCheckedAsync(ShellText.Script(Command(args)),
            new CommandOptions(Timeout: TimeSpan.FromMinutes(5), StandardInput: yaml, Sensitive: sensitive, Description: $"kubectl apply: {description}"),
            cancellationToken);
        return result.Output;
    }

    public Task<string> ApplyAsync(IEnumerable<object> objects, string description, bool sensitive, CancellationToken cancellationToken) =>
        ApplyAsync(string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n")), description, sensitive, cancellationToken);

    /// <summary>True when the object exists (kubectl get exit 0).</summary>
    public async Task<bool> ExistsAsync(string kind, string? ns, string name, CancellationToken cancellationToken)
    {
        var args = new List<string> { "get", kind, name, "--ignore-not-found", "-o", "name" };
        if (ns is not null) args.InsertRange(0, ["-n", ns]);
        var result = await Session.RunCheckedAsync(ShellText.Script(Command(args)), new CommandOptions(Description: $"kubectl get {kind} {(ns is null ? "" : ns + "/")}{name}"), cancellationToken);
        return result.Output.Trim().Length > 0;
    }

    /// <summary>kubectl wait; a timeout becomes a clear error naming what was awaited.</summary>
    public async Task WaitAsync(IEnumerable<string> args, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var result = await Session.RunAsync(ShellText.Script(Command(["wait", .. args, $"--timeout={(int)timeout.TotalSeconds}s"])),
            new CommandOptions(Timeout: timeout + TimeSpan.FromSeconds(30), Description: $"kubectl wait: {what}"), cancellationToken);
        if (!result.Succeeded)
            throw new BootstrapException($"{Session.Node}: {what} did not happen within {timeout}: {(result.Error.Length > 0 ? result.Error : result.Output).Trim()}");
    }
}
