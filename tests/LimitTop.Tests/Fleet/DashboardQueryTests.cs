using System.Diagnostics;
using System.Text.Json.Nodes;
using LimitTop.Tests.Survival;
using Xunit.Abstractions;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// Every PromQL expression of packaging/grafana/limittop.json and of packaging/kubernetes/prometheusrule.yaml
/// returns data from a real Prometheus that scrapes a real limittop. Expressions that are empty on a quiet box are
/// made non-empty by the scenario, as a fleet would see them: a uid held at its RLIMIT_NPROC (setpriv + prlimit +
/// lthog fill), a uid leaking 3 threads a second under RLIMIT_NPROC 600 (a forecast: lthog grow), and a Podman
/// container with --pids-limit whose shell's forks the pids cgroup refuses after Prometheus scraped its counter at 0
/// (a real container cgroup for the "worst container" panel and a real rise for increase()). The Grafana variables
/// ($instance: every host, $__rate_interval) are given the values Grafana would; label_values() goes to the series API.
/// </summary>
[Collection("survival")]
public sealed class DashboardQueryTests(AotBuild build, ITestOutputHelper output)
{
    private const int FullUid = 62160;
    private const int GrowUid = 62161;
    private const int NprocLimit = 12;
    private const int GrowLimit = 600;
    private const int GrowPerSecond = 3;
    private const int ContainerPids = 6;

    private static string Repo(params string[] parts) => Path.Combine([AotBuild.RepoRoot(), .. parts]);

