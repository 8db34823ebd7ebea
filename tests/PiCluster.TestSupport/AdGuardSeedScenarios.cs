using System.Text.Json.Nodes;
using PiCluster.Cluster;
using PiCluster.Cluster.Scripts;
using PiCluster.Render.Components;
using PiCluster.Render.Schemas;

namespace PiCluster.TestSupport;

/// <summary>
/// cluster/Scripts/adguard-seed.sh against AdGuardHome.yaml files as AdGuard writes them (yaml.v3, indent 2:
/// AdguardTeam/AdGuardHome internal/home/config.go) and as the rendered template seeds them. The unit tests run each
/// scenario with the machine's sh and awk, the integration tests with busybox (what the Alpine-based AdGuard image has).
/// </summary>
public static class AdGuardSeedScenarios
{
    /// <summary>Runs the script with the given environment; returns exit code and output.</summary>
    public delegate (int Code, string Output) ScriptRunner(string script, IDictionary<string, string> environment);

    public const string Hash = "$2y$10$abcdefghijklmnopqrstuu5BZrtjK0CXtOZ.yKJgdRVJ8gfe6yMPq";

    public static readonly IReadOnlyList<string> Names =
    [
        nameof(FirstStartSeedsTheTemplateWithTheWildcard),
        nameof(AnAdGuardWrittenFileGetsTheModelsRewriteAndKeepsUiEntries),
        nameof(AFileWithoutRewritesGetsTheBlockUnderFiltering),
        nameof(AnEmptyRewritesListIsReplaced),
        nameof(ADomainChangeAddsTheNewWildcardAndKeepsTheOld),
        nameof(AnUnreadableLayoutIsLeftUntouched),
        nameof(AnOldSchemaIsLeftForAdGuardToMigrate),
    ];

