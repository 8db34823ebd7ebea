using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Rules;

namespace PiCluster.UnitTests.Rules;

/// <summary>Each cluster rule (PI1001–PI1009) on a minimal tree that breaks it, the same tree repaired, and the default tree.</summary>
public sealed class ClusterRulesTests
{
    private static IReadOnlyList<RuleFinding> Check(params (string Path, string Yaml)[] files) =>
        ClusterRules.Check(HomeCluster.Definition, RenderedTree.FromTexts(files));

    private static RuleFinding Single(IReadOnlyList<RuleFinding> findings, string rule) =>
        Assert.Single(findings, f => f.Rule == rule);

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              AFFINITY
              containers:
              - name: web
                image: nginx:1.29
                ports: [{name: http, containerPort: 8080}]
        """;

    private static string WebDeployment(string affinity = "{}") => Deployment.Replace("AFFINITY", "affinity: " + affinity);

    [Fact]
    public void The_default_tree_passes_every_rule_in_memory_and_on_disk()
    {
        var warnings = new List<RuleFinding>();
        ClusterRenderer.Render(HomeCluster.Definition, warnings: warnings);
        Assert.Empty(warnings);
        Assert.Empty(ClusterRules.Check(HomeCluster.Definition, RenderedTree.FromDirectory(TestPaths.Rendered)));
        Assert.Equal(11, ClusterRules.All.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void PI1001_a_local_load_balancer_pod_that_may_run_on_the_control_plane()
    {
        const string service = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop, annotations: {metallb.io/loadBalancerIPs: 192.168.50.236}}
            spec: {type: LoadBalancer, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, targetPort: http}]}
            """;
        var finding = Single(Check(("apps/shop.yaml", service + "\n---\n" + WebDeployment())), TreeRuleIds.LoadBalancerPlacement);
        Assert.Equal("Deployment shop/web", finding.Object);
        Assert.Equal("spec.template.spec.affinity", finding.Field);
        Assert.Contains("pods may run on pi0, which MetalLB excludes", finding.Message);
        Assert.Contains("192.168.50.236", finding.Message);

