using LimitTop.Core.Analysis;
using System.Diagnostics;
using System.Text.Json;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;
using LimitTop.Core.Tests.Live;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// Live trend tests (root, ≤ 60 s each): a user whose process adds threads at a steady 4/s under RLIMIT_NPROC 250
/// gets a forecast within 20 % of the true time to the limit (the forecast needs <see cref="SteadyRule.MinPoints"/>
/// one-second samples, so it shows from ~30 s on; the run stops at 45 s, before the limit), a flat user none;
/// and a fork refused in a pids cgroup made here is an event of that cgroup within 2 s, and in a dump.
/// </summary>
public sealed partial class LiveOracleTests
{
    [SkippableFact]
    public void A_steady_thread_leak_is_forecast_within_20_percent_and_a_flat_user_gets_none()
    {
        Need.Root();
        const int limit = 250, start = 20, perSecond = 4;
        int growUid = LiveChild.FreeUid(4), flatUid = LiveChild.FreeUid(5);
        using var grow = LiveChild.Start(growUid, growUid, $"{limit}:{limit}", start, 0, 0, "lt-trend-grow");
        using var flat = LiveChild.Start(flatUid, flatUid, $"{limit}:{limit}", start, 0, 0, "lt-trend-flat");
        // The sampler's clock is a ManualTime moved one second a tick, and the threads follow it (perSecond more
        // before each sample): the rate the kernel shows is exactly 4/s however slowly a busy machine runs the loop.
        var time = new ManualTime();
        using var sampler = new Sampler(ProcRoot.Default, null, time);
        var tracker = new TrendTracker();

        int threads = start, forecasts = 0;
        for (int second = 0; second < 45; second++, time.Advance(TimeSpan.FromSeconds(1)))
        {
            while (threads < start + second * perSecond)
            {
                Assert.Equal("ok", grow.Command("thread"));
                threads++;
            }

            var s = tracker.Observe(DiagnosisBuilder.Diagnose(sampler.Sample()));
            var g = s.Diagnosis.Single(f => f.Scope.Key == "user:" + s.Users.Single(u => u.Uid == growUid).Name && f.Limit.Name() == "nproc");
            var fl = s.Diagnosis.Single(f => f.Scope.Key == "user:" + s.Users.Single(u => u.Uid == flatUid).Name && f.Limit.Name() == "nproc");
            Assert.Null(fl.RatePerMinute);
            Assert.Null(fl.ExhaustedIn);
            if (g.ExhaustedIn is { } left)
            {
                forecasts++;
                double truth = (double)(limit - g.Used) / perSecond;
                Assert.InRange(left.TotalSeconds, truth * 0.8, truth * 1.2);
                Assert.InRange(g.RatePerMinute!.Value, perSecond * 60 * 0.8, perSecond * 60 * 1.2);
            }
        }

        Assert.True(forecasts >= 5, $"the forecast showed on {forecasts} ticks only");
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_refused_fork_in_a_pids_cgroup_is_an_event_of_it_within_2_seconds_and_in_a_dump()
    {
        Need.Root();
        var h = CgroupHierarchy.Detect();
        string name = "limittop-trend-" + Environment.ProcessId;
        string dir = Path.Combine(h.Root, name);
        Directory.CreateDirectory(dir);
        string dumpDir = Directory.CreateTempSubdirectory("limittop-trend-live-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "pids.max"), "2");
            using var child = LiveChild.Start(LiveChild.FreeUid(6), LiveChild.FreeUid(6), "100:100", 1, 0, 0, "lt-trend-fork");
            File.WriteAllText(Path.Combine(dir, "cgroup.procs"), child.Pid.ToString(Inv));
            Assert.Equal("ok", child.Command("thread")); // 2 of 2

            using var sampler = new Sampler(ProcRoot.Default);
            var tracker = new TrendTracker();
            tracker.Observe(DiagnosisBuilder.Diagnose(sampler.Sample())); // the baseline
            Assert.Equal("err 11", child.Command("fork")); // EAGAIN: refused by pids.max
            var refused = DateTimeOffset.UtcNow;

            // the next samples, until one carries the event: its time is that sample's, so no earlier than the
            // refusal and no later than the moment the sample was back (a causal bound, not a speed)
            TrendEvent? e = null;
            Snapshot s = null!;
            var seen = refused;
            Eventually.Until(() =>
            {
                s = tracker.Observe(DiagnosisBuilder.Diagnose(sampler.Sample()));
                seen = DateTimeOffset.UtcNow;
                e = s.Events.SingleOrDefault(x => x.Kind == TrendEvent.ForkRejected && x.Scope.Key == "cgroup:/" + name);
                return e is not null;
            }, "a sample with the refused fork's event", pollMs: 200);

            Assert.NotNull(e);
            Assert.Equal(("pids.max", 1L, child.Pid, "lt-trend-fork"), (e.Limit.Name, e.Count, e.CulpritPid!.Value, e.CulpritName));
            Assert.InRange(e.Time, refused, seen);

            var r = new DumpWriter(dumpDir).Write(s, []);
            Assert.True(r.Ok, r.Message);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(r.JsonPath!));
            var ev = doc.RootElement.GetProperty("events").EnumerateArray().Single(x => x.GetProperty("kind").GetString() == "fork-rejected");
            Assert.Equal(("cgroup:/" + name, child.Pid), (ev.GetProperty("scope").GetString(), ev.GetProperty("culprit").GetProperty("pid").GetInt32()));
        }
        finally
        {
            RemoveCgroup(h.Root, dir);
            Directory.Delete(dumpDir, recursive: true);
        }
    }
}
