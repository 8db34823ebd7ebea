using System.Text.RegularExpressions;
using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Components;
using PiCluster.Render.Overview;
using YamlDotNet.RepresentationModel;

namespace PiCluster.UnitTests.Apps;

/// <summary>Checks on the committed tree as Flux and people will read it: no secrets, the overview is complete (kubectl kustomize: RenderedTreeKustomizeTests).</summary>
public class RenderedTreeSafetyTests
{
    private static IEnumerable<string> RenderedFiles() =>
        Directory.EnumerateFiles(TestPaths.Rendered, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    [Fact]
    public void No_secret_object_and_no_credential_value_is_rendered()
    {
        var problems = new List<string>();
        foreach (var file in RenderedFiles().Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind.ToString() == "Secret")
                    problems.Add($"{file}: kind: Secret");
            }
        }
        foreach (var file in RenderedFiles())
        {
            foreach (var found in Credentials(File.ReadAllText(file)))
                problems.Add($"{Path.GetRelativePath(TestPaths.Rendered, file)}: \"{found}\"");
        }
        Assert.True(problems.Count == 0, "credentials in rendered/:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("users:\n- name: admin\n  password: $2y$10$abcdefghijklmnopqrstuv\n", true)]
    [InlineData("adminPassword: hunter2\n", true)]
    [InlineData("    token: eyJhbGciOi\n", true)]
    [InlineData("key: ghp_abcdefghijklmnopqrstuvwxyz012345\n", true)]
    [InlineData("tls.key: |\n  -----BEGIN RSA PRIVATE KEY-----\n", true)]
    [InlineData("  password: __ADMIN_PASSWORD_HASH__\n", false)]
    [InlineData("passwordKey: admin-password\nexistingSecret: grafana-admin\n", false)]
    public void The_credential_scan_finds_values_and_ignores_references(string text, bool found)
    {
        Assert.Equal(found, Credentials(text).Any());
    }

    /// <summary>Credential-looking values: bcrypt hashes, private keys, known token formats, password/token keys with a value.</summary>
    private static IEnumerable<string> Credentials(string text) =>
        CredentialPattern.Matches(text).Select(m => m.Value.Trim());

    private static readonly Regex CredentialPattern = new(
        @"\$2[aby]\$\d\d\$|-----BEGIN [A-Z ]*PRIVATE KEY|^\s*(password|adminPassword|token|clientSecret|secretKey|apiKey)\s*:\s*(?!__ADMIN_PASSWORD_HASH__\s*$)\S+|ghp_[A-Za-z0-9]{20,}|glpat-",
        RegexOptions.IgnoreCase | RegexOptions.Multiline);

    [Fact]
    public void Every_app_has_its_own_folder_under_apps()
    {
        var folders = Directory.GetDirectories(Path.Combine(TestPaths.Rendered, "apps")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["adguard", "etcd-backup", "headlamp", "monitoring", "torrent"], folders);
    }

    [Fact]
    public void The_overview_lists_every_host_address_and_secret_and_draws_both_diagrams()
    {
        var cluster = HomeCluster.Definition;
        var readme = File.ReadAllText(Path.Combine(TestPaths.Rendered, ClusterOverview.FilePath));
        var s = cluster.Services;
        foreach (var host in new[] { s.Traefik.DashboardHost, s.AdGuard.Host, s.Torrent.Host, s.Monitoring.GrafanaHost, s.Dashboard.Host })
            Assert.Contains(cluster.Network.HostName(host), readme);
        foreach (var address in new[] { s.Traefik.Address, s.AdGuard.DnsAddress, s.AdGuard.CatchAllAddress, s.Torrent.Address })
            Assert.Contains(address, readme);
        foreach (var secret in new[] { s.Traefik.DashboardAuthSecret, s.AdGuard.AdminSecret, s.Torrent.WebAuthSecret, s.Monitoring.GrafanaAdminSecret })
            Assert.Contains($"Secret `{secret}`", readme);
        Assert.Contains("created by bootstrap secrets", readme);
        // Flux order, addresses, alert route.
        Assert.Equal(3, Regex.Matches(readme, "```mermaid\n").Count);
        Assert.Contains("controllers --> configs --> apps", readme);
        Assert.Contains("kubectl -n headlamp create token headlamp-login", readme);
        Assert.Equal(ClusterOverview.Rows(cluster.Services, new RenderContext(cluster)).Count, Regex.Matches(readme, @"^\| (?!Service |---)", RegexOptions.Multiline).Count);
    }
}
