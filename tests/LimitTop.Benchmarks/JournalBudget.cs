using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Procfs;
using LimitTop.Core.Recording;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>journal [hours]</c>: the recording's budgets (docs/recording.md "Budgets") on <see cref="FieldTicks"/>: bytes
/// per day, thread CPU per Append (getrusage RUSAGE_THREAD, so other load on the box does not count), then the
/// reader on that journal: open + first tick at its middle, the slowest step forward and back, managed memory.
/// <c>journal live [seconds]</c>: the sampler and trend tracker on this box at 1 s, recorded; bytes per day extrapolated.
/// </summary>
internal static class JournalBudget
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run(string[] args)
    {
        if (args is [_, "live", ..])
        {
            Live(args.Length > 2 ? int.Parse(args[2], Inv) : 120);
            return;
        }

        // journal [hours] [brotli quality]
        double hours = args.Length > 1 ? double.Parse(args[1], Inv) : 1;
        string dir = Path.Combine(Path.GetTempPath(), "lt_record_budget_" + Environment.ProcessId.ToString(Inv));
        try
        {
            Write(dir, (int)(hours * 3600), args.Length > 2 ? int.Parse(args[2], Inv) : new JournalOptions().BrotliQuality);
            Read(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Write(string dir, int ticks, int quality)
    {
        var start = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var gen = new FieldTicks(start);
        // default bounds, except that nothing is removed: the measure is the whole journal
        var options = new JournalOptions { MaxBytes = long.MaxValue, Keep = TimeSpan.FromDays(3650), BrotliQuality = quality };
        TimeSpan cpu = TimeSpan.Zero, worst = TimeSpan.Zero;
        using (var w = new JournalWriter(dir, new SegmentInfo(start, "web-07", "boot", "6.8.0", "bench"), options))
        {
            for (int i = 0; i < ticks; i++)
            {
                var t = gen.Next();
                var before = ThreadCpu();
                w.Append(t);
                var spent = ThreadCpu() - before;
                cpu += spent;
                worst = spent > worst ? spent : worst;
                if (i % 3600 == 3599)
                {
                    Console.Error.WriteLine(string.Create(Inv, $"  {(i + 1) / 3600} h written"));
                }
            }
        }

        long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(Inv, $"field load ({FieldTicks.Processes} processes, {FieldTicks.Users} users, {FieldTicks.Cgroups} cgroups): {ticks} ticks, {bytes / 1e6:0.00} MB = {bytes * 86400.0 / ticks / 1e6:0.0} MB/day ({bytes / (double)ticks:0} B/tick), {Directory.GetFiles(dir).Length} segments"));
        Console.WriteLine(string.Create(Inv, $"Append (Brotli {quality}): {cpu.TotalMilliseconds / ticks:0.000} ms thread CPU per tick on average (= ms/s at 1 s), worst {worst.TotalMilliseconds:0.0} ms (a block close: Brotli)"));
    }

    private static void Read(string dir)
    {
        long mem0 = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        using var r = JournalReader.Open(dir);
        var mid = r.Start!.Value + ((r.End!.Value - r.Start.Value) / 2);
        var p = r.Seek(mid)!.Value;
        var snap = r.Tick(p).ToSnapshot();
        sw.Stop();
        Console.WriteLine(string.Create(Inv, $"open {r.Segments.Count} segments / {r.Blocks.Count} blocks + seek to the middle + snapshot of {snap.Processes.Count} processes: {sw.Elapsed.TotalMilliseconds:0} ms"));
        double fwd = 0, back = 0;
        var at = p;
        for (int i = 0; i < 300; i++)
        {
            sw.Restart();
            at = r.Next(at)!.Value;
            _ = r.Tick(at).ToSnapshot();
            fwd = Math.Max(fwd, sw.Elapsed.TotalMilliseconds);
        }

        for (int i = 0; i < 600; i++)
        {
            sw.Restart();
            at = r.Previous(at)!.Value;
            _ = r.Tick(at).ToSnapshot();
            back = Math.Max(back, sw.Elapsed.TotalMilliseconds);
        }

        sw.Restart();
        var jump = r.Seek(mid.AddMinutes(-1))!.Value;
        _ = r.Tick(jump).ToSnapshot();
        double minute = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        int events = r.Events().Count;
        double ev = sw.Elapsed.TotalMilliseconds;
        long mem1 = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(Inv, $"step: slowest forward {fwd:0.0} ms, slowest back {back:0.0} ms (crossing a block: one decode); jump a minute {minute:0.0} ms; list {events} events {ev:0} ms"));
        Console.WriteLine(string.Create(Inv, $"reader managed memory after all that (index + {JournalReader.CacheBlocks} cached blocks): {(mem1 - mem0) / 1e6:0.0} MB; working set {Environment.WorkingSet / 1e6:0} MB"));
        GC.KeepAlive(r);
    }

    private static void Live(int seconds)
    {
        string dir = Path.Combine(Path.GetTempPath(), "lt_record_live_" + Environment.ProcessId.ToString(Inv));
        try
        {
            using var sampler = new Sampler(ProcRoot.Default);
            var tracker = new TrendTracker();
            TimeSpan cpu = TimeSpan.Zero;
            int processes = 0;
            long tasks = 0;
            using (var w = new JournalWriter(dir, new SegmentInfo(DateTimeOffset.UtcNow, Environment.MachineName, "live", Environment.OSVersion.VersionString, "bench")))
            {
                for (int i = 0; i < seconds; i++)
                {
                    var s = tracker.Observe(sampler.Sample());
                    processes = s.Processes.Count;
                    tasks = s.System.Tasks;
                    var before = ThreadCpu();
                    w.Append(RecordedTick.FromSnapshot(s));
                    cpu += ThreadCpu() - before;
                    Thread.Sleep(1000);
                }
            }

            long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(Inv, $"live box ({processes} processes, {tasks} tasks): {seconds} ticks at 1 s, {bytes} B = {bytes * 86400.0 / seconds / 1e6:0.0} MB/day; Append {cpu.TotalMilliseconds / seconds:0.000} ms CPU per tick (FromSnapshot included)"));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>This thread's CPU time (getrusage RUSAGE_THREAD).</summary>
    public static TimeSpan ThreadCpuNow() => ThreadCpu();

    private static unsafe TimeSpan ThreadCpu()
    {
        long* ru = stackalloc long[18];
        _ = Tmds.Linux.LibC.syscall(98, 1, ru); // getrusage(RUSAGE_THREAD)
        return TimeSpan.FromTicks((ru[0] + ru[2]) * TimeSpan.TicksPerSecond + ((ru[1] + ru[3]) * 10));
    }
}
