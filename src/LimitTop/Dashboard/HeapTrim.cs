namespace LimitTop.Dashboard;

/// <summary>What both dashboard backends do after each tick on their one UI thread, besides the collector's work.</summary>
public static class HeapTrim
{
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
