using LimitTop.Core.Model;
using LimitTop.Core.Trends;
using static LimitTop.Core.Tests.Trends.TrendWorld;

namespace LimitTop.Core.Tests.Trends;

public sealed class TrendTrackerTests
{
    [Fact]
    public void A_growing_user_gets_a_forecast_in_words_and_ranks_before_a_fuller_flat_one()
    {
        var tracker = new TrendTracker();
        var s = GrowingBob(tracker, carolTasks: 800); // carol: flat at 800 of 1,000

        var bob = s.Diagnosis.Single(f => f.Scope.Key == "user:bob" && f.Limit.Name() == "nproc");
        var carol = s.Diagnosis.Single(f => f.Scope.Key == "user:carol" && f.Limit.Name() == "nproc");
        Assert.InRange(bob.RatePerMinute!.Value, 28.5, 31.5);
        double truth = (1000 - 129.5) / 0.5;
        Assert.InRange(bob.ExhaustedIn!.Value.TotalSeconds, truth * 0.95, truth * 1.05);
        Assert.True(bob.Message.Contains(" — nproc", StringComparison.Ordinal), bob.Message);
        Assert.Matches(@"nproc of user bob full in ~2\d minutes(, \d+ seconds?)? at \+(29|30|31) tasks/min$", bob.Message);
        Assert.Null(carol.RatePerMinute);
        Assert.Null(carol.ExhaustedIn);

        // Full in under an hour ranks with the warnings, and sooner than a flat one at 80 %.
        var order = s.Diagnosis.Select(f => f.Scope.Key + " " + f.Limit.Name()).ToList();
        Assert.True(order.IndexOf("user:bob nproc") < order.IndexOf("user:carol nproc"), string.Join(", ", order));
        var fitted = Assert.Single(s.ForecastSeries, f => f.Scope.Key == "user:bob");
        Assert.InRange(fitted.Points.Count, SteadyRule.MinPoints, SteadyRule.WindowSeconds);
        Assert.Equal(129f, fitted.Points[^1].Value);
    }

    [Fact]
    public void Without_forecasts_the_ranking_is_the_diagnosis_percent_order()
    {
        var tracker = new TrendTracker();
        var raw = At(0, [Proc(10, 1000, 300), Proc(20, 1001, 800)]);
        var seen = tracker.Observe(raw);
        Assert.Same(raw.Diagnosis, seen.Diagnosis);
    }

    [Fact]
    public void A_user_reaching_nproc_gives_one_critical_and_one_limit_reached_event_per_crossing()
    {
        var tracker = new TrendTracker();
        int[] tasks = [80, 95, 99, 100, 100, 90, 100]; // plus pid 11 with 1 task
        for (int t = 0; t < tasks.Length; t++)
        {
            tracker.Observe(At(t, [Proc(10, 1000, tasks[t], nproc: 100), Proc(11, 1000, 0 + 1, nproc: 100)]));
        }

        var mine = tracker.Events.Recent.Where(e => e.Scope.Key == "user:bob" && e.Limit.Name == "nproc").ToList();
        Assert.Equal(
            [(TrendEvent.Critical, 96L, 1), (TrendEvent.LimitReached, 100L, 2), (TrendEvent.LimitReached, 101L, 6)],
            mine.Select(e => (e.Kind, e.Count, (int)(e.Time - T0).TotalSeconds)));
        Assert.All(mine, e => Assert.Equal((10, "p10"), (e.CulpritPid!.Value, e.CulpritName)));
    }

    [Fact]
    public void Per_process_delta_per_minute_follows_threads_and_forgets_a_reused_pid()
    {
        var tracker = new TrendTracker();
        for (int t = 0; t <= 60; t++)
        {
            tracker.Observe(At(t, [Proc(10, 1000, 10 + t, fds: 50 - t / 2)]));
        }

        var d = tracker.Deltas.Get(10, 1);
        Assert.Equal(60, d.ThreadsPerMinute!.Value, 1);
        Assert.Equal(-30, d.FdsPerMinute!.Value, 1);
        Assert.Null(d.SocketsPerMinute);

        tracker.Observe(At(61, [Proc(10, 1000, 5, start: 999)]));
        Assert.Null(tracker.Deltas.Get(10, 1).ThreadsPerMinute);
        Assert.Null(tracker.Deltas.Get(10, 999).ThreadsPerMinute); // no span yet
        Assert.Equal(1, tracker.Deltas.Count);
    }

    [Fact]
    public void Sparkline_series_cover_an_hour_in_minute_buckets_and_vanished_users_are_dropped()
    {
        var tracker = new TrendTracker();
        for (int t = 0; t < 3700; t += 1)
        {
            var procs = new List<ProcessSample> { Proc(10, 1000, 100 + t / 60) };
            if (t < 600)
            {
                procs.Add(Proc(20, 1001, 5));
            }

            tracker.Observe(At(t, procs));
        }

        Span<SeriesPoint> buf = stackalloc SeriesPoint[TieredSeries.CoarseSlots];
        int n = tracker.Recent("user:bob", Figures.Tasks, 3600, buf);
        Assert.Equal(60, n);
        Assert.All(buf[..n].ToArray(), p => Assert.Equal(0, p.Second % 60));
        Assert.Equal(100f + 3699 / 60, buf[n - 1].Value); // a bucket keeps its highest value
        Assert.Equal(180, tracker.Recent("user:bob", Figures.Tasks, 180, buf.Length >= 180 ? buf : new SeriesPoint[180]));
        Assert.Equal(0, tracker.Recent("user:carol", Figures.Tasks, 3600, new SeriesPoint[90]));
        Assert.True(tracker.Recent("process:10", Figures.Threads, 60, new SeriesPoint[60]) == 60);
    }

    [Fact]
    public void The_store_refuses_new_scopes_when_full_and_reuses_expired_ones()
    {
        var store = new SeriesStore(maxSeries: 2);
        Assert.NotNull(store.Add("a", "tasks", 0, 1));
        Assert.NotNull(store.Add("b", "tasks", 0, 1));
        Assert.Null(store.Add("c", "tasks", 0, 1));
        Assert.Equal(1, store.Refused);
        store.Add("a", "tasks", 700, 2);
        store.Expire(700);
        Assert.False(store.TryGet("b", "tasks", out _));
        var c = store.Add("c", "tasks", 700, 3)!;
        Assert.Equal((1, 3f), (c.Series.Count, c.Series.Latest)); // the reused rings start empty
    }
}
