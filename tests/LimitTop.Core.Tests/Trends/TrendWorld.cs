using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Actions;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Trends;

/// <summary>A hand-made host for the tracker tests: processes by (pid, uid, threads), a tick per second.</summary>
internal static class TrendWorld
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static ProcessSample Proc(int pid, int uid, int threads, long nproc = 1000, int fds = 10, string? cgroup = "/app.service", ulong start = 1)
        => Snapshots.Member(pid, uid, "p" + pid, "/bin/p" + pid, cgroup, version: 1, threads: threads, user: Name(uid)) with
        {
            Fds = fds,
            Limits = new ProcessLimits(new(nproc, nproc), new(1024, 1024), new(1000, 1000)),
            CgroupVersion = 1,
            StartTicks = start,
        };

    public static string Name(int uid) => uid switch { 1000 => "bob", 1001 => "carol", _ => "u" + uid };

    /// <summary>A snapshot at T0 + <paramref name="second"/> s with the users and the diagnosis the sampler would build.</summary>
    public static Snapshot At(int second, IReadOnlyList<ProcessSample> processes, IReadOnlyList<CgroupUsage>? cgroups = null)
    {
        cgroups ??= [];
        var s = Snapshots.Snap(processes, second + 1, T0.AddSeconds(second));
        var system = s.System with { ThreadsMax = 100_000, PidMax = 4_194_304, PidsUsable = 4_194_004, FileMax = 1_000_000 };
        var users = UserAggregator.Aggregate(s.Processes, Name);
        return s with { System = system, Users = users, Cgroups = cgroups, Diagnosis = DiagnosisBuilder.Build(system, users, cgroups, s.Processes) };
    }

    /// <summary>
    /// 60 ticks of bob (uid 1000) growing +30 tasks/min from 100 toward his nproc 1,000 beside carol (uid 1001)
    /// flat at <paramref name="carolTasks"/>; returns the last snapshot as the tracker hands it back.
    /// </summary>
    public static Snapshot GrowingBob(TrendTracker tracker, int carolTasks)
    {
        Snapshot s = null!;
        for (int t = 0; t < 60; t++)
        {
            s = tracker.Observe(At(t, [Proc(10, 1000, 100 + t / 2), Proc(20, 1001, carolTasks)]));
        }

        return s;
    }
}
