using PiCluster.Render;
using System.Security.Cryptography;
using PiCluster.Bootstrap.State;
using YamlDotNet.RepresentationModel;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>Where a value came from, for the report (never the value itself).</summary>
public enum SecretValueSource
{
    Environment,
    StoreFile,
    Default,
    Generated,
}

/// <summary>One resolved input value.</summary>
public sealed record SecretValue(string Key, string Value, SecretValueSource Source);

/// <summary>
/// The git-ignored local store (.picluster/secrets.yaml, mode 0600): per Secret ("namespace/name") a map of input values.
/// Environment variables PICLUSTER_SECRET_&lt;NAMESPACE&gt;_&lt;NAME&gt;_&lt;KEY&gt; (upper case, '-' and '/' as '_') win over the
/// file. Missing generatable values are created with a CSPRNG and written back, so the operator can log in with them.
/// </summary>
public sealed class SecretStore(string path, Func<string, string?> environment)
{
    public string Path { get; } = path;

    public static string VariableName(ClusterSecret secret, SecretInput input) =>
        "PICLUSTER_SECRET_" + new string($"{secret.Namespace}_{secret.Name}_{input.Key}".Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());

    /// <summary>Resolves every input of every Secret; generated values are saved before this returns.</summary>
    public IReadOnlyDictionary<ClusterSecret, IReadOnlyList<SecretValue>> Resolve(IReadOnlyList<ClusterSecret> secrets)
    {
        var file = Load();
        var changed = false;
        var result = new Dictionary<ClusterSecret, IReadOnlyList<SecretValue>>();
        foreach (var secret in secrets)
        {
            if (!file.TryGetValue(secret.StoreKey, out var stored)) stored = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var values = new List<SecretValue>();
            foreach (var input in secret.Inputs)
            {
                if (environment(VariableName(secret, input)) is { Length: > 0 } fromEnv)
                    values.Add(new(input.Key, fromEnv, SecretValueSource.Environment));
                else if (stored.TryGetValue(input.Key, out var fromFile) && fromFile.Length > 0)
                    values.Add(new(input.Key, fromFile, SecretValueSource.StoreFile));
                else if (input.Default is not null)
                    values.Add(new(input.Key, input.Default, SecretValueSource.Default));
                else if (input.Generate)
                {
                    var generated = input.Generator?.Invoke() ?? RandomValue();
                    stored[input.Key] = generated;
                    file[secret.StoreKey] = stored;
                    changed = true;
                    values.Add(new(input.Key, generated, SecretValueSource.Generated));
                }
                else
                {
                    throw new BootstrapException(MissingMessage(secret, input));
                }
            }
            result[secret] = values;
        }
        if (changed) Save(file);
        return result;
    }

    /// <summary>
    /// The inputs nobody can generate (no default, <see cref="SecretInput.Generate"/> false) that neither the environment
    /// nor the file gives, as the message <see cref="Resolve"/> would stop with; reads only, writes nothing.
    /// </summary>
    public IReadOnlyList<string> MissingOperatorValues(IReadOnlyList<ClusterSecret> secrets)
    {
        var file = Load();
        return secrets.SelectMany(secret => secret.Inputs
                .Where(input => input.Default is null && !input.Generate)
                .Where(input => environment(VariableName(secret, input)) is not { Length: > 0 }
                                && !(file.TryGetValue(secret.StoreKey, out var stored) && stored.TryGetValue(input.Key, out var value) && value.Length > 0))
                .Select(input => MissingMessage(secret, input)))
            .ToList();
    }

    private string MissingMessage(ClusterSecret secret, SecretInput input) =>
        $"{secret.StoreKey} ({secret.Consumer}) needs '{input.Key}', which cannot be generated: set it under \"{secret.StoreKey}\" in {Path} or in ${VariableName(secret, input)}.";

    /// <summary>32 characters from 192 random bits, URL-safe (no quoting trouble in YAML, shells or htpasswd).</summary>
    public static string RandomValue() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private SortedDictionary<string, SortedDictionary<string, string>> Load()
    {
        var result = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        if (!File.Exists(Path)) return result;
        var yaml = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(Path));
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new BootstrapException($"{Path} is not valid YAML ({e.Message}); fix or delete it.");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode) return result;
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new BootstrapException($"{Path}: expected a map of \"namespace/name\" to key/value maps.");
        foreach (var (key, node) in root.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || node is not YamlMappingNode values)
                throw new BootstrapException($"{Path}: entry {key} must map \"namespace/name\" to a key/value map.");
            var entry = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in values.Children)
            {
                if (k is YamlScalarNode { Value: { } inputKey } && v is YamlScalarNode { Value: { } value }) entry[inputKey] = value;
            }
            result[name] = entry;
        }
        return result;
    }

    private void Save(SortedDictionary<string, SortedDictionary<string, string>> file)
    {
        var root = new YamlMappingNode();
        foreach (var (name, values) in file)
        {
            var map = new YamlMappingNode();
            // PEM blocks as literal blocks, so the file stays readable and every line break survives the round trip.
            foreach (var (key, value) in values)
                map.Add(key, new YamlScalarNode(value) { Style = value.Contains('\n', StringComparison.Ordinal) ? YamlDotNet.Core.ScalarStyle.Literal : YamlDotNet.Core.ScalarStyle.SingleQuoted });
            root.Add(name, map);
        }
        using var writer = new StringWriter { NewLine = "\n" };
        writer.WriteLine("# PiCluster secret values: git-ignored, never commit. Edit a value and run `bootstrap secrets --rotate` to change it;");
        writer.WriteLine("# delete a value to have a new random one generated.");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        AtomicFile.Write(Path, writer.ToString().Replace("\n...\n", "\n"), AtomicFile.Private);
    }
}
