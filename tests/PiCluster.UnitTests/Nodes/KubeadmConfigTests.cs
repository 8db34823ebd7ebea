using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using YamlDotNet.RepresentationModel;

namespace PiCluster.UnitTests.Nodes;

public sealed class KubeadmConfigTests
{
    private static readonly string Yaml = KubeadmConfigBuilder.Yaml(HomeCluster.Definition, HomeCluster.Definition.Nodes[0]);

    private static List<YamlMappingNode> Documents()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Kind(YamlMappingNode doc) => At(doc, "kind").ToString();

    [Fact]
    public void The_file_holds_init_cluster_kubelet_and_kube_proxy_documents_with_the_model_values()
    {
        var docs = Documents();
        Assert.Equal(["InitConfiguration", "ClusterConfiguration", "KubeletConfiguration", "KubeProxyConfiguration"], docs.Select(Kind));
        var init = docs[0];
        var cluster = docs[1];
        Assert.Equal("kubeadm.k8s.io/v1beta4", At(init, "apiVersion").ToString());
        Assert.Equal("pi0", At(init, "nodeRegistration", "name").ToString());
        Assert.Equal(HomeClusterAddresses.NodesPi0Address, At(init, "localAPIEndpoint", "advertiseAddress").ToString());
        Assert.Equal("v1.36.1", At(cluster, "kubernetesVersion").ToString());
        Assert.Equal($"{HomeClusterAddresses.NodesPi0Address}:6443", At(cluster, "controlPlaneEndpoint").ToString());
        Assert.Equal(HomeClusterAddresses.KubernetesPodCidr, At(cluster, "networking", "podSubnet").ToString());
        Assert.Equal(HomeClusterAddresses.KubernetesServiceCidr, At(cluster, "networking", "serviceSubnet").ToString());
        Assert.Equal("cgroupfs", At(docs[2], "cgroupDriver").ToString());
        Assert.Equal("0.0.0.0:10249", At(docs[3], "metricsBindAddress").ToString());
    }

    [Fact]
    public void The_control_plane_registers_without_a_taint_through_an_empty_taints_list()
    {
        // kubeadm v1beta4 NodeRegistrationOptions.Taints: nil = the control-plane NoSchedule taint, [] = none.
        var taints = At(Documents()[0], "nodeRegistration", "taints");
        Assert.Empty(Assert.IsType<YamlSequenceNode>(taints).Children);
        Assert.Contains("\n  taints: []\n", Yaml);
        // The same list the cluster rules place pods by (PI1001): one statement of the node's taints.
        Assert.Empty(Cluster.Model.NodeScheduling.Taints(HomeCluster.Definition.ControlPlane));
    }

    [Fact]
    public void Extra_args_are_v1beta4_lists_of_name_and_value()
    {
        var cluster = Documents()[1];
        static (string, string) Only(YamlNode list) =>
            Assert.Single(((YamlSequenceNode)list).Children.Cast<YamlMappingNode>().Select(a => (At(a, "name").ToString(), At(a, "value").ToString())));

        Assert.Equal(("bind-address", "0.0.0.0"), Only(At(cluster, "controllerManager", "extraArgs")));
        Assert.Equal(("bind-address", "0.0.0.0"), Only(At(cluster, "scheduler", "extraArgs")));
        // Issue 20: etcd's plain-HTTP metrics on loopback (kubeadm's probe takes the first URL) and the node address, never 0.0.0.0.
        Assert.Equal(("listen-metrics-urls", "http://127.0.0.1:2381,http://192.168.50.132:2381"), Only(At(cluster, "etcd", "local", "extraArgs")));
    }

    [Fact]
    public void The_file_is_deterministic_lf_and_says_where_it_comes_from()
    {
        Assert.Equal(Yaml, KubeadmConfigBuilder.Yaml(HomeCluster.Definition, HomeCluster.Definition.Nodes[0]));
        Assert.DoesNotContain('\r', Yaml);
        Assert.StartsWith("# Written by picluster bootstrap", Yaml);
        Assert.Contains("\n---\n", Yaml);
    }

    [Fact]
    public void The_join_command_is_parsed_and_never_printed_with_its_token()
    {
        var join = JoinCommand.Parse("kubeadm join 192.168.50.132:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:" + new string('a', 64) + " \n");

        Assert.Equal("192.168.50.132:6443", join.Endpoint);
        Assert.Equal("abcdef.0123456789abcdef", join.Token);
        Assert.DoesNotContain(join.Token, join.ToString());
        var error = Assert.Throws<PiCluster.Bootstrap.Steps.StepFailedException>(() => JoinCommand.Parse("kubeadm join x --token abcdef.0123456789abcdef"));
        Assert.DoesNotContain("abcdef", error.Message);
    }

    [Fact]
    public void The_dry_run_plan_puts_kubeadm_init_before_every_join_and_the_ready_wait_last()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent");
        var lines = BootstrapPlan.For(BootstrapPhases.Cluster, inputs).Lines.ToList();

