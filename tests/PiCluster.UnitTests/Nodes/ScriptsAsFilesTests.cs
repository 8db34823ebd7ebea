using System.Text.RegularExpressions;
using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Certs;
using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Lifecycle;
using PiCluster.Bootstrap.Rebuild;
using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Status;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster;
using PiCluster.Render;

namespace PiCluster.UnitTests.Nodes;

/// <summary>Shell longer than a few lines lives in bootstrap/Scripts, never in a C# string — in every plan bootstrap runs.</summary>
public sealed partial class ScriptsAsFilesTests
{
    private const int MaxInlineLines = 3;

    // NAME=value as NodeScripts.Check/Apply write it: bare, or '…' with '"'"' for a quote (ShellWords.Quote); may span lines.
    [GeneratedRegex("""^[A-Z][A-Z0-9_]*=(?:'(?:[^']|'"'"')*'|[^'\n]*)\n""", RegexOptions.Multiline)]
    private static partial Regex ParameterAssignment();

    private static IReadOnlyList<string> FileBodies() =>
        [.. typeof(NodeScripts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("PiCluster.Bootstrap.Scripts.", StringComparison.Ordinal))
            .Select(n => NodeScripts.Read(n["PiCluster.Bootstrap.Scripts.".Length..]))
            .OrderByDescending(b => b.Length)];

    /// <summary>The snippet's own lines: without script-file bodies, parameter lines, comments, blank lines and the prelude.</summary>
    private static List<string> InlineLines(string text, IReadOnlyList<string> bodies)
    {
        foreach (var body in bodies) text = text.Replace(body, "\n", StringComparison.Ordinal);
        text = ParameterAssignment().Replace(text, "");
        return [.. text.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l != "set -eu" && l != "ROOT=\"${NODE_ROOT:-}\"")];
    }

    /// <summary>
    /// Every shell text a command sends, as sent to each node: the cluster's phases, reset (all nodes, and one worker with
    /// its removal from the API), restore-etcd, status, both upgrades, certs renew, upgrade's preflight (run before its
    /// plan), node replace (gated, and of a running Pi) and node remove, rebuild-control-plane from the export and from a
    /// `backup pull` copy, and backup pull.
    /// </summary>
    internal static IReadOnlyList<ShellSnippet> EverySnippet()
    {
        var cluster = HomeCluster.Definition;
        var inputs = new PhaseInputs(cluster, new StateFolder(TestPaths.RepoRoot), "/nonexistent");
        var restore = new EtcdRestorePhase("/tmp/s.db", new string('a', 64), "20261127T031500Z", EtcdRestoreTool.Etcdutl, new ControlPlaneLayout());
        IEnumerable<IBootstrapPhase>[] plans =
        [
            BootstrapPhases.Cluster, [new ResetPhase(null)], [new ResetPhase("pi3")], [restore],
            [new StatusPhase(new HealthReport(cluster))],
            [UpgradePlanner.PhaseFor(UpgradePlanner.DryRun(cluster, alpine: false), TimeSpan.FromMinutes(5))],
            [UpgradePlanner.PhaseFor(UpgradePlanner.DryRun(cluster, alpine: true), TimeSpan.FromMinutes(5))],
            [new CertsRenewPhase(force: false)],
            [new NodeReplacePhase("pi3", TimeSpan.FromMinutes(5))],
            [new NodeReplacePhase("pi3", TimeSpan.FromMinutes(5), running: true)],
            [new NodeRemovePhase("pi3", TimeSpan.FromMinutes(5))],
            [new RebuildControlPlanePhase(new RebuildSource.OnExport(null), EtcdRestoreTool.Etcdutl)],
            [new RebuildControlPlanePhase(new RebuildSource.Copy("/tmp/etcd-20261127T031500Z.tar.age", BackupCopy()), EtcdRestoreTool.Etcdutl)],
            [new BackupPullPhase("/tmp/backups", all: false, recipients: [], keep: 1)],
        ];
        return [.. plans
            .SelectMany(phases => BootstrapPlan.For(phases, inputs).Stages)
            .SelectMany(stage => stage.Work.SelectMany(w => w.Steps.SelectMany(step => step.ScriptsFor(w.Node))))
            .Append(new ShellSnippet("upgrade-preflight", UpgradeFacts.Script("v3.25", new KubernetesVersion(1, 37, 0))))
            .Append(new ShellSnippet("upgrade-preflight-node", UpgradeFacts.NodeScript))];
    }

    /// <summary>A decrypted `backup pull` copy as rebuild-control-plane --from holds it (contents are never sent as script).</summary>
    private static BackupContents BackupCopy()
    {
        var stamp = BackupStamp.Parse("20261127T031500Z", "--backup");
        byte[] snapshot = [1, 2, 3], pki = [4, 5, 6];
        return BackupContents.Of(stamp, new Dictionary<string, byte[]>
        {
            [stamp.Snapshot] = snapshot,
            [stamp.Snapshot + ".sha256"] = System.Text.Encoding.UTF8.GetBytes($"{BackupContents.Sha256(snapshot)}  {stamp.Snapshot}\n"),
            [stamp.PkiArchive] = pki,
            [stamp.PkiArchive + ".sha256"] = System.Text.Encoding.UTF8.GetBytes($"{BackupContents.Sha256(pki)}  {stamp.PkiArchive}\n"),
        });
    }

    [Fact]
    public void Every_snippet_of_every_plan_longer_than_a_few_lines_comes_from_a_bootstrap_Scripts_file()
    {
        var bodies = FileBodies();

        // Before: the as-files test read the cluster's phases only, and the restore built its shell by concatenation.
        var inline = EverySnippet()
            .Select(s => (s.Name, Lines: InlineLines(s.Text, bodies)))
            .Where(s => s.Lines.Count > MaxInlineLines)
            .Select(s => $"{s.Name}: {s.Lines.Count} lines built in C#")
            .Distinct()
            .ToList();

        Assert.True(inline.Count == 0, string.Join("\n", inline));
    }

    [Fact]
    public void A_multi_line_parameter_is_one_assignment_for_the_line_count()
    {
        var text = NodeScripts.Check(NodeScripts.NodesReady, ("NODES", "pi0"), ("TEXT", "a\nb'c\nd\ne\nf"));

        Assert.Empty(InlineLines(text, FileBodies()));
        Assert.Equal(5, InlineLines("set -eu\na\nb\nc\nd\ne\n", FileBodies()).Count);
    }
}
