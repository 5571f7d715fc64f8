using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>trend</c>: the memory the trend history keeps at 2,000 processes, 200 users and 50 pids cgroups once every
/// ring is full (90 simulated minutes: 1 s ticks for 5 minutes, then 10 s ticks), measured with
/// GC.GetTotalMemory(forceFullCollection) around the fill with only the tracker alive; then the CPU time and the
/// bytes allocated per Observe at 1 s ticks with every user's tasks and fds moving (every finding is fitted: the
/// worst case; on a quiet box flat series skip the fit).
/// </summary>
internal static class TrendMemory
{
    private const int Processes = 2000, Users = 200, Cgroups = 50;

    public static void Run()
    {
        var rng = new Random(42);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var tracker = new TrendTracker();
        int tick = 0, second = 0;
        for (; second < 5400; second += second < 300 ? 1 : 10)
        {
            tracker.Observe(Synthetic(rng, tick++, second));
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trend history: {(after - before) / 1024.0 / 1024.0:0.00} MiB retained after {tick} ticks over {second / 60} min; {tracker.Series.Count} series, {tracker.Deltas.Count} process deltas, {tracker.Events.Recent.Count} events kept"));

        // CPU and allocation of Observe alone (the snapshots are built first, outside the measurement).
        var snaps = new List<Snapshot>();
        for (int i = 0; i < 60; i++)
        {
            snaps.Add(Synthetic(rng, tick++, ++second));
        }

        var sw = Stopwatch.StartNew();
        var cpu0 = LimitTop.Core.Native.Clocks.ThreadCpu;
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        foreach (var s in snaps)
        {
            tracker.Observe(s);
        }

        long alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        sw.Stop();
        var cpu = LimitTop.Core.Native.Clocks.ThreadCpu - cpu0;
        GC.KeepAlive(tracker);
        var deltas = new ProcessDeltas();
        var sw2 = Stopwatch.StartNew();
        foreach (var s in snaps)
        {
            deltas.Observe(s.Processes, second++);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which per-process deltas: {sw2.Elapsed.TotalMilliseconds / snaps.Count:0.000} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Observe: {cpu.TotalMilliseconds / snaps.Count:0.000} ms CPU per tick ({sw.Elapsed.TotalMilliseconds / snaps.Count:0.000} ms wall), {alloc / snaps.Count / 1024.0:0.0} KiB allocated per tick (the returned snapshot, its diagnosis copy, forecast series)"));
    }

    private static Snapshot Synthetic(Random rng, int tick, int second)
    {
        var procs = new ProcessSample[Processes];
        for (int i = 0; i < Processes; i++)
        {
            int uid = 2000 + (i % Users);
            procs[i] = new ProcessSample
            {
                Pid = 1000 + i,
                Ppid = 1,
                Uid = uid,
                Euid = uid,
                User = "user" + (i % Users).ToString(CultureInfo.InvariantCulture),
                Name = "worker",
                Cmdline = "/usr/bin/worker",
                State = 'S',
                Threads = 5 + (i % 7) + rng.Next(3) + (i < 10 ? tick / 4 : 0),
                Fds = 20 + rng.Next(5),
                Sockets = rng.Next(4),
                Limits = new ProcessLimits(new(4096, 4096), new(1024, 1024), new(7718, 7718)),
                Cgroup = "/system.slice/svc" + (i % Cgroups).ToString(CultureInfo.InvariantCulture) + ".service",
                CgroupVersion = 1,
                StartTicks = (ulong)i,
            };
        }

        var users = UserAggregator.Aggregate(procs, uid => "user" + (uid - 2000).ToString(CultureInfo.InvariantCulture));
        var cgroups = new CgroupUsage[Cgroups];
        for (int c = 0; c < Cgroups; c++)
        {
            cgroups[c] = new CgroupUsage { Path = "/system.slice/svc" + c.ToString(CultureInfo.InvariantCulture) + ".service", Version = 1, PidsCurrent = 300 + rng.Next(5), PidsMax = 1000, ForkRejections = tick / 100 };
        }

        var system = new SystemUsage
        {
            Hostname = "bench", Uptime = TimeSpan.FromDays(1), Tasks = procs.Sum(p => p.Threads), ThreadsMax = 250_000,
            PidsUsed = procs.Sum(p => p.Threads) + 50, PidMax = 4_194_304, PidsUsable = 4_194_004, OpenFiles = 9000 + rng.Next(50), FileMax = 2_000_000,
            Processes = Processes,
        };
        return new Snapshot
        {
            TakenAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(second),
            Sequence = tick + 1,
            System = system,
            Users = users,
            Processes = procs,
            Cgroups = cgroups,
            Diagnosis = DiagnosisBuilder.Build(system, users, cgroups, procs),
        };
    }
}
