using PiCluster.Render.Diff;

namespace PiCluster.UnitTests.Diff;

/// <summary>
/// diff names changes the API server refuses on an existing object (ImmutableFields, after kubernetes/kubernetes'
/// update validation), so a reviewer sees before merging that Flux will stop the layer: issue 20's per-export classes
/// changed every NFS claim's storageClassName, which a bound claim refuses.
/// </summary>
public sealed class ImmutableFieldsTests
{
    private static readonly DiffLabels Labels = new("rendered/ at base", "head");

    private static TreeComparison Compare(string before, string after) =>
        ClusterDiff.Compare(new Dictionary<string, string> { ["apps/app.yaml"] = before }, new Dictionary<string, string> { ["apps/app.yaml"] = after });

    private static List<string> Lines(TreeComparison result) => result.Recreates.Select(DiffWording.Recreate).ToList();

    private static string Claim(string storageClass, string storage = "5Gi", string? volumeName = "nfs-adguard-adguard", string annotations = "") => $"""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: nfs-adguard
          namespace: adguard{annotations}
        spec:
          accessModes:
          - ReadWriteMany
          resources:
            requests:
              storage: {storage}
          storageClassName: {storageClass}
        {(volumeName is null ? "" : $"  volumeName: {volumeName}\n")}
        """;

    [Fact]
    public void A_claims_new_storage_class_needs_a_recreate_and_the_summary_says_so_first()
    {
        var result = Compare(Claim("nfs-static"), Claim("nfs-static-adguard-adguard"));

        Assert.Equal(["needs recreate: PersistentVolumeClaim adguard/nfs-adguard spec.storageClassName is immutable (nfs-static → nfs-static-adguard-adguard)"], Lines(result));
        var text = TextDiffFormat.Format(result, Labels);
        Assert.Contains("Summary\n  needs recreate: PersistentVolumeClaim adguard/nfs-adguard spec.storageClassName is immutable", text);
        Assert.Contains("Flux's apply of their layer fails", text);
        Assert.Contains("A claim whose spec changed", text);
        var markdown = MarkdownDiffFormat.Format(result, Labels);
        Assert.Contains("- :warning: **needs recreate**: `PersistentVolumeClaim adguard/nfs-adguard` `spec.storageClassName` is immutable (`nfs-static` → `nfs-static-adguard-adguard`)", markdown);
    }

    [Fact]
    public void What_a_bound_claim_accepts_needs_no_recreate()
    {
        // requests (a resize), volumeName set once, metadata: all accepted by ValidatePersistentVolumeClaimUpdate.
        var result = Compare(
            Claim("nfs-static", volumeName: null),
            Claim("nfs-static", storage: "10Gi", annotations: "\n  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled"));

        Assert.Equal(3, result.Objects.Single().Fields.Count);
        Assert.Empty(result.Recreates);
        Assert.DoesNotContain("needs recreate", TextDiffFormat.Format(result, Labels));
    }

    [Fact]
    public void A_volumes_source_mode_and_set_node_affinity_are_immutable_its_class_capacity_and_a_first_node_affinity_are_not()
    {
        static string Volume(string server, string storageClass, string capacity, string nodeAffinity) => $"""
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: nfs-adguard-adguard
            spec:
              capacity:
                storage: {capacity}
              nfs:
                path: /exports/adguard
                server: {server}
              storageClassName: {storageClass}{nodeAffinity}
            """;
        const string pi0 = "\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values:\n          - pi0";

        Assert.Empty(Compare(Volume("192.168.50.10", "nfs-static", "5Gi", ""), Volume("192.168.50.10", "nfs-static-adguard-adguard", "10Gi", pi0)).Recreates);
        Assert.Equal(
            ["needs recreate: PersistentVolume nfs-adguard-adguard spec.nfs.server is immutable (192.168.50.10 → 192.168.50.20)"],
            Lines(Compare(Volume("192.168.50.10", "a", "5Gi", ""), Volume("192.168.50.20", "a", "5Gi", ""))));
        Assert.Equal(
            ["needs recreate: PersistentVolume nfs-adguard-adguard spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0] is immutable (pi0 → pi1)"],
            Lines(Compare(Volume("s", "a", "5Gi", pi0), Volume("s", "a", "5Gi", pi0.Replace("pi0", "pi1")))));
    }