        const string avoid = "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: node.kubernetes.io/exclude-from-external-load-balancers, operator: DoesNotExist}]}]}}}";
        Assert.Empty(Check(("apps/shop.yaml", service + "\n---\n" + WebDeployment(avoid))));
        Assert.Empty(Check(("apps/shop.yaml", service.Replace("Local", "Cluster") + "\n---\n" + WebDeployment())));
        const string pinned = "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [pi3]}]}]}}}";
        Assert.Empty(Check(("apps/shop.yaml", service + "\n---\n" + WebDeployment(pinned))));
    }

    [Fact]
    public void PI1002_a_service_that_selects_nothing_or_names_an_undeclared_port()
    {
        const string service = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec: {selector: {app: SELECT}, ports: [{port: 80, targetPort: PORT}]}
            """;
        string Tree(string select, string port) => service.Replace("SELECT", select).Replace("PORT", port) + "\n---\n" + WebDeployment();

        var none = Single(Check(("apps/shop.yaml", Tree("shop", "http"))), TreeRuleIds.ServiceSelector);
        Assert.Equal("Service shop/web", none.Object);
        Assert.Equal("spec.selector", none.Field);
        var port = Single(Check(("apps/shop.yaml", Tree("web", "https"))), TreeRuleIds.ServiceSelector);
        Assert.Equal("spec.ports[0].targetPort", port.Field);
        Assert.Contains("Deployment shop/web", port.Message);
        Assert.Empty(Check(("apps/shop.yaml", Tree("web", "http"))));

        // A chart's pods are not in the tree: a Service in a namespace a HelmRelease installs into is not judged by its selector.
        const string release = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: shop, namespace: shop}\nspec: {values: {}}\n";
        Assert.Empty(Check(("apps/shop.yaml", service.Replace("SELECT", "chart").Replace("PORT", "http") + "\n---\n" + release)));
    }

    [Fact]
    public void PI1002_judges_kube_system_services_against_the_pods_kubeadm_runs()
    {
        const string service = """
            apiVersion: v1
            kind: Service
            metadata: {name: metrics, namespace: kube-system}
            spec: {selector: {SELECT}, ports: [{name: metrics, port: 10259, targetPort: PORT}]}
            """;
        IReadOnlyList<RuleFinding> Of(string select, string port) => Check(("infrastructure/kube-system.yaml", service.Replace("SELECT", select).Replace("PORT", port)));

        // kube-prometheus-stack's kubeScheduler/kubeEtcd/coreDns/kubeProxy Services select kubeadm's pods by these labels.
        Assert.Empty(Of("component: kube-scheduler", "10259"));
        Assert.Empty(Of("component: etcd, tier: control-plane", "probe-port"));
        Assert.Empty(Of("k8s-app: kube-dns", "metrics"));
        Assert.Empty(Of("k8s-app: kube-proxy", "10249"));

        // kube-system is no free pass: a selector that matches none of them, or a port none of them names, has no endpoints.
        var none = Single(Of("component: kube-schedular", "10259"), TreeRuleIds.ServiceSelector);
        Assert.Equal("Service kube-system/metrics", none.Object);
        Assert.Equal("spec.selector", none.Field);
        var port = Single(Of("component: kube-scheduler", "http-metrics"), TreeRuleIds.ServiceSelector);
        Assert.Equal("spec.ports[0].targetPort", port.Field);
        Assert.Contains("kube-scheduler", port.Message);
    }

    [Fact]
    public void PI1002_judges_services_of_prometheus_operator_pods_by_the_labels_the_operator_sets()
    {
        const string monitoring = """
            apiVersion: monitoring.coreos.com/v1
            kind: Prometheus
            metadata: {name: kps-prometheus, namespace: monitoring}
            spec: {replicas: 1, LISTEN podMetadata: {labels: {team: home}}}
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: Alertmanager
            metadata: {name: kps-alertmanager, namespace: monitoring}
            spec: {replicas: 1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kps-prometheus, namespace: monitoring}
            spec:
              selector: {app.kubernetes.io/name: NAME, operator.prometheus.io/name: kps-prometheus}
              ports: [{name: http-web, port: 9090, targetPort: 9090}, {name: reloader-web, port: 8080, targetPort: reloader-web}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kps-alertmanager, namespace: monitoring}
            spec:
              selector: {app.kubernetes.io/name: alertmanager, alertmanager: kps-alertmanager}
              ports: [{name: http-web, port: 9093, targetPort: web}, {name: mesh, port: 9094, targetPort: mesh-tcp}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: by-team, namespace: monitoring}
            spec: {selector: {team: home, prometheus: kps-prometheus}, ports: [{port: 9090, targetPort: web}]}
            """;
        IReadOnlyList<RuleFinding> Of(string name, string listen = "") => Check(("apps/monitoring.yaml", monitoring.Replace("NAME", name).Replace("LISTEN", listen)));

        Assert.Empty(Of("prometheus"));
        // The operator names its Prometheus pods app.kubernetes.io/name=prometheus: another name selects nothing.
        var wrong = Single(Of("kube-prometheus-stack-prometheus"), TreeRuleIds.ServiceSelector);
        Assert.Equal("Service monitoring/kps-prometheus", wrong.Object);
        Assert.Equal("spec.selector", wrong.Field);
        // listenLocal: the operator declares neither the web nor the reloader-web port.
        var local = Assert.Single(Of("prometheus", "listenLocal: true,"), f => f.Rule == TreeRuleIds.ServiceSelector && f.Object == "Service monitoring/kps-prometheus");
        Assert.Equal("spec.ports[1].targetPort", local.Field);
        Assert.Contains("Prometheus monitoring/kps-prometheus", local.Message);
        // The Alertmanager's pods carry alertmanager=<name>, a Prometheus' none: without the Alertmanager object its Service selects nothing.
        var withoutAlertmanager = Check(("apps/monitoring.yaml", string.Join("---\n", monitoring.Replace("NAME", "prometheus").Replace("LISTEN", "").Split("---\n").Where(d => !d.Contains("kind: Alertmanager", StringComparison.Ordinal)))));
        Assert.Equal("Service monitoring/kps-alertmanager", Single(withoutAlertmanager, TreeRuleIds.ServiceSelector).Object);
    }

    [Fact]
    public void PI1003_a_secret_nobody_creates_or_a_key_it_does_not_hold()
    {
        const string pod = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: seed, namespace: adguard}
            spec:
              template:
                spec:
                  containers:
                  - name: seed
                    image: busybox:1.37.0
                    env:
                    - {name: HASH, valueFrom: {secretKeyRef: {name: NAME, key: KEY}}}
            """;
        string Tree(string name, string key) => pod.Replace("NAME", name).Replace("KEY", key);

        var missing = Single(Check(("apps/a.yaml", Tree("adguard-password", "password-hash"))), TreeRuleIds.SecretReference);
        Assert.Equal("Deployment adguard/seed", missing.Object);
        Assert.Equal("spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef", missing.Field);
        Assert.Contains("adguard/adguard-password is created by nobody", missing.Message);
        var key = Single(Check(("apps/a.yaml", Tree("adguard-admin", "password"))), TreeRuleIds.SecretReference);
        Assert.Contains("key \"password\" is not in Secret adguard/adguard-admin", key.Message);
        Assert.Empty(Check(("apps/a.yaml", Tree("adguard-admin", SecretKeys.PasswordHash))));

        // Traefik middleware, chart values and Flux sources are references too.
        const string middleware = "apiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: {name: auth, namespace: traefik}\nspec: {basicAuth: {secret: NAME}}\n";
        Assert.Equal("Middleware traefik/auth", Single(Check(("c/m.yaml", middleware.Replace("NAME", "dashboard-users"))), TreeRuleIds.SecretReference).Object);
        Assert.Empty(Check(("c/m.yaml", middleware.Replace("NAME", "traefik-dashboard-auth"))));
        const string grafana = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: g, namespace: monitoring}\nspec: {values: {grafana: {admin: {existingSecret: grafana-admin, userKey: admin-user, passwordKey: PASSWORD}}}}\n";
        var chartKey = Single(Check(("apps/g.yaml", grafana.Replace("PASSWORD", "password"))), TreeRuleIds.SecretReference);
        Assert.Equal("spec.values.grafana.admin.existingSecret", chartKey.Field);
        Assert.Empty(Check(("apps/g.yaml", grafana.Replace("PASSWORD", SecretKeys.AdminPassword))));
        const string git = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {secretRef: {name: NAME}}\n";
        Assert.Empty(Check(("flux-system/s.yaml", git.Replace("NAME", "flux-system"))));
        Assert.Single(Check(("flux-system/s.yaml", git.Replace("NAME", "deploy-key"))), f => f.Rule == TreeRuleIds.SecretReference);
    }

    [Fact]
    public void PI1003_a_chart_objects_secret_is_a_warning_only_when_its_release_can_create_secrets_there()
    {
        const string releaseYaml = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: metallb, namespace: metallb-system}\nspec: {values: {}}\n";
        var release = RenderedTree.FromTexts([("infrastructure/controllers/metallb.yaml", releaseYaml)]);
        var helmRelease = release.Objects[0];
        RenderedObject ChartObject(string template, string yaml) =>
            new($"{helmRelease.File}#metallb/templates/{template}", (System.Text.Json.Nodes.JsonObject)PiCluster.Render.Schemas.YamlJson.LoadSingle(yaml)!,
                new ChartOrigin(helmRelease, "metallb", "0.16.1", $"metallb/templates/{template}"));
        IReadOnlyList<RuleFinding> Of(params RenderedObject[] chartObjects) => ClusterRules.Check(HomeCluster.Definition, release.With(chartObjects));

        var controller = ChartObject("controller.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: metallb-controller, namespace: metallb-system}
            spec:
              selector: {matchLabels: {app: metallb}}
              template:
                metadata: {labels: {app: metallb}}
                spec:
                  serviceAccountName: metallb-controller
                  containers: [{name: controller, image: "quay.io/metallb/controller:v0.15.3"}]
                  volumes: [{name: memberlist, secret: {secretName: metallb-memberlist}}]
            """);
        RenderedObject Role(string rule, string ns = "metallb-system") => ChartObject("rbac.yaml", $$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: metallb-controller, namespace: {{ns}}}
            rules: [{{rule}}]
            """);
        var binding = ChartObject("rbac.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: metallb-controller, namespace: metallb-system}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: metallb-controller}
            subjects: [{kind: ServiceAccount, name: metallb-controller}]
            """);
        const string createSecrets = "{apiGroups: [''], resources: [secrets], verbs: [create, get, list, watch]}";

        // metallb: its controller creates the memberlist Secret, allowed by its Role in the release namespace.
        var warning = Single(Of(controller, Role(createSecrets), binding), TreeRuleIds.SecretReference);
        Assert.Equal(RuleSeverity.Warning, warning.Severity);
        Assert.Equal("spec.template.spec.volumes[0].secret", warning.Field);
        Assert.Contains("ServiceAccount metallb-system/metallb-controller", warning.Message);

        // Nothing of the release may create Secrets there: nobody makes it, an error as for the tree's own references.
        foreach (var findings in new[]
                 {
                     Of(controller),
                     Of(controller, Role(createSecrets)), // not bound to any of its ServiceAccounts
                     Of(controller, Role("{apiGroups: [''], resources: [secrets], verbs: [get, list, watch]}"), binding),
                     Of(controller, Role("{apiGroups: [''], resources: [secrets], resourceNames: [metallb-memberlist], verbs: [create]}"), binding), // create cannot be limited by name
                     Of(controller, Role(createSecrets, "default"), binding),
                 })
        {
            var error = Single(findings, TreeRuleIds.SecretReference);
            Assert.Equal(RuleSeverity.Error, error.Severity);
            Assert.Contains("Secret metallb-system/metallb-memberlist is created by nobody", error.Message);
        }

        // kube-prometheus-stack: a pre-install hook Job makes the admission webhook's Secret.
        var hook = ChartObject("job-createSecret.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: kps-admission-create, namespace: metallb-system, annotations: {helm.sh/hook: "pre-install,pre-upgrade"}}
            spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: create, image: "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.3"}]}}}
            """);
        var hooked = Single(Of(controller, hook), TreeRuleIds.SecretReference);
        Assert.Equal(RuleSeverity.Warning, hooked.Severity);
        Assert.Contains("hook Job metallb-system/kps-admission-create", hooked.Message);
    }

    [Fact]
    public void PI1004_a_local_volume_or_host_path_no_bootstrap_step_creates()
    {
        const string volume = """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: data}
            spec:
              capacity: {storage: 5Gi}
              local: {path: PATH}
              nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [NODE]}]}]}}
            """;
        var finding = Single(Check(("c/v.yaml", volume.Replace("PATH", "/var/lib/grafana").Replace("NODE", "pi1"))), TreeRuleIds.NodePath);
        Assert.Equal("PersistentVolume data", finding.Object);
        Assert.Equal("spec.local.path", finding.Field);
        Assert.Contains("/var/lib/grafana on pi1", finding.Message);
        // The model declares /var/lib/prometheus on pi1 (NodeLocalPaths), not on pi2.
        Assert.Empty(Check(("c/v.yaml", volume.Replace("PATH", "/var/lib/prometheus").Replace("NODE", "pi1"))));
        Assert.Contains("on pi2", Single(Check(("c/v.yaml", volume.Replace("PATH", "/var/lib/prometheus").Replace("NODE", "pi2"))), TreeRuleIds.NodePath).Message);

        const string job = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: kube-system}
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      SELECTOR
                      containers: [{name: b, image: busybox:1.37.0}]
                      volumes: [{name: pki, hostPath: {path: /etc/kubernetes/pki/etcd, type: TYPE}}]
            """;
        var anywhere = Check(("apps/b.yaml", job.Replace("SELECTOR", "nodeSelector: {}").Replace("TYPE", "Directory")));
        Assert.Equal(5, anywhere.Count(f => f.Rule == TreeRuleIds.NodePath)); // pi1–pi5: kubeadm makes etcd's PKI on the control plane only
        Assert.Empty(Check(("apps/b.yaml", job.Replace("SELECTOR", "nodeSelector: {node-role.kubernetes.io/control-plane: ''}").Replace("TYPE", "Directory"))));
        Assert.Empty(Check(("apps/b.yaml", job.Replace("SELECTOR", "nodeSelector: {}").Replace("TYPE", "DirectoryOrCreate"))));
    }

    [Fact]
    public void PI1005_a_claim_and_volume_that_never_bind()
    {
        const string pair = """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: nfs-shop}
            spec:
              accessModes: [ReadWriteMany]
              capacity: {storage: 5Gi}
              claimRef: {namespace: shop, name: CLAIMREF}
              storageClassName: nfs-static
              nfs: {server: 192.168.50.10, path: /media/nfs}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: shop}
            spec: {accessModes: [MODE], resources: {requests: {storage: SIZE}}, storageClassName: nfs-static, volumeName: nfs-shop}
            """;
        string Tree(string claimRef = "data", string size = "5Gi", string mode = "ReadWriteMany") =>
            pair.Replace("CLAIMREF", claimRef).Replace("SIZE", size).Replace("MODE", mode);

        Assert.Empty(Check(("c/v.yaml", Tree())));
        var other = Check(("c/v.yaml", Tree(claimRef: "cache")));
        Assert.Contains(other, f => f.Rule == TreeRuleIds.VolumeBinding && f.Object == "PersistentVolumeClaim shop/data" && f.Message.Contains("reserves it for shop/cache"));
        var size = Single(Check(("c/v.yaml", Tree(size: "10Gi"))), TreeRuleIds.VolumeBinding);
        Assert.Equal("spec.resources.requests.storage", size.Field);
        Assert.Equal("spec.accessModes", Single(Check(("c/v.yaml", Tree(mode: "ReadWriteOncePod"))), TreeRuleIds.VolumeBinding).Field);
    }

    [Fact]
    public void PI1006_a_routed_host_without_a_rewrite_to_traefik()
    {
        const string tree = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: adguard-seed, namespace: adguard}
            data:
              AdGuardHome.yaml: |
                filtering:
                  rewrites:
                  - {domain: "REWRITE", answer: ANSWER, enabled: true}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: shop, namespace: shop}
            spec: {routes: [{match: "Host(`shop.local`)", services: [{name: shop, port: 80}]}]}
            """;
        string Tree(string rewrite, string answer = HomeClusterAddresses.ServicesTraefikAddress) => tree.Replace("REWRITE", rewrite).Replace("ANSWER", answer);

        var findings = Check(("apps/a.yaml", Tree("traefik.local")));
        var shop = Assert.Single(findings, f => f.Object == "IngressRoute shop/shop");
        Assert.Equal(TreeRuleIds.DnsRewrite, shop.Rule);
        Assert.Equal("spec.routes[0].match", shop.Field);
        // The model's own hosts (adguard.local, …) are checked too, on the AdGuard ConfigMap.
        Assert.Contains(findings, f => f.Object == "ConfigMap adguard/adguard-seed" && f.Message.Contains("grafana.local"));
        Assert.Empty(Check(("apps/a.yaml", Tree("*.local"))));
        Assert.Contains("not to Traefik's address", Check(("apps/a.yaml", Tree("*.local", "192.168.50.99")))[0].Message);
    }

    private const string Layers = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: base, namespace: flux-system}
        spec: {path: ./rendered/base, interval: 1h0m0s, timeout: BASETIMEOUT, wait: BASEWAIT, prune: true}
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: top, namespace: flux-system}
        spec: {path: ./rendered/top, interval: 1h0m0s, wait: true, prune: true, dependsOn: [{name: base}]}
        """;

    [Fact]
    public void PI1007_a_layer_that_times_out_before_its_release_or_gates_on_a_daemon_set()
    {
        const string release = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: big, namespace: kube-system}\nspec: {timeout: 20m0s, values: {}}\n";
        string Flux(string timeout, string wait = "true") => Layers.Replace("BASETIMEOUT", timeout).Replace("BASEWAIT", wait);

        var slow = Single(Check(("flux-system/layers.yaml", Flux("10m0s")), ("base/big.yaml", release)), TreeRuleIds.FluxLayer);
        Assert.Equal("Kustomization flux-system/base", slow.Object);
        Assert.Equal("spec.timeout", slow.Field);
        Assert.Contains("HelmRelease kube-system/big", slow.Message);
        Assert.Empty(Check(("flux-system/layers.yaml", Flux("20m0s")), ("base/big.yaml", release)));

        const string daemonSet = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: kube-system}\nspec: {template: {spec: {containers: [{name: a, image: agent:1.0}]}}}\n";
        var gate = Single(Check(("flux-system/layers.yaml", Flux("10m0s")), ("base/agent.yaml", daemonSet)), TreeRuleIds.FluxLayer);
        Assert.Equal("spec.wait", gate.Field);
        Assert.Contains("DaemonSet kube-system/agent", gate.Message);
        Assert.Contains("top depend on this layer", gate.Message);
        Assert.Empty(Check(("flux-system/layers.yaml", Flux("10m0s", wait: "false")), ("base/agent.yaml", daemonSet)));
        // Nothing depends on the last layer: it may wait for a DaemonSet.
        Assert.Empty(Check(("flux-system/layers.yaml", Flux("10m0s", wait: "false")), ("top/agent.yaml", daemonSet)));
    }

    [Fact]
    public void PI1008_an_object_whose_namespace_comes_in_a_later_layer()
    {
        string Flux() => Layers.Replace("BASETIMEOUT", "10m0s").Replace("BASEWAIT", "true");
        const string ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
        const string map = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}\n";

        var early = Single(Check(("flux-system/layers.yaml", Flux()), ("top/ns.yaml", ns), ("base/map.yaml", map)), TreeRuleIds.NamespaceOrder);
        Assert.Equal("ConfigMap shop/settings", early.Object);
        Assert.Contains("created in top, which layer base does not depend on", early.Message);
        Assert.Empty(Check(("flux-system/layers.yaml", Flux()), ("base/ns.yaml", ns), ("top/map.yaml", map)));
        Assert.Contains("created in no layer", Single(Check(("flux-system/layers.yaml", Flux()), ("top/map.yaml", map)), TreeRuleIds.NamespaceOrder).Message);
    }

    [Theory]
    [InlineData("busybox", true)]
    [InlineData("busybox:latest", true)]
    [InlineData("registry.lan:5000/tools/busybox", true)]
    [InlineData("busybox:1.37.0", false)]
    [InlineData("busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("registry.lan:5000/tools/busybox:1.37.0", false)]
    public void PI1009_an_image_without_a_tag_or_latest_is_a_warning(string image, bool flagged)
    {
        var findings = Check(("apps/a.yaml", WebDeployment().Replace("nginx:1.29", image)));
        if (!flagged)
        {
            Assert.Empty(findings);
            return;
        }
        var finding = Single(findings, TreeRuleIds.ImageTag);
        Assert.Equal(RuleSeverity.Warning, finding.Severity);
        Assert.Equal("spec.template.spec.containers[0].image", finding.Field);
        Assert.StartsWith("PI1009 (warning) apps/a.yaml Deployment shop/web: ", finding.ToString());
    }

    [Fact]
    public void Render_writes_nothing_when_the_built_tree_breaks_a_rule_and_passes_warnings_on()
    {
        // Builders keep the model's own trees consistent, so a rule that judges every namespaced Service stands in for a broken invariant.
        var strict = ClusterRules.All.Append(new TreeRule("PI1999", "no Services", c => c.Tree.OfKind("Service").Select(s => RuleFinding.Error("PI1999", s, "spec", "no Services allowed")))).ToList();
        var error = Assert.Throws<BrokenClusterRulesException>(() => ClusterRenderer.Render(HomeCluster.Definition, rules: strict));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith("PI1999 apps/adguard/adguard.yaml Service adguard/adguard-dns: spec: ", StringComparison.Ordinal));

        var home = HomeCluster.Definition;
        var latest = home with { Services = home.Services with { WebApps = [new WebApp("wiki", new Image("wiki", "latest"), 8080, "wiki")] } };
        var warnings = new List<RuleFinding>();
        Assert.NotEmpty(ClusterRenderer.Render(latest, warnings: warnings));
        Assert.Equal("Deployment wiki/wiki", Assert.Single(warnings).Object);
    }
}
