using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using PiCluster.Bootstrap.Flux;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Secrets;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.IntegrationTests.Flux;

/// <summary>
/// bootstrap flux and secrets through the step engine against a real sshd test node (pi0) whose kubectl is a fake; a
/// second sshd ("git") stands in for the Git host whose key ssh-keyscan records; install.yaml is the FAKE one the
/// checkout's rendered/ holds; the checkout is a Git repository created here with LibGit2Sharp.
/// </summary>
public sealed class FluxAndSecretsPhaseTests : IAsyncLifetime
{
    private SshNodeFixture _fixture = null!;
    private readonly TempDir _temp = new();

    public async Task InitializeAsync()
    {
        Tools.Require("ssh-keyscan"); // the flux phase records the Git host's key with it
        _fixture = await SshNodeFixture.StartAsync(["pi0", "git"]);
        FakeKubectl.Install(_fixture["pi0"].FakeBin);
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        _temp.Dispose();
    }

    private ClusterDefinition Cluster => HomeCluster.Definition with
    {
        Git = new GitSource($"ssh://git@127.0.0.1:{_fixture["git"].Port}/home-lab/picluster.git", "main"),
        Flux = new FluxSettings("v2.9.4", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FakeReleaseServer.FakeFluxInstallYaml)))),
    };

    private async Task<(RunReport Report, string Output)> RunAsync(string checkout, IReadOnlyList<IBootstrapPhase> phases, Dictionary<string, string>? env = null, bool rotate = false)
    {
        var output = new StringWriter();
        var inputs = new PhaseInputs(Cluster, new StateFolder(checkout), _temp.Sub("kubeconfig"))
        {
            FluxReadyTimeout = TimeSpan.FromSeconds(20),
            // What the operator sets for values nobody can generate (the alert receiver's URL), plus the test's own.
            Environment = name => env?.GetValueOrDefault(name) ?? OperatorSecrets.Environment(Cluster).GetValueOrDefault(name),
            Report = output,
            RotateSecrets = rotate,
        };
        var runner = new BootstrapRunner(inputs, _fixture.TransportOptions(), n => _fixture.Endpoint(n.Name));
        var report = await runner.RunAsync(runner.Plan(phases, null), new RecordingObserver(), CancellationToken.None);
        Assert.True(report.Succeeded, string.Join("\n", report.Failures) + "\n" + output);
        return (report, output.ToString());
    }

    [Fact]
    public async Task Flux_installs_the_rendered_manifest_creates_the_deploy_key_secret_syncs_commits_nothing_and_a_second_run_changes_nothing()
    {
        var checkout = GitCheckout.Create(_temp, Cluster, FakeReleaseServer.FakeFluxInstallYaml);
        string firstCommit;
        using (var repo = new Repository(checkout)) firstCommit = repo.Head.Tip.Sha;

        var (report, output) = await RunAsync(checkout, [BootstrapPhases.Flux]);

        // The fake reports the root Kustomization Ready as soon as the sync objects exist, so flux-ready only checks.
        Assert.Equal(3, report.Actions);
        // Render is the one writer of rendered/: bootstrap applied the committed file and committed nothing.
        using (var repo = new Repository(checkout)) Assert.Equal(firstCommit, repo.Head.Tip.Sha);
        var state = _fixture.ClusterState;
        // The Namespace comes from the FAKE install manifest: the one rendered/ holds was applied.
        Assert.NotNull(FakeKubectl.Object(state, "Namespace", null, "flux-system"));
        var secret = FakeKubectl.Object(state, "Secret", "flux-system", "flux-system")!;
        var deployKey = new StateFolder(checkout).FluxDeployKey;
        Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(deployKey)), secret.Replace("\n", ""));
        var knownHosts = Encoding.UTF8.GetString(Convert.FromBase64String(Field(secret, "known_hosts")));
        Assert.Contains($"[127.0.0.1]:{_fixture["git"].Port} {_fixture["git"].HostPublicKey}", knownHosts);
        var gitRepository = FakeKubectl.Object(state, "GitRepository", "flux-system", "flux-system")!;
        Assert.Contains($"url: ssh://git@127.0.0.1:{_fixture["git"].Port}/home-lab/picluster.git", gitRepository);
        Assert.NotNull(FakeKubectl.Object(state, "Kustomization", "flux-system", "flux-system"));
        Assert.Contains(File.ReadAllText(deployKey + ".pub").Trim(), output);
        Assert.Contains("is Ready", output);
        var calls = File.ReadAllText(Path.Combine(state, "kube", "calls.log"));
        Assert.Contains("apply --server-side --force-conflicts --field-manager=kubectl -f -", calls);
        Assert.DoesNotContain("PRIVATE KEY", calls);

        var (again, _) = await RunAsync(checkout, [BootstrapPhases.Flux]);
        Assert.Equal(0, again.Actions);
        using (var repo = new Repository(checkout)) Assert.Equal(firstCommit, repo.Head.Tip.Sha);
    }

    [Fact]
    public async Task FAKE_Flux_takes_the_sync_objects_and_its_own_install_over_so_bootstrap_co_owns_no_field_and_a_rerun_changes_nothing()
    {
        var checkout = GitCheckout.Create(_temp, Cluster, FakeReleaseServer.FakeFluxInstallYaml);
        var state = _fixture.ClusterState;
        // The root Kustomization applies flux-system/ itself: gotk-components.yaml (the install) and gotk-sync.yaml.
        Directory.CreateDirectory(Path.Combine(state, "flux"));
        File.WriteAllLines(Path.Combine(state, "flux", "tree"),
        [
            "CustomResourceDefinition@_@kustomizations.kustomize.toolkit.fluxcd.io",
            "GitRepository@flux-system@flux-system",
            "Kustomization@flux-system@flux-system",
            "Namespace@_@flux-system",
        ]);

        await RunAsync(checkout, [BootstrapPhases.Flux]);

        // kustomize-controller's cleanup (ApplyCleanupOptions.FieldManagers) takes over kubectl's managers only; a manager of
        // bootstrap's own would stay co-owner, and a field later removed from gotk-sync.yaml would never be removed.
        foreach (var (kind, ns, name) in new[]
                 {
                     ("GitRepository", "flux-system", "flux-system"), ("Kustomization", "flux-system", "flux-system"),
                     ("Namespace", "_", "flux-system"), ("CustomResourceDefinition", "_", "kustomizations.kustomize.toolkit.fluxcd.io"),
                 })
        {
            Assert.Equal("manager kustomize-controller\n", File.ReadAllText(Path.Combine(state, "kube", "objects", kind, ns, name + ".managers")));
        }
        var (again, _) = await RunAsync(checkout, [BootstrapPhases.Flux]);
        Assert.Equal(0, again.Actions);
    }

    [Fact]
    public async Task Secrets_are_created_from_store_environment_or_generated_never_overwritten_and_never_reach_git()
    {
        var checkout = GitCheckout.Create(_temp, Cluster);
        var state = new StateFolder(checkout);
        // One value from the environment, one from the store file, the rest generated.
        Directory.CreateDirectory(state.Root);
        File.WriteAllText(state.SecretsFile, "monitoring/grafana-admin:\n  user: grafana-boss\n  password: 'from-the-store-file-123'\n");
        var env = new Dictionary<string, string> { ["PICLUSTER_SECRET_TRAEFIK_TRAEFIK_DASHBOARD_AUTH_PASSWORD"] = "from-the-environment-456" };

        var (report, output) = await RunAsync(checkout, [BootstrapPhases.Secrets], env);

        // Four credentials, the websecure certificate (traefik/picluster-tls) and the alert receiver (given by the operator).
        Assert.Equal(6, report.Actions);
        Assert.Equal("operator-alert-receiver-credential", Decode(Field(FakeKubectl.Object(_fixture.ClusterState, "Secret", "monitoring", "alert-receiver")!, "credential")));
        var cluster = _fixture.ClusterState;
        var grafana = FakeKubectl.Object(cluster, "Secret", "monitoring", "grafana-admin")!;
        Assert.Equal("from-the-store-file-123", Decode(Field(grafana, "admin-password")));
        Assert.Equal("grafana-boss", Decode(Field(grafana, "admin-user")));
        var traefik = Decode(Field(FakeKubectl.Object(cluster, "Secret", "traefik", "traefik-dashboard-auth")!, "users"));
        Assert.StartsWith("admin:$2y$10$", traefik);
        Assert.True(BCrypt.Net.BCrypt.Verify("from-the-environment-456", traefik["admin:".Length..]));
        var store = File.ReadAllText(state.SecretsFile);
        var adguardPassword = StoredValue(store, "adguard/adguard-admin", "password");
        var adguardHash = Decode(Field(FakeKubectl.Object(cluster, "Secret", "adguard", "adguard-admin")!, "password-hash"));
        Assert.StartsWith("$2a$10$", adguardHash);
        Assert.True(BCrypt.Net.BCrypt.Verify(adguardPassword, adguardHash));
        var torrentHash = Decode(Field(FakeKubectl.Object(cluster, "Secret", "torrent", "torrent-web-auth")!, "users"));
        Assert.Equal(32, adguardPassword.Length);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.SecretsFile));
        Assert.Contains(state.SecretsFile, output);
        Assert.DoesNotContain("from-the-environment-456", store); // environment values stay in the environment

        // A second run finds every Secret and changes nothing — even with other values on offer.
        File.WriteAllText(state.SecretsFile, store.Replace(adguardPassword, "changed-locally-789"));
        var (again, _) = await RunAsync(checkout, [BootstrapPhases.Secrets], env);
        Assert.Equal(0, again.Actions);
        Assert.Equal(adguardHash, Decode(Field(FakeKubectl.Object(cluster, "Secret", "adguard", "adguard-admin")!, "password-hash")));

        // --rotate replaces every Secret with the values on offer now; its check is "do it anyway", so the step is
        // verified by comparing what it wrote (before: every Secret failed with "the action ran but the check still fails").
        var (rotated, rotateOutput) = await RunAsync(checkout, [BootstrapPhases.Secrets], env, rotate: true);
        Assert.Equal(6, rotated.Actions); // every Secret, the alert receiver included
        Assert.Contains("replaced (--rotate)", rotateOutput);
        var rotatedHash = Decode(Field(FakeKubectl.Object(cluster, "Secret", "adguard", "adguard-admin")!, "password-hash"));
        Assert.True(BCrypt.Net.BCrypt.Verify("changed-locally-789", rotatedHash));
        var (afterRotate, _) = await RunAsync(checkout, [BootstrapPhases.Secrets], env);
        Assert.Equal(0, afterRotate.Actions);

        // The operator commits everything they can: not one value or hash may reach Git.
        using (var repo = new Repository(checkout))
        {
            Commands.Stage(repo, "*");
            var me = new Signature("Test Operator", "operator@example.invalid", DateTimeOffset.UnixEpoch);
            repo.Commit("Everything", me, me, new CommitOptions { AllowEmptyCommit = true });
        }
        var values = new[] { "from-the-store-file-123", "from-the-environment-456", adguardPassword, adguardHash, traefik, torrentHash, "changed-locally-789", rotatedHash, "operator-alert-receiver-credential",
            StoredValue(store, "torrent/torrent-web-auth", "password") };
        AssertNotUnderVersionControl(checkout, values);
        // Nor in the node logs or on kubectl's command lines: values travel on stdin only.
        var logs = string.Concat(Directory.GetFiles(_fixture.LogFolder).Select(File.ReadAllText)) + File.ReadAllText(Path.Combine(cluster, "kube", "calls.log"));
        Assert.All(values, v => Assert.DoesNotContain(v, logs));
    }

    /// <summary>Scans the working tree's tracked files, the index and `git log -p --all` for each value.</summary>
    internal static void AssertNotUnderVersionControl(string checkout, IEnumerable<string> values)
    {
        var seen = new StringBuilder();
        using (var repo = new Repository(checkout))
        {
            foreach (var entry in repo.Index)
            {
                seen.Append(((Blob)repo.Lookup(entry.Id)).GetContentText());
                var working = Path.Combine(checkout, entry.Path);
                if (File.Exists(working)) seen.Append(File.ReadAllText(working));
            }
            Assert.DoesNotContain(repo.Index, e => e.Path.StartsWith(".picluster/", StringComparison.Ordinal));
        }
        var log = Shell.Run("git", ["-C", checkout, "log", "-p", "--all"]);
        Assert.Equal(0, log.Code);
        seen.Append(log.Output);
        var text = seen.ToString();
        Assert.Contains("rendered/flux-system/gotk-sync.yaml", text); // the scan did see the repository
        foreach (var value in values) Assert.DoesNotContain(value, text);
    }

    private static string Field(string yaml, string key)
    {
        var line = yaml.Split('\n').First(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('"');
    }

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private static string StoredValue(string store, string secret, string key)
    {
        var lines = store.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(secret + ":", StringComparison.Ordinal));
        var line = lines.Skip(start + 1).TakeWhile(l => l.StartsWith(' ')).First(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('\'');
    }

    private sealed class RecordingObserver : IRunObserver
    {
        public void StepStarted(string node, string phase, string step)
        {
        }

        public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
        {
        }
    }
}
