using LimitTop.Core.Analysis;
using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>frame [N]</c>: what a tick costs besides sampling, on real snapshots of the machine as it is (start the load
/// first). For each terminal size: taking a snapshot in (panel models, grades, the sorted table), composing the frame
/// (<see cref="FrameComposer"/> through <see cref="DashboardController.Frame"/>), diffing it against the last one
/// (<see cref="FrameDiff"/>), the three together, and the bytes each allocates. Each round shows a fresh copy of one
/// of three snapshots taken a second apart, so grades are computed again and numbers change as they do live.
/// Printed like <c>parts</c>: median and min–max thread CPU in ms over N rounds.
/// </summary>
internal static class FrameParts
{
    public static void Run(int n)
    {
        var snaps = new List<Snapshot>();
        using (var sampler = new Sampler(ProcRoot.Default))
        {
            for (int i = 0; i < 4; i++)
            {
                snaps.Add(DiagnosisBuilder.Diagnose(sampler.Sample()));
                Thread.Sleep(1000);
            }
        }

        snaps.RemoveAt(0); // the first has no CPU% yet
        Console.WriteLine($"{snaps[0].Processes.Count} processes, {snaps[0].System.Tasks} tasks, sockets {snaps[0].Sockets?.Tcp.Total}");
        var now = DateTimeOffset.Now;

        // The history alone (issue #13): series, forecasts and events of one snapshot, a second later each round
        // (the tracker's buckets and fits see time go on, as live). Warmed over 130 rounds so the 120 s fit window is full.
        var tracker = new TrendTracker();
        int t = 0;
        Snapshot Later() => snaps[t % snaps.Count] with { TakenAt = snaps[0].TakenAt.AddSeconds(t++) };
        for (int i = 0; i < 130; i++)
        {
            _ = tracker.Observe(Later());
        }

        TickParts.Report("trend tracker (series, forecasts, events)", n, () => tracker.Observe(Later()).Diagnosis.Count);
        foreach (var (w, h) in new[] { (120, 40), (200, 60) })
        {
            var c = new DashboardController(TimeSpan.FromSeconds(1));
            var diff = new FrameDiff();
            int k = 0;
            Snapshot Next() => snaps[k++ % snaps.Count] with { };
            c.OnSnapshot(Next());
            diff.Diff(c.Frame(w, h, now));
            TickParts.Report($"{w}x{h} snapshot in (models, table)", n, () =>
            {
                c.OnSnapshot(Next());
                return c.Viewport.Table.Count;
            });
            TickParts.Report($"{w}x{h} compose", n, () => c.Frame(w, h, now).Lines.Length);
            var frames = new DashboardScreen[n + 1];
            for (int i = 0; i < frames.Length; i++)
            {
                c.OnSnapshot(Next());
                frames[i] = c.Frame(w, h, now);
            }

            int f = 0;
            TickParts.Report($"{w}x{h} diff", n, () => diff.Diff(frames[f++ % frames.Length]).Count);
            long cells = 0, runs = 0;
            TickParts.Report($"{w}x{h} in + compose + diff", n, () =>
            {
                c.OnSnapshot(Next());
                var r = diff.Diff(c.Frame(w, h, now));
                cells += diff.CellsPainted;
                runs += r.Count;
                return r.Count;
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({runs / (double)(n + 1):0} runs, {cells / (double)(n + 1):0} of {w * h} cells painted per tick)"));
            long a0 = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < n; i++)
            {
                c.OnSnapshot(Next());
                diff.Diff(c.Frame(w, h, now));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated per tick (in + compose + diff): {(GC.GetAllocatedBytesForCurrentThread() - a0) / 1024.0 / n:0} KiB"));
        }

        using var s2 = new Sampler(ProcRoot.Default);
        DiagnosisBuilder.Diagnose(s2.Sample());
        long b0 = GC.GetAllocatedBytesForCurrentThread();
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        for (int i = 0; i < n; i++)
        {
            DiagnosisBuilder.Diagnose(s2.Sample());
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  allocated per sample: {(GC.GetAllocatedBytesForCurrentThread() - b0) / 1024.0 / n:0} KiB; collections over {n} samples gen0 {GC.CollectionCount(0) - gc0}, gen1 {GC.CollectionCount(1) - gc1}, gen2 {GC.CollectionCount(2) - gc2}"));
    }
}
