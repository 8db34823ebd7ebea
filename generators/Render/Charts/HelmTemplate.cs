using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PiCluster.Render.Schemas;
using YamlDotNet.Core;

namespace PiCluster.Render.Charts;

/// <summary>One document helm template printed, with the chart file it came from ("traefik/templates/deployment.yaml").</summary>
public sealed record ChartDocument(string Source, JsonObject Body);

/// <summary>
/// The <c>helm template</c> command line for a release and the reading of what it prints. Flags as helm/helm
/// pkg/cmd/template.go (helm 4; cmd/helm/template.go in helm 3) defines them: --namespace, --values, --kube-version
/// (Capabilities.KubeVersion, and the chart's kubeVersion constraint is checked against it), --api-versions (added to
/// the built-in Capabilities.APIVersions, as "group/version" or "group/version/Kind"), --include-crds (crds/ folders
/// only; CRDs a chart templates are printed anyway), --skip-tests, --no-hooks. Output: "---\n# Source: &lt;path&gt;\n…" per
/// document. Both versions render client-side by default (no cluster is contacted).
/// </summary>
public static partial class HelmTemplate
{
    public static IReadOnlyList<string> Arguments(ChartRelease release, string archive, string valuesFile, string kubeVersion, IEnumerable<string> apiVersions)
    {
        var arguments = new List<string>
        {
            "template", release.ReleaseName, archive,
            "--namespace", release.Namespace,
            "--values", valuesFile,
            "--kube-version", kubeVersion,
        };
        foreach (var api in apiVersions) arguments.AddRange(["--api-versions", api]);
        if (release.InstallsCrds) arguments.Add("--include-crds");
        if (!release.RunsTests) arguments.Add("--skip-tests");
        if (release.DisableHooks) arguments.Add("--no-hooks");
        return arguments;
    }

    /// <summary>The documents of helm's output, each with its "# Source:" path; empty documents are dropped.</summary>
    /// <exception cref="YamlException">A document that does not parse (the message names its source).</exception>
    public static IReadOnlyList<ChartDocument> Parse(string output)
    {
        var chunks = new List<(string Source, string Text)>();
        var source = "";
        var chunk = new StringBuilder();
        void Flush()
        {
            if (chunk.Length > 0) chunks.Add((source, chunk.ToString()));
            chunk.Clear();
        }
        foreach (var line in output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (DocumentStart().IsMatch(line))
            {
                Flush();
                continue;
            }
            if (chunk.Length == 0 && SourceComment().Match(line) is { Success: true } comment)
            {
                source = comment.Groups["path"].Value.Trim();
                continue;
            }
            chunk.Append(line).Append('\n');
        }
        Flush();
        // Documents parse independently (a chart's CRDs run to megabytes); the order stays helm's.
        try
        {
            return chunks.AsParallel().AsOrdered().SelectMany(ParseChunk).ToList();
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<YamlException>().FirstOrDefault() is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
    }

    private static IEnumerable<ChartDocument> ParseChunk((string Source, string Text) chunk)
    {
        try
        {
            return YamlJson.LoadDocuments(chunk.Text).OfType<JsonObject>().Select(d => new ChartDocument(chunk.Source, d)).ToList();
        }
        catch (YamlException e)
        {
            throw new YamlException(e.Start, e.End, $"{(chunk.Source.Length == 0 ? "helm output" : chunk.Source)}: {e.Message}", e);
        }
    }

    /// <summary>Helm's error without its advice to rerun with --debug (there is no such flag here).</summary>
    public static string ErrorMessage(HelmResult result)
    {
        var text = (result.Error.Length > 0 ? result.Error : result.Output).Trim();
        var advice = text.IndexOf("Use --debug flag", StringComparison.Ordinal);
        if (advice > 0) text = text[..advice].TrimEnd();
        return text.Length == 0 ? $"helm exited {result.ExitCode} without a message" : text;
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentStart();

    [GeneratedRegex(@"^# Source: (?<path>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceComment();
}
