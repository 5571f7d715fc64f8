namespace LimitTop.Hosting;

/// <summary>
/// Asks the kernel, before anything else starts a thread, for the tasks the Terminal.Gui dashboard will hold:
/// plain threads that wait on a monitor, are counted, and are then let go. If one is refused, the process has
/// no other thread than main and the finalizer, and the single-thread mode (RawTerminal/) takes over. The
/// threads are given back before Terminal.Gui starts; a process that takes the freed slots in between (a fork
/// bomb) still makes that start fail, which the README's "The last shell" section lists.
/// </summary>
internal static class ThreadProbe
{
    /// <summary>Threads the Terminal.Gui dashboard holds: main, finalizer, 4 pool workers, the pool's Gate, the
    /// timer thread and System.Native's signal thread (measured on the AOT build: 9, see README "The last shell").</summary>
    public const int DashboardThreads = 9;

    /// <summary>Tasks <c>--headless</c> holds: main and the runtime's finalizer. Its one poll(2) loop reserves no
    /// thread budget (Headless/HeadlessLoop.cs); the man page and the README say this number (ThreadBudgetDocsTests).</summary>
    public const int HeadlessTasks = 2;

    /// <summary>Null when every thread came; else why not: the binding limit when limittop can name it.</summary>
    public static string? TryReserve(Core.Procfs.ProcRoot root, int total = DashboardThreads)
    {
        int before = OwnThreads();
        var gate = new object();
        bool release = false;
        var started = new List<Thread>();
        string? refused = null;
        try
        {
            for (int i = before; i < total; i++)
            {
                var t = new Thread(() =>
                {
                    lock (gate)
                    {
                        while (!release)
                        {
                            Monitor.Wait(gate);
                        }
                    }
                }, 256 * 1024) { IsBackground = true, Name = "limittop probe" };
                t.Start();
                started.Add(t);
            }
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException or SystemException)
        {
            // while the refused slots are still held, the spent limit shows in the counts
            refused = TaskLimits.Binding(root) ?? e.GetType().Name + ": " + e.Message;
        }
        finally
        {
            lock (gate)
            {
                release = true;
                Monitor.PulseAll(gate);
            }

            foreach (var t in started)
            {
                t.Join();
            }
        }

        // a joined thread may still be counted by the kernel for a moment: wait until the count is back
        for (int i = 0; i < 200 && OwnThreads() > before; i++)
        {
            Thread.Sleep(5);
        }

        return refused;
    }

    private static int OwnThreads()
    {
        try
        {
            return Directory.GetDirectories("/proc/self/task").Length;
        }
        catch (IOException)
        {
            return 2;
        }
    }
}
