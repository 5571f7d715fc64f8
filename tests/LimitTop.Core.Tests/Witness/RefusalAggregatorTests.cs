using LimitTop.Core.Model;
using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

public sealed class RefusalAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static Refusal R(double at, int pid = 100, string limit = "nproc", int errno = 11, int? uid = 1001, string? cgroup = "/u")
        => new(T0.AddSeconds(at), pid, pid, "app", uid, errno, limit, null, cgroup);

    [Fact]
    public void One_event_per_process_errno_and_limit_per_second_with_counts()
    {
        var a = new RefusalAggregator();
        a.Add(R(0.1));
        a.Add(R(0.5));
        a.Add(R(0.9, limit: "threads-max"));
        a.Add(R(1.2));
        Assert.Empty(a.Flush(T0.AddSeconds(0.95))); // the second is still open
        var closed = a.Flush(T0.AddSeconds(1.5));
        Assert.Equal([(T0, "nproc", 2L), (T0, "threads-max", 1L)], closed.Select(e => (e.Time, e.Limit, e.Count)));
        Assert.Equal("12:00:00 app pid 100 (uid 1001): 2 task creations refused by nproc (EAGAIN)", closed[0].ToString());
        var later = a.Flush(T0.AddSeconds(2));
        Assert.Equal((T0.AddSeconds(1), 1L), (later.Single().Time, later.Single().Count));
    }

    [Fact]
    public void Totals_labels_and_the_last_minute()
    {
        var a = new RefusalAggregator();
        for (int i = 0; i < 5; i++)
        {
            a.Add(R(i * 20)); // 0, 20, 40, 60, 80 s
        }

        a.Add(R(81, pid: 200, limit: "pids.max", uid: 1002, cgroup: "/c"));
        var s = a.Summary(T0.AddSeconds(81), WitnessStatus.Disabled, WitnessStatus.Disabled, []);
        Assert.Equal(6, s.Total);
        Assert.Equal([new LimitCount("nproc", 5), new LimitCount("pids.max", 1)], s.ByLimit);
        Assert.Contains(new LimitUserCount("nproc", 1001, 5), s.ByLimitUser);
        Assert.Contains(new LimitCgroupCount("pids.max", "/c", 1), s.ByLimitCgroup);
        Assert.Equal(3, s.ForProcess(100)!.LastMinute); // 40, 60, 80 are within 60 s of 81
        Assert.Equal(4, s.LastMinute);
        a.Prune(T0.AddSeconds(200));
        Assert.Equal(0, a.LastMinute(100, T0.AddSeconds(200)));
        Assert.Empty(a.Summary(T0.AddSeconds(200), WitnessStatus.Disabled, WitnessStatus.Disabled, []).Processes);
    }

    [Fact]
    public void Labels_are_bounded()
    {
        var a = new RefusalAggregator();
        for (int uid = 0; uid < RefusalAggregator.MaxLabels + 50; uid++)
        {
            a.Add(R(0, pid: uid + 1, uid: uid, cgroup: "/c" + uid));
        }

        var s = a.Summary(T0, WitnessStatus.Disabled, WitnessStatus.Disabled, []);
        Assert.Equal(RefusalAggregator.MaxLabels + 1, s.ByLimitUser.Count);
        Assert.Equal(RefusalAggregator.MaxLabels + 1, s.ByLimitCgroup.Count);
        Assert.Equal(50, s.ByLimitCgroup.Single(c => c.Cgroup == RefusalAggregator.OtherLabel).Count);
        Assert.Equal(RefusalAggregator.MaxLabels + 50, s.ByLimitUser.Sum(u => u.Count));
    }

    [Fact]
    public void Processes_are_bounded()
    {
        var a = new RefusalAggregator();
        for (int pid = 1; pid <= RefusalAggregator.MaxProcesses + 10; pid++)
        {
            a.Add(R(pid / 1000.0, pid: pid));
        }

        Assert.Equal(RefusalAggregator.MaxProcesses, a.Summary(T0.AddSeconds(2), WitnessStatus.Disabled, WitnessStatus.Disabled, []).Processes.Count);
    }
}
