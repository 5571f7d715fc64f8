using LimitTop.Core.Model;

namespace LimitTop.Core.Metrics;

/// <summary>
/// Which processes get per-process series: the top N by threads and the top N by fd ratio (open fds over the soft
/// RLIMIT_NOFILE), so the cardinality stays at most 2 × N however many processes run.
/// </summary>
public static class ProcessSelection
{
    public static IReadOnlyList<ProcessSample> Top(IReadOnlyList<ProcessSample> processes, int n)
    {
        ArgumentNullException.ThrowIfNull(processes);
        if (n <= 0 || processes.Count == 0)
        {
            return [];
        }

        var byThreads = processes.OrderByDescending(p => p.Threads).ThenBy(p => p.Pid).Take(n);
        var byFds = processes.Where(p => Grades.NofilePercentOf(p) is not null)
            .OrderByDescending(p => Grades.NofilePercentOf(p)!.Value).ThenBy(p => p.Pid).Take(n);
        var result = new List<ProcessSample>(2 * n);
        var seen = new HashSet<int>();
        foreach (var p in byThreads.Concat(byFds))
        {
            if (seen.Add(p.Pid))
            {
                result.Add(p);
            }
        }

        result.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return result;
    }
}