    [Fact]
    public void A_services_cluster_ip_is_immutable_unless_it_is_or_becomes_ExternalName()
    {
        static string Service(string type, string clusterIp, int port) => $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: dns
              namespace: adguard
            spec:
              clusterIP: {clusterIp}
              ports:
              - name: dns
                port: {port}
              type: {type}
            """;

        Assert.Equal(["spec.clusterIP"], Compare(Service("ClusterIP", "10.96.0.53", 53), Service("ClusterIP", "10.96.0.54", 53)).Recreates.Select(r => r.Path));
        Assert.Equal(["spec.clusterIP"], Compare(Service("ClusterIP", "10.96.0.53", 53), Service("ClusterIP", "None", 53)).Recreates.Select(r => r.Path));
        Assert.Empty(Compare(Service("ClusterIP", "10.96.0.53", 53), Service("ClusterIP", "10.96.0.53", 5353)).Recreates);
        Assert.Empty(Compare(Service("ExternalName", "10.96.0.53", 53), Service("ClusterIP", "10.96.0.54", 53)).Recreates);
    }

    [Fact]
    public void Workload_selectors_a_stateful_sets_claim_templates_and_a_jobs_template_are_immutable_a_cron_jobs_template_is_not()
    {
        static string Workload(string apiVersion, string kind, string app, string image, string extra = "") => $"""
            apiVersion: {apiVersion}
            kind: {kind}
            metadata:
              name: web
              namespace: web
            spec:
              selector:
                matchLabels:
                  app: {app}
              template:
                spec:
                  containers:
                  - image: {image}
                    name: web{extra}
            """;
        const string claims = "\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      storageClassName: ";

        // The image changes too, but only the selector is refused.
        Assert.Equal(["needs recreate: Deployment web/web spec.selector.matchLabels.app is immutable (web → web2)"],
            Lines(Compare(Workload("apps/v1", "Deployment", "web", "nginx:1"), Workload("apps/v1", "Deployment", "web2", "nginx:2"))));
        Assert.Equal(["spec.selector.matchLabels.app"], Compare(Workload("apps/v1", "DaemonSet", "web", "nginx:1"), Workload("apps/v1", "DaemonSet", "web2", "nginx:1")).Recreates.Select(r => r.Path));
        Assert.Empty(Compare(Workload("apps/v1", "Deployment", "web", "nginx:1"), Workload("apps/v1", "Deployment", "web", "nginx:2")).Recreates);
        Assert.Equal(["spec.volumeClaimTemplates[0].spec.storageClassName"],
            Compare(Workload("apps/v1", "StatefulSet", "web", "nginx:1", claims + "a"), Workload("apps/v1", "StatefulSet", "web", "nginx:2", claims + "b")).Recreates.Select(r => r.Path));
        Assert.Equal(["needs recreate: Job web/web spec.template.spec.containers[name=web].image is immutable (busybox:1 → busybox:2)"],
            Lines(Compare(Workload("batch/v1", "Job", "web", "busybox:1"), Workload("batch/v1", "Job", "web", "busybox:2"))));
        // Several fields of the template: the template is named, without values.
        var job = Assert.Single(Compare(Workload("batch/v1", "Job", "web", "busybox:1"), Workload("batch/v1", "Job", "web", "busybox:2", "\n        args:\n        - backup")).Recreates);
        Assert.Equal("needs recreate: Job web/web spec.template is immutable", DiffWording.Recreate(job));
        Assert.Empty(Compare(Workload("batch/v1", "CronJob", "web", "busybox:1"), Workload("batch/v1", "CronJob", "web", "busybox:2")).Recreates);
    }

    [Fact]
    public void A_bindings_role_is_immutable_its_subjects_are_not()
    {
        static string Binding(string role, string subject) => $"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: headlamp-login
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: {role}
            subjects:
            - kind: ServiceAccount
              name: {subject}
              namespace: headlamp
            """;

        Assert.Equal(
            ["needs recreate: ClusterRoleBinding headlamp-login roleRef.name is immutable (view → cluster-admin)"],
            Lines(Compare(Binding("view", "headlamp-login"), Binding("cluster-admin", "headlamp-login"))));
        Assert.Empty(Compare(Binding("view", "a"), Binding("view", "b")).Recreates);
    }
}
