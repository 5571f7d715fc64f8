namespace LimitTop.Hosting;

/// <summary>
/// Creates, at start-up, every thread the process will ever use, and fixes the thread pool at that size, so
/// that nothing asks the kernel for a new task once RLIMIT_NPROC, threads-max or pids.max is spent.
/// The runtime grows the pool lazily and treats a failed worker creation as fatal (OutOfMemoryException in
/// PortableThreadPool.WorkerThread, exit 134); a pool that is already at its maximum never tries. Idle
/// workers would also exit after 20 s and be re-created on demand: ThreadsToKeepAlive=-1 (LimitTop.csproj)
/// keeps them. The survival scenario tests (tests/LimitTop.Tests/Survival) prove the combination.
/// </summary>
internal static class ThreadBudget
{
    /// <summary>
    /// Pool workers: Terminal.Gui's input loop holds one for good (Task.Run polling stdin), the main loop's
    /// Task.Delay completions and our own timeouts need one at a time; the rest are spare.
    /// </summary>
    public const int PoolThreads = 4;

    /// <summary>What <see cref="Reserve"/> did, for the status bar / diagnostics.</summary>
    public static string Summary { get; private set; } = "thread budget not reserved";

    /// <summary>True when the pool is pinned at <see cref="PoolThreads"/> workers.</summary>
    public static bool Pinned { get; private set; }

    public static void Reserve()
    {
        ThreadPool.GetMinThreads(out _, out int minIo);
        ThreadPool.GetMaxThreads(out _, out int maxIo);

        // Minimum first: the pool then creates workers without its usual one-per-500-ms throttle.
        bool minOk = ThreadPool.SetMinThreads(PoolThreads, minIo);

        using var started = new CountdownEvent(PoolThreads);
        using var gate = new ManualResetEventSlim(false);
        for (int i = 0; i < PoolThreads; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static state =>
                {
                    var (s, g) = state;
                    s.Signal();
                    g.Wait();
                },
                (started, gate),
                preferLocal: false);
        }

        // Every worker exists only when all items run at the same time.
        bool allStarted = started.Wait(TimeSpan.FromSeconds(10));
        gate.Set();

        // The maximum cannot go below the minimum, and the I/O value only has to stay valid (on Linux the
        // portable pool has no separate I/O threads).
        bool maxOk = ThreadPool.SetMaxThreads(PoolThreads, Math.Max(minIo, Math.Min(maxIo, PoolThreads)));

        // The timer thread is created on first use of a System.Threading timer (Task.Delay, which the
        // Terminal.Gui main loop uses): make that happen now, not in the middle of an exhausted limit.
        Task.Delay(1).Wait();

        ThreadPool.GetMaxThreads(out int maxWorkers, out _);
        Pinned = minOk && maxOk && allStarted && maxWorkers == PoolThreads;
        Summary = Pinned
            ? $"thread pool pinned at {PoolThreads} workers"
            : $"thread pool NOT pinned (min {minOk}, max {maxOk}, started {allStarted}, max workers {maxWorkers})";
    }
}