    public static string Script => Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.AdGuardSeed);

    /// <summary>The model's REWRITES value, as the init container gets it.</summary>
    public static string ModelRewrites => AdGuardComponent.RewritesVariable(new RenderContext(HomeCluster.Definition));

    public static void Run(string name, ScriptRunner run)
    {
        using var temp = new TempDir();
        var config = Path.Combine(Directory.CreateDirectory(temp.Sub("conf")).FullName, "AdGuardHome.yaml");
        var template = Path.Combine(temp.Path, "template.yaml");
        File.WriteAllText(template, AdGuardComponent.SeedConfig(HomeCluster.Definition.Services.AdGuard, new RenderContext(HomeCluster.Definition)));
        (int Code, string Output) Seed(string rewrites) => run(Script, new Dictionary<string, string>
        {
            ["TEMPLATE"] = template, ["CONFIG"] = config, ["ADMIN_PASSWORD_HASH"] = Hash, ["REWRITES"] = rewrites,
        });
        var scenario = typeof(AdGuardSeedScenarios).GetMethod(name) ?? throw new ArgumentException($"no scenario {name}", nameof(name));
        scenario.Invoke(null, [config, (Func<string, (int, string)>)Seed]);
    }

    public static void FirstStartSeedsTheTemplateWithTheWildcard(string config, Func<string, (int Code, string Output)> seed)
    {
        var (code, output) = seed(ModelRewrites);
        Assert.True(code == 0, output);
        var text = File.ReadAllText(config);
        Assert.Contains($"password: {Hash}", text);
        Assert.Equal([("*.local", "192.168.50.234", true)], Rewrites(text));
        // A second start finds the rewrite in place and changes nothing.
        var again = seed(ModelRewrites);
        Assert.Equal(0, again.Code);
        Assert.Contains("already has the model's DNS rewrites", again.Output);
        Assert.Equal(text, File.ReadAllText(config));
    }

    public static void AnAdGuardWrittenFileGetsTheModelsRewriteAndKeepsUiEntries(string config, Func<string, (int Code, string Output)> seed)
    {
        File.WriteAllText(config, AdGuardWritten("""
              rewrites:
                - domain: nas.local
                  answer: 192.168.50.10
                  enabled: true
                - domain: '*.LOCAL'
                  answer: 192.168.50.99
                  enabled: false
                - domain: printer.local
                  answer: 192.168.50.20
                  enabled: false
                - domain: old.local
                  answer: 192.168.50.11

            """));
        var before = File.ReadAllLines(config);
        var (code, output) = seed(ModelRewrites);
        Assert.True(code == 0, output);
        Assert.Contains("entries made in the UI kept", output);
        var text = File.ReadAllText(config);
        // The wildcard (matched without regard to case) now answers Traefik and is on; UI entries keep their state;
        // an entry without enabled was off (schema 31+) and says so now.
        Assert.Equal(
            [("nas.local", "192.168.50.10", true), ("*.LOCAL", "192.168.50.234", true), ("printer.local", "192.168.50.20", false), ("old.local", "192.168.50.11", false)],
            Rewrites(text));
        // Nothing outside filtering.rewrites changed.
        var after = File.ReadAllLines(config);
        Assert.Equal(Outside(before), Outside(after));
        Assert.Equal("10s", Root(text)?["dns"]?["upstream_timeout"]?.GetValue<string>());
        var again = seed(ModelRewrites);
        Assert.Contains("already has", again.Output);
        Assert.Equal(text, File.ReadAllText(config));
    }

    public static void AFileWithoutRewritesGetsTheBlockUnderFiltering(string config, Func<string, (int Code, string Output)> seed)
    {
        File.WriteAllText(config, AdGuardWritten(""));
        var (code, output) = seed(ModelRewrites);
        Assert.True(code == 0, output);
        Assert.Equal([("*.local", "192.168.50.234", true)], Rewrites(File.ReadAllText(config)));
        Assert.Equal(true, Root(File.ReadAllText(config))?["filtering"]?["protection_enabled"]?.GetValue<bool>());
    }

    public static void AnEmptyRewritesListIsReplaced(string config, Func<string, (int Code, string Output)> seed)
    {
        File.WriteAllText(config, AdGuardWritten("  rewrites: []\n"));
        var (code, output) = seed(ModelRewrites);
        Assert.True(code == 0, output);
        Assert.Equal([("*.local", "192.168.50.234", true)], Rewrites(File.ReadAllText(config)));
    }

    public static void ADomainChangeAddsTheNewWildcardAndKeepsTheOld(string config, Func<string, (int Code, string Output)> seed)
    {
        // Seeded by an earlier render (the template's own layout: list items at the key's indent), then Domain became home.arpa.
        Assert.Equal(0, seed(ModelRewrites).Code);
        var (code, output) = seed("*.home.arpa 192.168.50.234");
        Assert.True(code == 0, output);
        Assert.Equal([("*.local", "192.168.50.234", true), ("*.home.arpa", "192.168.50.234", true)], Rewrites(File.ReadAllText(config)));
    }

    public static void AnUnreadableLayoutIsLeftUntouched(string config, Func<string, (int Code, string Output)> seed)
    {
        File.WriteAllText(config, AdGuardWritten("  rewrites:\n    - {domain: nas.local, answer: 192.168.50.10, enabled: true}\n"));
        var before = File.ReadAllText(config);
        var (code, output) = seed(ModelRewrites);
        // DNS must come up: the init step succeeds, says what it could not do and what to do by hand.
        Assert.True(code == 0, output);
        Assert.Contains("WARNING: could not read filtering.rewrites", output);
        Assert.Contains("*.local 192.168.50.234", output);
        Assert.Equal(before, File.ReadAllText(config));
        Assert.False(File.Exists(config + ".partial"));
    }

    public static void AnOldSchemaIsLeftForAdGuardToMigrate(string config, Func<string, (int Code, string Output)> seed)
    {
        File.WriteAllText(config, AdGuardWritten("").Replace("schema_version: 34", "schema_version: 28", StringComparison.Ordinal));
        var before = File.ReadAllText(config);
        var (code, output) = seed(ModelRewrites);
        Assert.True(code == 0, output);
        Assert.Contains("schema_version before 31", output);
        Assert.Equal(before, File.ReadAllText(config));
    }

    /// <summary>A file in AdGuard's own layout (yaml.v3, indent 2, sequences indented), with <paramref name="rewrites"/> under filtering.</summary>
    private static string AdGuardWritten(string rewrites) => $"""
        http:
          pprof:
            port: 6060
            enabled: false
          address: 0.0.0.0:80
          session_ttl: 720h
        users:
          - name: admin
            password: {Hash}
        dns:
          bind_hosts:
            - 0.0.0.0
          port: 53
          upstream_dns:
            - https://dns.quad9.net/dns-query
          upstream_timeout: 10s
        filtering:
          blocking_ipv4: ""
          filtering_enabled: true
        {rewrites}  safe_fs_patterns: []
          protection_enabled: true
        filters:
          - enabled: true
            url: https://adguardteam.github.io/HostlistsRegistry/assets/filter_1.txt
            name: AdGuard DNS filter
            id: 1
        schema_version: 34

        """;

    private static JsonNode? Root(string yaml) => YamlJson.LoadSingle(yaml);

    /// <summary>(domain, answer, enabled) of filtering.rewrites, as AdGuard reads them (missing enabled = false).</summary>
    public static IReadOnlyList<(string Domain, string Answer, bool Enabled)> Rewrites(string yaml) =>
        (Root(yaml)?["filtering"]?["rewrites"] as JsonArray ?? [])
            .Select(r => (r?["domain"]?.GetValue<string>() ?? "", r?["answer"]?.GetValue<string>() ?? "", r?["enabled"]?.GetValue<bool>() ?? false))
            .ToList();

    /// <summary>The file's lines outside filtering.rewrites (the block from "  rewrites:" to the next key at its indent).</summary>
    private static List<string> Outside(string[] lines)
    {
        var result = new List<string>();
        var inside = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("  rewrites:", StringComparison.Ordinal)) { inside = true; continue; }
            if (inside && (line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith("  - ", StringComparison.Ordinal))) continue;
            inside = false;
            result.Add(line);
        }
        return result;
    }
}
