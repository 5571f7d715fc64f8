using LimitTop.Core.Trends;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Trends;

/// <summary>Issue 25 item 3: the event log folds repeats and keeps rare kinds apart from the flood of refused forks.</summary>
public sealed class EventLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);

    private static TrendEvent Rejected(int second, string cgroup = "/ux-demo", long count = 1)
        => new(T0.AddSeconds(second), TrendEvent.ForkRejected, Scope.Cgroup(cgroup), LimitKind.PidsMax, count, 42, "worker");

    [Fact]
    public void A_flood_of_refused_forks_cannot_evict_a_limit_reached()
    {
        var log = new EventLog(200);
        log.Add(new TrendEvent(T0, TrendEvent.LimitReached, Scope.User("uxapp"), LimitKind.Nproc, 200, 7, "hog"));
        log.Add(new TrendEvent(T0.AddSeconds(1), TrendEvent.Critical, Scope.User("uxapp"), LimitKind.Nproc, 190, 7, "hog"));
        for (int i = 0; i < 1000; i++)
        {
            log.Add(Rejected(2 + i));
        }

        Assert.Contains(log.Recent, e => e.Kind == TrendEvent.LimitReached && e.Scope.Key == "user:uxapp");
        Assert.Contains(log.Recent, e => e.Kind == TrendEvent.Critical);
        Assert.Equal(1002, log.Total);
        Assert.Equal(202, log.Recent.Count); // 200 refusals and the 2 rare ones
        Assert.Equal(TrendEvent.LimitReached, log.Recent[0].Kind); // oldest first, in the order they came
        Assert.Equal(T0.AddSeconds(1001), log.Recent[^1].Time);
        Assert.Same(log.Recent[^1], log.Latest);
    }

    [Fact]
    public void Repeats_of_one_scope_and_limit_fold_into_one_line_with_count_and_first_and_last_time()
    {
        var log = new EventLog(200);
        for (int i = 0; i < 143; i++)
        {
            log.Add(Rejected(i * 2, count: 2));
        }

        log.Add(Rejected(300, "/other"));
        log.Add(new TrendEvent(T0.AddSeconds(301), TrendEvent.LimitReached, Scope.User("uxapp"), LimitKind.Nproc, 200, 7, "hog"));

        var folds = log.Folds;
        Assert.Equal(3, folds.Count);
        Assert.Equal("user:uxapp", folds[0].Scope.Key); // newest first
        Assert.Equal("cgroup:/other", folds[1].Scope.Key);
        var demo = folds[2];
        Assert.Equal(("cgroup:/ux-demo", "pids.max", TrendEvent.ForkRejected), (demo.Scope.Key, demo.Limit.Name, demo.Kind));
        Assert.Equal(143, demo.Times);
        Assert.Equal(286, demo.Sum);
        Assert.Equal(T0, demo.First);
        Assert.Equal(T0.AddSeconds(284), demo.Last);
    }

    [Fact]
    public void Folds_are_bounded_per_traffic_and_a_new_scope_evicts_the_one_seen_longest_ago()
    {
        var log = new EventLog(4);
        log.Add(new TrendEvent(T0, TrendEvent.LimitReached, Scope.User("a"), LimitKind.Nproc, 1, null, null));
        for (int i = 0; i < 10; i++)
        {
            log.Add(Rejected(i, "/cg" + i));
        }

        Assert.Equal(5, log.Folds.Count); // 4 cgroups + the rare one
        Assert.Contains(log.Folds, f => f.Scope.Key == "user:a");
        Assert.DoesNotContain(log.Folds, f => f.Scope.Key == "cgroup:/cg5");
        Assert.Contains(log.Folds, f => f.Scope.Key == "cgroup:/cg9");
    }
}
