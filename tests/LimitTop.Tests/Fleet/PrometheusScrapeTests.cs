using System.Diagnostics;
using System.Globalization;
using LimitTop.Tests.Survival;

using Xunit.Abstractions;
using LimitTop.TestSupport;

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
    private const int Uid = 62140;
    private const int NprocLimit = 12;
    private const int CgroupMax = 6;

    [SkippableFact]
    public void Prometheus_query_api_returns_what_the_kernel_shows()
    {
        Assert.Equal(0, Sh.TasksOfUid(Uid)); // nobody else uses this uid
        using var lt = HeadlessProcess.Start(build, []);
        Need.Tool("prometheus");
        using var prom = PrometheusServer.Start(lt.Port, Path.Combine(AotBuild.RepoRoot(), "packaging", "limittop.rules.yml"));
        using var cg = PidsCgroup.Create("limittop-fleet-prom", CgroupMax);
        Hog? user = null, inCgroup = null, resident = null;
        try
        {
            // increase() needs a sample before the rise: Prometheus must scrape limittop, and see the cgroup's
            // counter at 0 (a resident process makes limittop list the cgroup), before any fork is refused there.
            resident = cg.Start("sleep", "600");
            var ready = Stopwatch.StartNew();
            string series = $"limittop_cgroup_pids_rejected_total{{cgroup=\"{cg.Relative}\"}}";
            while (ready.Elapsed.TotalSeconds < 60 && !(prom.Query("up{job=\"limittop\"}") == 1 && prom.Query(series) == 0))
            {
                Thread.Sleep(250);
            }

            Assert.True(prom.Query(series) == 0, $"Prometheus scraped {series} = 0 before the forks; limittop: {lt.Stderr}; prometheus: {prom.Log}");
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
                    got = prom.Query(query);
                    if (got != value)
                    {
                        Thread.Sleep(500);
                    }
                }

                output.WriteLine($"{query} = {got} (kernel {value}) at {sw.Elapsed.TotalSeconds:0.0} s");
                Assert.True(got == value, $"{query}: Prometheus has {got}, the kernel {value}; limittop: {lt.Stderr}; prometheus: {prom.Log}");
            }

            // The shipped rules evaluate on these series: a refused fork and a uid at its limit fire at once.
            foreach (string alert in new[] { "LimitTopForkRefused", "LimitTopUserNprocExhausted" })
            {
                double? firing = null;
                while (sw.Elapsed.TotalSeconds < 90 && firing is null)
                {
                    firing = prom.Query($"ALERTS{{alertname=\"{alert}\",alertstate=\"firing\"}}");
                    Thread.Sleep(firing is null ? 500 : 0);
                }

                Assert.True(firing == 1, alert + " fires");
            }

            Assert.Equal(1, prom.Query("up{job=\"limittop\"}"));
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
    }

    private static long SoftNproc(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/limits").First(l => l.StartsWith("Max processes", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }
}
