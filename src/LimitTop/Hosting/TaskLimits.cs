using System.Globalization;
using LimitTop.Core.Procfs;

namespace LimitTop.Hosting;

/// <summary>
/// Which task limit binds limittop itself, from what limittop reads about itself: its own RLIMIT_NPROC
/// (/proc/self/limits) against its real uid's tasks, kernel.threads-max against all tasks (/proc/loadavg), and
/// pids.max of its pids cgroup and that cgroup's ancestors (docs/kernel-limits.md explains each count). Used
/// when a thread was refused at start-up, to name the limit in the status bar or in the one-line error.
/// </summary>
internal static class TaskLimits
{
    /// <summary>A spent limit within this many tasks is named as the cause.</summary>
    private const long NearlySpent = 16;

    /// <summary>"RLIMIT_NPROC of uid 1000: 3,859 of 3,859" — the limit with the least room, or null if none is near.</summary>
    public static string? Binding(string proc = "/proc", string sys = "/sys")
    {
        var candidates = new List<(long Room, string Text)>();
        try
        {
            Nproc(proc, candidates);
            ThreadsMax(proc, candidates);
            Cgroup(proc, sys, candidates);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // what could be read is still worth naming
        }

        var best = candidates.OrderBy(c => c.Room).FirstOrDefault();
        return best.Text is not null && best.Room <= NearlySpent ? best.Text : null;
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static void Nproc(string proc, List<(long, string)> into)
    {
        if (!StatusParser.TryParse(File.ReadAllBytes(proc + "/self/status"), out var self) || self.RealUid == 0)
        {
            return; // root is exempt from RLIMIT_NPROC
        }

        if (!LimitsParser.TryParse(File.ReadAllBytes(proc + "/self/limits"), out var limits) || limits!.Nproc.Soft is not { } soft)
        {
            return;
        }

        long tasks = 0;
        foreach (var dir in Directory.EnumerateDirectories(proc))
        {
            string name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            try
            {
                if (StatusParser.TryParse(File.ReadAllBytes(dir + "/status"), out var st) && st.RealUid == self.RealUid)
                {
                    tasks += st.Threads;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }

        into.Add((soft - tasks, $"RLIMIT_NPROC of uid {self.RealUid}: {N(tasks)} of {N(soft)}"));
    }

    private static void ThreadsMax(string proc, List<(long, string)> into)
    {
        long max = long.Parse(File.ReadAllText(proc + "/sys/kernel/threads-max").Trim(), CultureInfo.InvariantCulture);
        string[] load = File.ReadAllText(proc + "/loadavg").Split(' ');
        long all = long.Parse(load[3][(load[3].IndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        into.Add((max - all, $"kernel.threads-max: {N(all)} of {N(max)} tasks"));
    }

    private static void Cgroup(string proc, string sys, List<(long, string)> into)
    {
        bool v2HasPids = File.Exists(sys + "/fs/cgroup/cgroup.controllers") && File.ReadAllText(sys + "/fs/cgroup/cgroup.controllers").Contains("pids", StringComparison.Ordinal);
        if (!CgroupParser.TryFindPids(File.ReadAllBytes(proc + "/self/cgroup"), v2HasPids, out var cg))
        {
            return;
        }

        string root = cg.Version == 1 ? sys + "/fs/cgroup/pids" : sys + "/fs/cgroup";
        for (string path = cg.Path; path.Length > 0; path = path == "/" ? "" : Path.GetDirectoryName(path) ?? "")
        {
            string dir = root + (path == "/" ? "" : path);
            string maxText = File.Exists(dir + "/pids.max") ? File.ReadAllText(dir + "/pids.max").Trim() : "max";
            if (maxText != "max" && long.TryParse(maxText, CultureInfo.InvariantCulture, out long max)
                && long.TryParse(File.ReadAllText(dir + "/pids.current").Trim(), CultureInfo.InvariantCulture, out long current))
            {
                into.Add((max - current, $"pids cgroup {path}: {N(current)} of {N(max)} tasks"));
            }
        }
    }
}
