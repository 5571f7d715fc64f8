using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LimitTop.Tests.Survival;

using Xunit.Abstractions;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// A real Prometheus (loopback, temporary storage, 1 s scrape, the shipped alert rules) scrapes the published
/// limittop. The test sets up a uid at its RLIMIT_NPROC (setpriv + prlimit + a small hog) and a v1/v2 pids cgroup
/// that refused forks — after Prometheus has scraped the cgroup's counter at 0, as a real rise is seen — then asks Prometheus's query API for the figures and compares them with the kernel's files.
/// Prometheus 2.x asks for OpenMetrics first, so this also proves the OpenMetrics exposition parses.
/// </summary>
[Collection("survival")]
public sealed class PrometheusScrapeTests(AotBuild build, ITestOutputHelper output)
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    private const int Uid = 62140;
    private const int NprocLimit = 12;
    private const int CgroupMax = 6;

    [SkippableFact]
    public void Prometheus_query_api_returns_what_the_kernel_shows()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-prom-").FullName;
        Assert.Equal(0, Sh.TasksOfUid(Uid)); // nobody else uses this uid
        using var lt = HeadlessProcess.Start(build, []);
        int webPort = HeadlessProcess.FreePort();
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(AotBuild.RepoRoot(), "packaging", "limittop.rules.yml")}
            scrape_configs:
              - job_name: limittop
                static_configs:
                  - targets: ['127.0.0.1:{lt.Port}']
            """);
        Need.Tool("prometheus");
        using var prom = Hog.Start("prometheus", "--config.file=" + Path.Combine(dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            "--web.listen-address=127.0.0.1:" + Sh.Inv(webPort), "--log.level=warn");
        using var cg = PidsCgroup.Create("limittop-fleet-prom", CgroupMax);
        Hog? user = null, inCgroup = null, resident = null;
        try
        {
            // increase() needs a sample before the rise: Prometheus must scrape limittop, and see the cgroup's
            // counter at 0 (a resident process makes limittop list the cgroup), before any fork is refused there.
            resident = cg.Start("sleep", "600");
            var ready = Stopwatch.StartNew();
            string series = $"limittop_cgroup_pids_rejected_total{{cgroup=\"{cg.Relative}\"}}";
            while (ready.Elapsed.TotalSeconds < 60 && !(Query(webPort, "up{job=\"limittop\"}") == 1 && Query(webPort, series) == 0))
            {
                Thread.Sleep(250);
            }

            Assert.True(Query(webPort, series) == 0, $"Prometheus scraped {series} = 0 before the forks; limittop: {lt.Stderr}; prometheus: {string.Join(" | ", prom.Lines)}");
            output.WriteLine($"first scrape of the cgroup at {ready.Elapsed.TotalSeconds:0.0} s");
            user = Hog.AsUser(Uid, NprocLimit, build.Hog, "fill", "ltfleetuser");
            user.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the uid's hog to reach RLIMIT_NPROC");
            inCgroup = cg.Start(build.Hog, "fill", "ltfleetcg");
            inCgroup.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the cgroup's hog to reach pids.max");
            Thread.Sleep(300); // a few refused clones more
            // Freeze both: the kernel's numbers stop moving, so Prometheus must show exactly them.
            Sh.Check(Sh.Run("kill", ["-STOP", Sh.Inv(user.Pid), Sh.Inv(inCgroup.Pid)]), "kill -STOP");
            Eventually.Until(() => Sh.AllStopped(user.Pid) && Sh.AllStopped(inCgroup.Pid), "every thread of both hogs to be stopped");
            int tasks = Sh.TasksOfUid(Uid);
            long limit = SoftNproc(user.Pid);
            long current = cg.Current, rejected = cg.EventsMax;
            Assert.Equal(NprocLimit, tasks);
            Assert.True(rejected > 0, "the cgroup refused forks");
            string rel = cg.Relative;
            var expected = new (string Query, double Value)[]
            {
                ($"limittop_user_tasks{{uid=\"{Uid}\"}}", tasks),
                ($"limittop_user_nproc_limit{{uid=\"{Uid}\"}}", limit),
                ($"limittop_user_nproc_headroom{{uid=\"{Uid}\"}}", limit - tasks),
                ($"limittop_cgroup_pids_current{{cgroup=\"{rel}\"}}", current),
                ($"limittop_cgroup_pids_max{{cgroup=\"{rel}\"}}", CgroupMax),
                ($"limittop_cgroup_pids_rejected_total{{cgroup=\"{rel}\"}}", rejected),
                ($"limittop_cgroup_pids_headroom{{cgroup=\"{rel}\"}}", CgroupMax - current),
            };
            var sw = Stopwatch.StartNew();
            foreach (var (query, value) in expected)
            {
                double? got = null;
                while (sw.Elapsed.TotalSeconds < 60 && got != value)
                {
                    got = Query(webPort, query);
                    if (got != value)
                    {
                        Thread.Sleep(500);
                    }
                }

                output.WriteLine($"{query} = {got} (kernel {value}) at {sw.Elapsed.TotalSeconds:0.0} s");
                Assert.True(got == value, $"{query}: Prometheus has {got}, the kernel {value}; limittop: {lt.Stderr}; prometheus: {string.Join(" | ", prom.Lines)}");
            }

            // The shipped rules evaluate on these series: a refused fork and a uid at its limit fire at once.
            foreach (string alert in new[] { "LimitTopForkRefused", "LimitTopUserNprocExhausted" })
            {
                double? firing = null;
                while (sw.Elapsed.TotalSeconds < 90 && firing is null)
                {
                    firing = Query(webPort, $"ALERTS{{alertname=\"{alert}\",alertstate=\"firing\"}}");
                    Thread.Sleep(firing is null ? 500 : 0);
                }

                Assert.True(firing == 1, alert + " fires");
            }

            Assert.Equal(1, Query(webPort, "up{job=\"limittop\"}"));
        }
        finally
        {
            foreach (var h in new[] { user, inCgroup, resident })
            {
                if (h is not null)
                {
                    _ = Sh.Run("kill", ["-KILL", Sh.Inv(h.Pid)]);
                    h.Dispose();
                }
            }
        }

        Assert.Equal(0, lt.Stop());
        prom.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private static long SoftNproc(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/limits").First(l => l.StartsWith("Max processes", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    /// <summary>The single value of an instant query; null when the result is empty (or Prometheus not up yet).</summary>
    private static double? Query(int port, string query)
    {
        string body;
        try
        {
            body = Client.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(query)}").GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(body);
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
