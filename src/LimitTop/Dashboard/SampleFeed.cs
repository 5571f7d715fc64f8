using System.Diagnostics;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Serving;

namespace LimitTop.Dashboard;

/// <summary>
/// One refresh tick, as both backends run it on their one UI thread: sample into the controller, then trim the heap.
/// Terminal.Gui-free, so the single-thread mode (RawTerminal/) uses it without loading Terminal.Gui.
/// </summary>
public static class SampleFeed
{
    /// <summary>
    /// Samples on the calling (UI) thread and records how long it took (the time keys wait); the new snapshot, or
    /// null when a refused resource kept the last one. The snapshot returned is the one the store keeps, with the
    /// trend tracker's rates and forecasts on its findings (what --metrics exports as limittop_limit_exhaustion_seconds).
    /// <paramref name="alsoRead"/> adds to what the visible columns need: the exports read every figure whatever is shown.
    /// </summary>
    public static Snapshot? SampleInto(Sampler sampler, DashboardController controller, ReadNeeds alsoRead = ReadNeeds.None)
    {
        sampler.Needs = controller.Needs | alsoRead; // only what the visible columns and panels need (the F2 setup screen)
        long t0 = Stopwatch.GetTimestamp();
        if (!sampler.TrySample(out Snapshot? s, out string? problem))
        {
            // A refused resource: the last good snapshot stays, marked stale with the reason (a bug is not caught).
            controller.OnSampleFailed(problem);
            return null;
        }

        controller.LastSampleTime = Stopwatch.GetElapsedTime(t0);
        controller.OnSnapshot(s);
        return controller.Latest ?? s;
    }

    /// <summary>
    /// One tick with the exports on (--metrics, --textfile): samples everything the exports need whatever is shown,
    /// hands the snapshot (or the failure) to them, and puts a textfile problem into the status bar.
    /// </summary>
    internal static void SampleAndExport(Sampler sampler, DashboardController controller, MetricsExport? export)
    {
        if (export is null)
        {
            _ = SampleInto(sampler, controller);
            return;
        }

        if (SampleInto(sampler, controller, ReadNeeds.All) is not { } s)
        {
            export.Failed();
        }
        else if (export.Sampled(s, controller.LastSampleTime.TotalSeconds) is { } textfileProblem)
        {
            controller.Status = "--textfile: " + textfileProblem;
        }
    }

    /// <summary>
    /// Collects gen0 every tick, gen1 every 10th and everything (compacting) once a minute. The dashboard keeps ~3 MB
    /// alive and allocates a few hundred KB per tick, but the runtime sizes the gen0 budget from the CPU cache (tens
    /// of MB here) and grows it further when little dies, so without this the first GC came after a minute and RSS
    /// reached ~100 MB. A forced gen1 every tick cost ~1 ms/s at the field load (perf: 8 % of the process, marking,
    /// planning and scanning every thread's stack); gen0 alone finds the tick's garbage, and what survives it (the
    /// new snapshot, kept for the 60 s history) waits in gen1 for the next gen1. It runs on this thread (no
    /// background GC).
    /// </summary>
    public static void TrimHeap(int ticks)
    {
        int generation = ticks % 60 == 0 ? 2 : ticks % 10 == 0 ? 1 : 0;
        GC.Collect(generation, GCCollectionMode.Forced, blocking: true, compacting: generation == 2);
    }
}