    /// <summary>Every "expr" in the dashboard (panels, rows' panels, any depth), with Grafana's variables given values.</summary>
    internal static List<string> DashboardExpressions(JsonNode dashboard)
    {
        var found = new List<string>();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var (key, value) in o)
                {
                    if (key == "expr" && value is JsonValue v)
                    {
                        found.Add(v.GetValue<string>());
                    }
                    else
                    {
                        Walk(value);
                    }
                }
            }
            else if (n is JsonArray a)
            {
                foreach (var item in a)
                {
                    Walk(item);
                }
            }
        }

        Walk(dashboard);
        return found;
    }

    /// <summary>What Grafana sends: $instance as the "All" regex, $__rate_interval as at least 4 scrapes (1 s here).</summary>
    internal static string AsGrafanaSends(string expr)
        => expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$instance", ".*", StringComparison.Ordinal);

    [Fact]
    public void Every_dashboard_and_rule_expression_returns_data_from_a_real_prometheus()
    {
        Podman.Require();
        var dashboard = JsonNode.Parse(File.ReadAllText(Repo("packaging", "grafana", "limittop.json")))!;
        var exprs = DashboardExpressions(dashboard).Select(e => ("dashboard", e)).ToList();
        var rule = KubernetesManifestTests.Documents(Repo("packaging", "kubernetes", "prometheusrule.yaml")).Single()!;
        exprs.AddRange(rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => ("rule " + r!["alert"], r["expr"]!.GetValue<string>())));
        Assert.True(exprs.Count >= 20, $"{exprs.Count} expressions found");
        Assert.DoesNotContain(exprs, e => AsGrafanaSends(e.Item2).Contains('$', StringComparison.Ordinal));

        Assert.Equal(0, Sh.TasksOfUid(FullUid));
        Assert.Equal(0, Sh.TasksOfUid(GrowUid));
        string image = Podman.BusyboxImage();
        string container = "lt_fleet_dash_" + Environment.ProcessId;
        using var lt = HeadlessProcess.Start(build, []);
        using var prom = PrometheusServer.Start(lt.Port);
        Hog? full = null, grow = null;
        try
        {
            Sh.Check(Podman.Run([.. Podman.RunBase, "-d", "--name", container, "--pids-limit", Sh.Inv(ContainerPids), image, "/bin/sleep", "600"]), "podman run " + container);
            string cgroup = "/libpod_parent/libpod-" + Podman.Id(container);
            grow = Hog.AsUser(GrowUid, GrowLimit, build.Hog, "grow", Sh.Inv(GrowPerSecond));
            grow.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), 10, "the growing hog");

            // increase() needs a sample before the rise: Prometheus sees the container's counter at 0 first.
            string rejected = $"limittop_cgroup_pids_rejected_total{{cgroup=\"{cgroup}\"}}";
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < 60 && prom.Query(rejected) != 0)
            {
                Thread.Sleep(250);
            }

            Assert.True(prom.Query(rejected) == 0, $"Prometheus scraped {rejected} = 0; limittop: {lt.Stderr}");
            full = Hog.AsUser(FullUid, NprocLimit, build.Hog, "fill", "ltfleetdash");
            full.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the uid's hog to reach RLIMIT_NPROC");
            // Forks inside the container until its pids.max refuses them (busybox sh says "can't fork").
            var forks = Podman.Run("exec", container, "/bin/sh", "-c", $"for i in $(seq {ContainerPids * 2}); do sleep 600 & done; true");
            output.WriteLine($"podman exec fork loop: exit {forks.ExitCode}; {forks.Stderr.Trim().Split('\n').FirstOrDefault()}");
            long events = long.Parse(File.ReadLines($"/sys/fs/cgroup/pids{cgroup}/pids.events").Single(l => l.StartsWith("max ", StringComparison.Ordinal))[4..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(events > 0, $"the container's pids cgroup refused forks (pids.events max {events})");

            // Every expression, polled until it returns data (the forecast needs ~30 one-second samples of the leak).
            string values = string.Join(", ", prom.LabelValues("instance", "limittop_system_threads_max"));
            Assert.False(values.Length == 0, "label_values(limittop_system_threads_max, instance) has a value (the $instance variable)");
            var empty = new List<string>(exprs.Select(e => e.Item2).Distinct());
            var deadline = Stopwatch.StartNew();
            while (empty.Count > 0 && deadline.Elapsed.TotalSeconds < 120)
            {
                foreach (string e in empty.ToList())
                {
                    if (prom.Result(AsGrafanaSends(e)) is { } r && r.GetArrayLength() > 0)
                    {
                        output.WriteLine($"{deadline.Elapsed.TotalSeconds,5:0.0} s  {r.GetArrayLength(),3} series  {e}");
                        empty.Remove(e);
                    }
                }

                Thread.Sleep(empty.Count > 0 ? 1000 : 0);
            }

            // The "worst container" panel names the test's container: its pids cgroup is full.
            string worstContainer = exprs.Select(e => e.Item2).Single(e => e.Contains("libpod-", StringComparison.Ordinal));
            // Other tests' containers run beside this one (ContainerNamingLiveTests fills one of 32 whose fork loop keeps
            // it at 0 or 1 free) and this limittop sees them too: poll until a scrape shows this full container as the
            // worst; the deadline only bounds a hang.
            System.Text.Json.JsonElement? worst = null;
            bool NamesOurs() => (worst = prom.Result(AsGrafanaSends(worstContainer))) is { } w && w.GetArrayLength() == 1 && w[0].GetProperty("metric").GetProperty("cgroup").GetString() == cgroup;
            var worstDeadline = Stopwatch.StartNew();
            while (!NamesOurs() && worstDeadline.Elapsed.TotalSeconds < 60)
            {
                Thread.Sleep(1000);
            }

            Assert.True(NamesOurs(), $"{worstContainer}: {worst}");
            Assert.True(empty.Count == 0, "no data for:\n" + string.Join("\n", empty.Select(e => e + "\n  " + prom.Error(AsGrafanaSends(e)))) + $"\nlimittop: {lt.Stderr}");
            output.WriteLine($"{exprs.Count} expressions ({exprs.Select(e => e.Item2).Distinct().Count()} distinct) returned data; instances: {values}");
        }
        finally
        {
            Podman.Remove(container);
            _ = Podman.Run("rmi", image);
            foreach (var h in new[] { full, grow })
            {
                if (h is not null)
                {
                    _ = Sh.Run("kill", ["-KILL", Sh.Inv(h.Pid)]);
                    h.Dispose();
                }
            }
        }

        Assert.Equal(0, lt.Stop());
    }
}
