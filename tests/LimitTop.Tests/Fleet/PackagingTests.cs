using LimitTop.Tests.Survival;
using LimitTop.TestSupport;

namespace LimitTop.Tests.Fleet;

/// <summary>packaging/limittop.rules.yml and packaging/limittop.service checked by the real tools.</summary>
public sealed class PackagingTests
{
    internal static string Packaging(string file) => Path.Combine(AotBuild.RepoRoot(), "packaging", file);

    [SkippableFact]
    public void Promtool_checks_the_rules()
    {
        Need.Tool("promtool");
        var r = Sh.Run("promtool", ["check", "rules", Packaging("limittop.rules.yml")]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("SUCCESS: 4 rules found", r.Stdout, StringComparison.Ordinal);
    }

    /// <summary>promtool's rule unit tests: each alert fires on the series it is meant for, and not on the others.</summary>
    [SkippableFact]
    public void Promtool_rule_tests_fire_each_alert_when_they_should()
    {
        Need.Tool("promtool");
        var r = RunRuleTests(Packaging("limittop.rules.yml"));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
    }

    /// <summary>
    /// promtool test rules on <paramref name="rules"/>: the shipped rules file, or the same groups taken out of
    /// packaging/kubernetes/prometheusrule.yaml (KubernetesManifestTests).
    /// </summary>
    internal static Sh.Result RunRuleTests(string rules)
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-rules-").FullName;
        string test = Path.Combine(dir, "rules.test.yml");
        File.WriteAllText(test, RuleTests(rules));
        var r = Sh.Run("promtool", ["test", "rules", test]);
        Directory.Delete(dir, recursive: true);
        return r;
    }

    /// <summary>The promtool unit tests (every alert of the rules: fires when it should, not before).</summary>
    internal static string RuleTests(string rules)
        => $$"""
            rule_files:
              - {{rules}}
            evaluation_interval: 15s
            tests:
              - interval: 15s
                input_series:
                  - series: 'limittop_limit_used_ratio{scope="user:alice",limit="nproc",instance="h"}'
                    values: '0.95x8'
                  - series: 'limittop_limit_used_ratio{scope="system",limit="pid_max",instance="h"}'
                    values: '0.5x8'
                  - series: 'limittop_limit_exhaustion_seconds{scope="cgroup:/a",limit="pids.max",instance="h"}'
                    values: '600x8'
                  - series: 'limittop_cgroup_pids_rejected_total{cgroup="/a",instance="h"}'
                    values: '3 3 3 5 5 5 5 5 5'
                  - series: 'limittop_user_nproc_headroom{uid="1000",user="alice",instance="h"}'
                    values: '0x8'
                alert_rule_test:
                  - eval_time: 30s
                    alertname: LimitTopLimitNearlyExhausted
                    exp_alerts: []
                  - eval_time: 90s
                    alertname: LimitTopLimitNearlyExhausted
                    exp_alerts:
                      - exp_labels: {severity: warning, scope: "user:alice", limit: nproc, instance: h}
                        exp_annotations:
                          summary: "user:alice has used 95% of nproc on h"
                          description: "Above 90 % for a minute: new tasks, processes or files will soon be refused. Run limittop on the host; the recording and the flight recorder's dumps are in /var/lib/limittop (limittop --replay /var/lib/limittop)."
                  - eval_time: 90s
                    alertname: LimitTopLimitExhaustedSoon
                    exp_alerts:
                      - exp_labels: {severity: warning, scope: "cgroup:/a", limit: pids.max, instance: h}
                        exp_annotations:
                          summary: "cgroup:/a runs out of pids.max in 10m 0s on h"
                          description: "At the current trend the limit is exhausted within 30 minutes."
                  - eval_time: 30s
                    alertname: LimitTopForkRefused
                    exp_alerts: []
                  - eval_time: 60s
                    alertname: LimitTopForkRefused
                    exp_alerts:
                      - exp_labels: {severity: critical, cgroup: /a, instance: h}
                        exp_annotations:
                          summary: "pids cgroup /a refused forks on h"
                          description: "The max counter of pids.events rose within 5 minutes: fork/clone calls in this cgroup failed with EAGAIN."
                  - eval_time: 15s
                    alertname: LimitTopUserNprocExhausted
                    exp_alerts:
                      - exp_labels: {severity: critical, uid: "1000", user: alice, instance: h}
                        exp_annotations:
                          summary: "user alice (uid 1000) is at its RLIMIT_NPROC on h"
                          description: "Every fork or thread creation of this uid fails with EAGAIN now."
            """;

    /// <summary>systemd-analyze verify needs the ExecStart binary to exist: the unit is checked with a path that does.</summary>
    [SkippableFact]
    public void Systemd_analyze_verifies_the_unit()
    {
        Need.Tool("systemd-analyze"); // package systemd
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-unit-").FullName;
        string unit = Path.Combine(dir, "limittop.service");
        string text = File.ReadAllText(Packaging("limittop.service"));
        Assert.Contains("ExecStart=/usr/bin/limittop --headless", text, StringComparison.Ordinal);
        Assert.Contains("\nProtectProc=default\n", text, StringComparison.Ordinal);
        Assert.Contains("TasksMax=", text, StringComparison.Ordinal);
        Assert.Contains("MemoryMax=", text, StringComparison.Ordinal);
        File.WriteAllText(unit, text.Replace("/usr/bin/limittop", "/bin/true", StringComparison.Ordinal));
        var r = Sh.Run("systemd-analyze", ["verify", "--man=no", unit]);
        Directory.Delete(dir, recursive: true);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.DoesNotContain("Unknown key", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to parse", r.Stderr, StringComparison.Ordinal);
    }
}