        var init = lines.FindIndex(l => l is { Node: "pi0", Step: "kubeadm-init" });
        var joins = lines.Select((l, i) => (l, i)).Where(x => x.l.Step == "kubeadm-join").ToList();
        Assert.Equal(["pi1", "pi2", "pi3", "pi4", "pi5"], joins.Select(j => j.l.Node));
        Assert.All(joins, j => Assert.True(j.i > init && j.l.Stage > lines[init].Stage));
        var kubeadm = lines.Where(l => l.Phase == "kubeadm").ToList();
        Assert.Equal(("pi0", "nodes-ready"), (kubeadm[^1].Node, kubeadm[^1].Step));
        // flux then secrets follow, on the control plane, each in a later stage.
        Assert.Equal(["nodes", "kubeadm", "nfs", "flux", "secrets"], lines.Select(l => l.Phase).Distinct());
        Assert.All(lines.Where(l => l.Phase is "flux" or "secrets"), l => Assert.True(l.Node == "pi0" && l.Stage > kubeadm[^1].Stage));
        Assert.True(lines.FindLastIndex(l => l.Phase == "nodes") < init);
        Assert.Equal("time-sync", lines.First(l => l.Node == "pi4").Step);
        // Each worker waits for its own Ready right after its join.
        Assert.All(joins, j => Assert.Equal((j.l.Node, "node-ready"), (lines[j.i + 1].Node, lines[j.i + 1].Step)));
        // nodes + kubeadm (6 on pi0, a join and a node-ready per worker, nodes-ready) + nfs (3 probes on pi0, then on each
        // worker one nfs-client per export to every node) + flux (components, deploy key, sync, ready: 4) + secrets
        // (4 credentials, the websecure TLS certificate, the alert receiver).
        var workers = HomeCluster.Definition.Workers.Count;
        var shared = PiCluster.Bootstrap.Nfs.NfsPreflightPhase.SharedExports(HomeCluster.Definition).Count;
        Assert.Equal(HomeCluster.Definition.Nodes.Sum(n => NodesPhase.Steps(HomeCluster.Definition, inputs, n).Count) + 6 + 2 * workers + 1 + 3 + shared * workers + 4 + 6, lines.Count);
    }
}

public sealed class KubeconfigMergeTests
{
    private const string Admin = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority-data: Q0E=
            server: https://192.168.50.132:6443
          name: home-k8s
        contexts:
        - context:
            cluster: home-k8s
            user: kubernetes-admin
          name: kubernetes-admin@home-k8s
        current-context: kubernetes-admin@home-k8s
        users:
        - name: kubernetes-admin
          user:
            client-certificate-data: Q0VSVA==
            client-key-data: S0VZ
        """;

    private const string Existing = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: https://work.example:6443
            unknown-field: kept
          name: work
        contexts:
        - context:
            cluster: work
            namespace: team
            user: work-user
          name: work
        current-context: work
        users:
        - name: work-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: work-login
        """;

    [Fact]
    public void Adds_the_home_context_and_keeps_every_other_entry_and_the_current_context()
    {
        var merged = KubeconfigMerge.Merge(Existing, Admin, "home-k8s");

        Assert.Contains("unknown-field: kept", merged);
        Assert.Contains("namespace: team", merged);
        Assert.Contains("command: work-login", merged);
        Assert.Contains("current-context: work", merged);
        Assert.Contains("- name: home-k8s-admin", merged);
        Assert.Contains("client-key-data: S0VZ", merged);
        Assert.Equal(merged, KubeconfigMerge.Merge(merged, Admin, "home-k8s"));
        Assert.Equal(merged, KubeconfigMerge.Merge(Existing, Admin, "home-k8s"));
    }

    [Fact]
    public void A_new_kubeconfig_gets_the_home_context_as_current()
    {
        var merged = KubeconfigMerge.Merge(null, Admin, "home-k8s");

        Assert.Contains("current-context: home-k8s", merged);
        Assert.Equal(1, merged.Split("\n- name: home-k8s-admin").Length - 1);
    }

    [Fact]
    public void A_changed_admin_conf_replaces_the_home_entries_in_place()
    {
        var first = KubeconfigMerge.Merge(Existing, Admin, "home-k8s");
        var second = KubeconfigMerge.Merge(first, Admin.Replace("S0VZ", "TkVX", StringComparison.Ordinal), "home-k8s");

        Assert.Contains("client-key-data: TkVX", second);
        Assert.DoesNotContain("S0VZ", second);
        Assert.Equal(first.Length, second.Length);
    }

    [Fact]
    public void Write_backs_up_the_previous_file_first()
    {
        using var temp = new TempDir();
        var path = temp.Sub("config");
        File.WriteAllText(path, Existing);

        KubeconfigMerge.Write(path, "new\n");

        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal(Existing, File.ReadAllText(Assert.Single(Directory.GetFiles(temp.Path, "config.bak-*"))));
    }
}
