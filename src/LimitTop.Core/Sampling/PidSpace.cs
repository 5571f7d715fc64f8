namespace LimitTop.Core.Sampling;

/// <summary>PID numbers as alloc_pid() sees them: how many a new task can still get, and how many are held.</summary>
/// <param name="Held">Numbers in [<paramref name="Lowest"/>, pid_max) held by a task, a process group or a session.</param>
/// <param name="Usable">pid_max − <paramref name="Lowest"/>: the numbers a new task can be given at all.</param>
/// <param name="Lowest">300 once the allocator has passed RESERVED_PIDS (always, a minute after boot), else 1.</param>
/// <param name="HeldByGroups">Numbers held only by a process group or session whose leader has exited.</param>
public readonly record struct PidUsage(long Held, long Usable, int Lowest, int HeldByGroups);

/// <summary>
/// Counts PID numbers the way kernel/pid.c allocates them. A new task gets a number from
/// [pid_min, pid_max) where pid_min is 1 until the allocator's cursor first passes RESERVED_PIDS (300) and 300
/// from then on, for good: the numbers below 300 that early-boot tasks hold are never handed out again, so a
/// box has pid_max − 300 numbers to give, not pid_max (with pid_max = 1000, 700 tasks fill it). A number stays
/// taken while any task, process group or session uses it: a session whose leader exited still holds the
/// leader's number (each such group counts as one more PID in use).
/// </summary>
public static class PidSpace
{
    /// <summary>RESERVED_PIDS in include/linux/pid.h.</summary>
    public const int ReservedPids = 300;

    /// <param name="pidMax">kernel.pid_max of the reader's PID namespace.</param>
    /// <param name="lastPid">kernel.ns_last_pid (the last number handed out), when readable.</param>
    /// <param name="processes">Every visible process: pid (= tgid) and thread count, sorted by pid.</param>
    /// <param name="groupIds">Process-group and session IDs seen in /proc/PID/stat (0 = none).</param>
    /// <param name="taskIds">Lists a process's task IDs; null when it cannot (then all its tasks count by its pid).</param>
    public static PidUsage Count(long pidMax, long? lastPid, IReadOnlyList<(int Pid, int Threads)> processes,
        IReadOnlyCollection<int> groupIds, Func<int, IReadOnlyList<int>?> taskIds)
    {
        int maxPid = processes.Count > 0 ? processes[^1].Pid : 0;
        int lowest = (lastPid ?? maxPid) >= ReservedPids ? ReservedPids : 1;
        long usable = Math.Max(0, pidMax - lowest);

        // A thread's number only differs in range from its process's when the process predates the allocator
        // passing 300 (a pid below 300) or pid_max was lowered under running tasks: list tasks only then.
        bool lowered = maxPid >= pidMax || lastPid >= pidMax;
        bool InRange(long n) => n >= lowest && n < pidMax;

        long held = 0;
        foreach (var (pid, threads) in processes)
        {
            bool mixed = threads > 1 && (pid < lowest || lowered);
            if (mixed && taskIds(pid) is { } tids)
            {
                foreach (int tid in tids)
                {
                    held += InRange(tid) ? 1 : 0;
                }
            }
            else if (InRange(pid))
            {
                held += threads;
            }
        }

        int groups = 0;
        foreach (int id in groupIds)
        {
            if (id > 0 && InRange(id) && !ContainsPid(processes, id))
            {
                groups++;
            }
        }

        return new PidUsage(held + groups, usable, lowest, groups);
    }

    private static bool ContainsPid(IReadOnlyList<(int Pid, int Threads)> sorted, int pid)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int p = sorted[mid].Pid;
            if (p == pid)
            {
                return true;
            }

            if (p < pid)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return false;
    }
}
