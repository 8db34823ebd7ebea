using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using PiCluster.Bootstrap.Certs;
using PiCluster.Bootstrap.Status;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Day2;

/// <summary>`bootstrap status`'s judgements, each a pure function of what a probe printed.</summary>
public sealed class HealthRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Healthy = """
        boot_id=0f3c2a9b77e54d2e9c1a8b7d6e5f4a3b
        uptime_seconds=90061
        alpine_release=3.24.2
        root_device=/dev/mmcblk0p2
        kernel_running=6.12.13-0-rpi
        kernel_newest=6.12.13-0-rpi
        disk_root=21
        disk_boot=5
        kubelet_log_bytes=1048576
        apk_upgradable=0
        apk_index_age_seconds=7200
        next_branch=v3.25 none
        repository_branches=v3.24
        service_containerd=started
        service_kubelet=started
        service_crond=started
        log_rotation=logrotate
        kubelet_version=v1.36.3
        kubeadm_version=v1.36.3
        """;

    private static Dictionary<string, HealthFinding> Evaluate(string facts, DateTimeOffset? certExpiry = null)
    {
        var text = facts + "\n" + (certExpiry is { } e ? string.Concat(Pem(e).Split('\n').Select(l => "kubelet_cert=" + l + "\n")) : "");
        return NodeHealth.Evaluate("pi3", NodeFacts.Parse(text), HomeCluster.Definition, Now).ToDictionary(f => f.Check);
    }

    private static string Pem(DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=system:node:pi3", key, HashAlgorithmName.SHA256).CreateSelfSigned(notAfter.AddDays(-365), notAfter);
        return certificate.ExportCertificatePem();
    }

    [Fact]
    public void A_healthy_node_is_ok_on_every_row()
    {
        var rows = Evaluate(Healthy, Now.AddDays(200));

        Assert.All(rows.Values, r => Assert.Equal(HealthLevel.Ok, r.Level));
        Assert.Equal("reachable, host key verified; up 1d 1h, boot 0f3c2a9b", rows["ssh"].Value);
        Assert.Contains("200 days left (2027-09-17), rotated by the kubelet itself", rows["kubelet cert"].Value);
    }

    [Theory]
    [InlineData("disk_root=21", "disk_root=90", "disk /", HealthLevel.Warn, "90% used (threshold 85%)")]
    [InlineData("disk_root=21", "disk_root=99", "disk /", HealthLevel.Fail, "99% used")]
    [InlineData("kernel_newest=6.12.13-0-rpi", "kernel_newest=6.12.20-0-rpi", "kernel", HealthLevel.Warn, "runs 6.12.13-0-rpi, 6.12.20-0-rpi installed")]
    [InlineData("root_device=/dev/mmcblk0p2", "root_device=tmpfs", "root", HealthLevel.Fail, "/ is tmpfs, not /dev/mmcblk0p2")]
    [InlineData("service_kubelet=started", "service_kubelet=stopped", "services", HealthLevel.Fail, "kubelet stopped")]
    [InlineData("apk_upgradable=0", "apk_upgradable=3", "apk", HealthLevel.Warn, "3 package(s) can be upgraded (index 2 h old)")]
    [InlineData("apk_index_age_seconds=7200", "apk_index_age_seconds=864000", "apk", HealthLevel.Warn, "0 pending as of an index 10 days old (limit 7 days, Health.ApkIndexDays): newer packages are not known")]
    [InlineData("log_rotation=logrotate", "log_rotation=logrotate-rename", "log rotation", HealthLevel.Warn, "/etc/logrotate.d/kubelet rotates by rename (no copytruncate): the kubelet keeps writing to the renamed file")]
    [InlineData("log_rotation=logrotate", "log_rotation=none", "log rotation", HealthLevel.Warn, "none: the kubelet log grows until the SD card is full")]
    [InlineData("kubelet_version=v1.36.3", "kubelet_version=v1.37.2", "versions", HealthLevel.Warn, "kubelet v1.37.2, kubeadm v1.36.3; the model says 1.36")]
    [InlineData("alpine_release=3.24.2", "alpine_release=3.23.3", "os", HealthLevel.Warn, "Alpine 3.23.3, the model says 3.24.2 (v3.24)")]
    public void Each_node_problem_is_named_with_its_level_and_value(string from, string to, string check, HealthLevel level, string value)
    {
        var rows = Evaluate(Healthy.Replace(from, to, StringComparison.Ordinal), Now.AddDays(200));

        Assert.Equal((level, value), (rows[check].Level, rows[check].Value));
        Assert.NotNull(rows[check].Fix);
    }

    [Fact]
    public void An_apk_that_already_knows_a_newer_branch_says_what_it_means_for_Kubernetes_patches()
    {
        var rows = Evaluate(Healthy.Replace("repository_branches=v3.24", "repository_branches=v3.24 v3.25", StringComparison.Ordinal), Now.AddDays(200));

        Assert.Equal(HealthLevel.Warn, rows["alpine branch"].Level);
        Assert.Contains("v3.24's community repository gets fixes (Kubernetes patches included) only until v3.25's release", rows["alpine branch"].Fix);
    }

    [Fact]
    public void The_next_branch_on_the_mirror_warns_when_out_and_an_offline_node_says_unknown_without_failing()
    {
        var released = Evaluate(Healthy.Replace("next_branch=v3.25 none", "next_branch=v3.25 available", StringComparison.Ordinal), Now.AddDays(200))["alpine branch"];
        Assert.Equal((HealthLevel.Warn, "Alpine v3.25 is out and the model still says v3.24"), (released.Level, released.Value));
        Assert.Contains("BootstrapSettings.AlpineVersion 3.25.x", released.Fix);

        var offline = Evaluate(Healthy.Replace("next_branch=v3.25 none", "next_branch=v3.25 unknown: wget: bad address 'dl-cdn.alpinelinux.org'", StringComparison.Ordinal), Now.AddDays(200))["alpine branch"];
        Assert.Equal(HealthLevel.Ok, offline.Level);
        Assert.StartsWith("unknown: the mirror did not answer for v3.25 (wget: bad address", offline.Value);
    }

    [Fact]
    public void A_failed_boot_firmware_sync_fails_its_row_with_the_fix()
    {
        var row = Evaluate(Healthy + "\nboot_firmware_failed=2027-02-27T03:10:00Z cp vmlinuz-rpi: No space left on device\n", Now.AddDays(200))["boot firmware"];

        Assert.Equal(HealthLevel.Fail, row.Level);
        Assert.Contains("cp vmlinuz-rpi: No space left on device", row.Value);
        Assert.Equal("free space on p1, then bootstrap nodes --node pi3", row.Fix);
    }

    [Fact]
    public void The_etcd_image_the_control_plane_runs_is_compared_with_KubeadmEtcd()
    {
        var cp = new KubernetesVersion(1, 36, 3);
        var same = Assert.Single(ClusterHealth.EtcdImage("kube-apiserver v1.36.3\netcd 3.6.9-0\n", cp));
        Assert.Equal(HealthLevel.Ok, same.Level);

        var other = Assert.Single(ClusterHealth.EtcdImage("kube-apiserver v1.36.3\netcd 3.6.11-0\n", cp));
        Assert.Equal(HealthLevel.Warn, other.Level);
        Assert.Contains("etcd runs 3.6.11-0, KubeadmEtcd says 3.6.9-0 for 1.36", other.Value);
        Assert.Contains("KubeadmEtcd.SupportedEtcdVersion[36] = \"3.6.11-0\"", other.Fix);
        Assert.Empty(ClusterHealth.EtcdImage("kube-apiserver v1.36.3\netcd missing\n", cp));
    }

    [Fact]
    public void A_kubelet_certificate_near_or_past_expiry_warns_or_fails()
    {
        Assert.Equal(HealthLevel.Warn, Evaluate(Healthy, Now.AddDays(10))["kubelet cert"].Level);
        Assert.Equal(HealthLevel.Fail, Evaluate(Healthy, Now.AddDays(-1))["kubelet cert"].Level);
        Assert.Equal(HealthLevel.Warn, Evaluate(Healthy)["kubelet cert"].Level);
    }

    private const string CheckExpiration = """
        {
          "kind": "CertificateExpirationInfo",
          "apiVersion": "output.kubeadm.k8s.io/v1alpha3",
          "certificates": [
            {"name": "admin.conf", "expirationDate": "2028-02-01T10:00:00Z", "residualTime": 29000000, "externallyManaged": false, "caName": "ca", "missing": false},
            {"name": "apiserver", "expirationDate": "2027-03-24T10:00:00Z", "residualTime": 1987200, "externallyManaged": false, "caName": "ca", "missing": false},
            {"name": "front-proxy-client", "expirationDate": "", "residualTime": 0, "externallyManaged": false, "caName": "front-proxy-ca", "missing": true}
          ],
          "certificateAuthorities": [
            {"name": "ca", "expirationDate": "2036-02-01T10:00:00Z", "residualTime": 310000000, "externallyManaged": false, "missing": false}
          ]
        }
        """;

    [Fact]
    public void Kubeadm_certificates_under_the_threshold_are_named_one_row_each_with_the_renew_command()
    {
        var rows = ClusterHealth.Certificates(CheckExpiration, 30).ToDictionary(r => r.Check);

        Assert.Equal((HealthLevel.Warn, "expires in 23 days", "bootstrap certs renew"), (rows["certs apiserver"].Level, rows["certs apiserver"].Value, rows["certs apiserver"].Fix));
        Assert.Equal(HealthLevel.Fail, rows["certs front-proxy-client"].Level);
        Assert.Contains("kubeadm init phase certs front-proxy-client --config /etc/kubernetes/kubeadm-init.yaml", rows["certs front-proxy-client"].Fix);
        Assert.Contains("kubeadm init phase kubeconfig super-admin", ClusterHealth.CreateMissing("super-admin.conf"));
        Assert.False(rows.ContainsKey("certs admin.conf"));
        // kubeadm certs renew does not create a missing certificate: it is left out, or renew would never settle.
        Assert.Equal(23, RenewStep.SoonestDays(CheckExpiration));
        Assert.Equal(int.MaxValue, RenewStep.SoonestDays("""{"certificates": [{"name": "apiserver", "residualTime": 0, "missing": true}]}"""));
    }

    [Fact]
    public void The_newest_backup_is_read_from_its_name_and_judged_against_the_alert_age()
    {
        var backup = HomeCluster.Definition.Services.EtcdBackup;
        var fresh = ClusterHealth.Backup("newest=etcd-20270301T030000Z.db\n", Now, backup, "nfs:/backups/etcd");
        var stale = ClusterHealth.Backup("newest=etcd-20270227T030000Z.db\n", Now, backup, "nfs:/backups/etcd");
        var none = ClusterHealth.Backup("newest=\n", Now, backup, "nfs:/backups/etcd");
        var unmounted = ClusterHealth.Backup("mount_error=mount.nfs: Connection timed out\n", Now, backup, "nfs:/backups/etcd");

        Assert.Equal((HealthLevel.Ok, "newest etcd-20270301T030000Z.db, 9h 0m old"), (fresh.Level, fresh.Value));
        Assert.Equal(HealthLevel.Warn, stale.Level);
        Assert.Contains("2d 9h old (limit 26 h, EtcdBackup.AlertAfterHours)", stale.Value);
        Assert.Equal(HealthLevel.Fail, none.Level);
        Assert.Equal(HealthLevel.Fail, unmounted.Level);
    }

    [Fact]
    public void Etcd_health_and_size_against_its_quota()
    {
        Assert.Equal(HealthLevel.Ok, ClusterHealth.Etcd("health={\"health\":\"true\",\"reason\":\"\"}\netcd_mvcc_db_total_size_in_bytes=33554432\netcd_server_quota_backend_bytes=2147483648\n").Level);
        Assert.Equal(HealthLevel.Warn, ClusterHealth.Etcd("health={\"health\":\"true\"}\netcd_mvcc_db_total_size_in_bytes=1900000000\n").Level);
        Assert.Equal(HealthLevel.Fail, ClusterHealth.Etcd("health={\"health\":\"false\",\"reason\":\"NOSPACE\"}\n").Level);
        Assert.Equal(HealthLevel.Fail, ClusterHealth.Etcd("health_error=wget: can't connect to remote host (127.0.0.1): Connection refused\n").Level);
    }

    [Fact]
    public void Flux_objects_not_Ready_each_fail_with_their_message()
    {
        var json = """
            {"items": [
              {"kind": "Kustomization", "metadata": {"name": "apps", "namespace": "flux-system"}, "status": {"conditions": [{"type": "Ready", "status": "False", "message": "dependency 'flux-system/infrastructure-configs' is not ready"}]}},
              {"kind": "HelmRelease", "metadata": {"name": "traefik", "namespace": "traefik"}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}}
            ]}
            """;

        var row = Assert.Single(ClusterHealth.Flux(json));
        Assert.Equal(HealthLevel.Fail, row.Level);
        Assert.Contains("Kustomization flux-system/apps not Ready: dependency", row.Value);
        Assert.Equal(HealthLevel.Warn, Assert.Single(ClusterHealth.Flux("{\"items\": null}")).Level);
    }

    [Fact]
    public void A_nodes_kubelet_is_compared_with_the_control_plane_and_a_half_finished_upgrade_is_named()
    {
        static V1Node Node(string kubelet, bool ready = true, bool cordoned = false) => new()
        {
            Spec = new V1NodeSpec { Unschedulable = cordoned },
            Status = new V1NodeStatus
            {
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "Unknown", Message = ready ? null : "Kubelet stopped posting node status." }],
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = kubelet },
            },
        };
        var cp = new KubernetesVersion(1, 36, 3);

        Assert.Equal(HealthLevel.Ok, ClusterHealth.NodeApi("pi3", Node("v1.36.3"), cp).Level);
        Assert.Contains("(patch drift)", ClusterHealth.NodeApi("pi3", Node("v1.36.1"), cp).Value);
        Assert.Equal(HealthLevel.Fail, ClusterHealth.NodeApi("pi3", Node("v1.37.0"), cp).Level);
        Assert.Equal(HealthLevel.Fail, ClusterHealth.NodeApi("pi3", Node("v1.36.3", ready: false), cp).Level);
        Assert.Contains("kubectl uncordon pi3", ClusterHealth.NodeApi("pi3", Node("v1.36.3", cordoned: true), cp).Fix);
        Assert.Contains("join it", ClusterHealth.NodeApi("pi3", null, cp).Fix);

        var (version, finding) = ClusterHealth.ControlPlane("kube-apiserver v1.36.3\nkube-controller-manager v1.36.3\nkube-scheduler v1.36.1\netcd 3.6.9-0\n", HomeCluster.Definition);
        Assert.Equal(cp, version);
        Assert.Contains("components differ", finding.Value);
    }

    [Fact]
    public void The_report_orders_rows_by_node_then_cluster_and_exits_1_on_any_warning()
    {
        var report = new HealthReport(HomeCluster.Definition);
        report.Add(HealthFinding.Ok(HealthFinding.ClusterScope, "etcd", "healthy"));
        report.Add(HealthFinding.Warn("pi2", "disk /", "90% used", "free space"));
        report.Add(HealthFinding.Ok("pi0", "ssh", "reachable"));

        Assert.Equal(["pi0", "pi2", "cluster"], report.Findings.Select(f => f.Scope));
        Assert.Equal(1, report.ExitCode);
        var json = report.ToJson(Now);
        Assert.Contains("\"level\": \"warn\"", json);
        Assert.Contains("\"checkedAt\": \"2027-03-01T12:00:00Z\"", json);
        Assert.DoesNotContain("\"fix\": null", json);
    }
}
