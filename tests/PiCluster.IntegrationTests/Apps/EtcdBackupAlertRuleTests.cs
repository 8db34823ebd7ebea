using YamlDotNet.RepresentationModel;

namespace PiCluster.IntegrationTests.Apps;

/// <summary>
/// Issue 11 item 11: the rendered etcd-backup alert rules evaluated by Prometheus' own promtool (`check rules`, then
/// `test rules` on synthetic kube-state-metrics series): silent at 25 h, firing at 27 h, firing on a failed Job, and
/// firing when no success was ever recorded. Annotations are dropped before the unit test because promtool compares
/// them verbatim; the rules themselves are exactly what the HelmRelease carries.
/// </summary>
public class EtcdBackupAlertRuleTests
{
    private static string WriteRules(TempDir temp, bool withAnnotations)
    {
        var rules = RenderedObjects.Object("HelmRelease", "kube-prometheus-stack").Get("spec", "values", "additionalPrometheusRulesMap", "etcd-backup")!;
        var copy = new YamlStream();
        using (var writer = new StringWriter())
        {
            new YamlStream(new YamlDocument(rules)).Save(writer, assignAnchors: false);
            copy.Load(new StringReader(writer.ToString()));
        }
        if (!withAnnotations)
        {
            foreach (var rule in copy.Documents[0].RootNode.Maps("groups").SelectMany(g => g.Maps("rules")))
                rule.Children.Remove(new YamlScalarNode("annotations"));
        }
        var path = Path.Combine(temp.Path, withAnnotations ? "rules.yaml" : "rules-bare.yaml");
        using var file = new StreamWriter(path);
        copy.Save(file, assignAnchors: false);
        return path;
    }

    [Fact]
    public void Promtool_accepts_the_rendered_rules()
    {
        using var temp = new TempDir();
        var (code, output) = Shell.Run("promtool", ["check", "rules", WriteRules(temp, withAnnotations: true)]);
        Assert.True(code == 0, output);
        Assert.Contains("3 rules found", output);
    }

    [Fact]
    public void The_alerts_fire_when_the_newest_backup_is_26_hours_old_a_job_failed_or_none_ever_succeeded()
    {
        using var temp = new TempDir();
        var rules = Path.GetFileName(WriteRules(temp, withAnnotations: false));
        const string lastSuccess = "kube_cronjob_status_last_successful_time{namespace=\"kube-system\",cronjob=\"etcd-backup\"}";
        var tests = $$"""
            rule_files: [{{rules}}]
            evaluation_interval: 1m
            tests:
              # One sample a minute: with sparser samples the 5 min lookback leaves gaps that reset `for`.
              - interval: 1m
                input_series:
                  - series: '{{lastSuccess}}'
                    values: '0+0x2000'
                alert_rule_test:
                  - eval_time: 25h
                    alertname: EtcdBackupTooOld
                    exp_alerts: []
                  - eval_time: 27h
                    alertname: EtcdBackupTooOld
                    exp_alerts:
                      - exp_labels: {severity: warning}
                  - eval_time: 27h
                    alertname: EtcdBackupNeverSucceeded
                    exp_alerts: []
              - interval: 10m
                input_series:
                  - series: 'kube_job_status_failed{namespace="kube-system",job_name="etcd-backup-29412345"}'
                    values: '0 0 1 1 1'
                  - series: 'kube_job_status_failed{namespace="kube-system",job_name="other-job-1"}'
                    values: '3 3 3 3 3'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: EtcdBackupJobFailed
                    exp_alerts: []
                  - eval_time: 30m
                    alertname: EtcdBackupJobFailed
                    exp_alerts:
                      - exp_labels: {severity: warning}
              # A failed Job kept by failedJobsHistoryLimit that started before a later success stays silent.
              - interval: 10m
                input_series:
                  - series: 'kube_job_status_failed{namespace="kube-system",job_name="etcd-backup-29412345"}'
                    values: '1 1 1 1 1'
                  - series: 'kube_job_status_start_time{namespace="kube-system",job_name="etcd-backup-29412345"}'
                    values: '0 0 0 0 0'
                  - series: '{{lastSuccess}}'
                    values: '_ _ 1200 1200 1200'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: EtcdBackupJobFailed
                    exp_alerts:
                      - exp_labels: {severity: warning}
                  - eval_time: 30m
                    alertname: EtcdBackupJobFailed
                    exp_alerts: []
              - interval: 1m
                input_series:
                  - series: 'up{job="kube-state-metrics"}'
                    values: '1+0x2000'
                alert_rule_test:
                  - eval_time: 25h
                    alertname: EtcdBackupNeverSucceeded
                    exp_alerts: []
                  - eval_time: 27h
                    alertname: EtcdBackupNeverSucceeded
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: kube-system, cronjob: etcd-backup}
            """;
        var testFile = Path.Combine(temp.Path, "tests.yaml");
        File.WriteAllText(testFile, tests);
        var (code, output) = Shell.Run("promtool", ["test", "rules", testFile]);
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output);
    }
}
