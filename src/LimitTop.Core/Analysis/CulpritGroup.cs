using System.Globalization;
using LimitTop.Core.Model;

namespace LimitTop.Core.Analysis;

/// <summary>
/// Several copies of one program, as the admin thinks of them: the same real uid, command name and executable
/// (argv[0] of the command line, the kill dialog's "same command" rule, already read each slow tick; reading /proc/PID/exe for every process would
/// cost a readlink each and fails for other users' processes as non-root).
/// </summary>
/// <param name="Copies">Processes in the group.</param>
/// <param name="Tasks">Their tasks together.</param>
/// <param name="Largest">The copy with the most tasks.</param>
public sealed record CulpritGroup(string Name, string User, int Copies, long Tasks, ProcessSample Largest)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The group holding most tasks among <paramref name="processes"/> that <paramref name="member"/> admits.</summary>
    public static CulpritGroup? Find(IEnumerable<ProcessSample> processes, Func<ProcessSample, bool> member)
    {
        var groups = new Dictionary<(int, string, string), (int Copies, long Tasks, ProcessSample Top)>();
        foreach (var p in processes)
        {
            if (p.IsKernelThread || !member(p))
            {
                continue;
            }

            var key = (p.Uid, p.Name, Argv.First(p.Cmdline));
            var g = groups.GetValueOrDefault(key);
            groups[key] = (g.Copies + 1, g.Tasks + p.Threads, g.Top is null || p.Threads > g.Top.Threads ? p : g.Top);
        }

        CulpritGroup? best = null;
        foreach (var ((_, name, _), g) in groups)
        {
            if (best is null || g.Tasks > best.Tasks || (g.Tasks == best.Tasks && g.Top.Pid < best.Largest.Pid))
            {
                best = new CulpritGroup(name, g.Top.User, g.Copies, g.Tasks, g.Top);
            }
        }

        return best;
    }

    /// <summary>"; myapp ×10 (user bob) holds 3,849 of 3,859 tasks; the largest, pid 31614, has 1,038 threads".</summary>
    public string Describe(long? of) => string.Format(Inv, "; {0} ×{1} (user {2}) holds {3:N0}{4} {5}; the largest, pid {6}, has {7}",
        Name, Copies, User, Tasks, of is { } o ? " of " + o.ToString("N0", Inv) : "", of is null && Tasks == 1 ? "task" : "tasks",
        Largest.Pid, Text.Figures.Plural(Largest.Threads, "thread"));
}
