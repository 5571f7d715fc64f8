using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Hosting;

/// <summary>
/// Which task limit binds limittop itself: its own RLIMIT_NPROC against its real uid's tasks (the count the kernel
/// charges, user namespaces included), kernel.threads-max against all tasks, and pids.max of its pids cgroup and
/// that cgroup's ancestors — read by one sample of the same sampler as every figure on the screen, on the same
/// --proc/--sys roots (docs/kernel-limits.md §2, §3, §5). Used when a thread was refused at start-up, to name the
/// limit in the status bar or in the one-line error.
/// </summary>
internal static class TaskLimits
{
    /// <summary>A spent limit within this many tasks is named as the cause.</summary>
    private const long NearlySpent = 16;

    /// <summary>"RLIMIT_NPROC of uid 1000: 3,859 of 3,859" — the limit with the least room, or null if none is near.</summary>
    public static string? Binding(ProcRoot? root = null)
    {
        root ??= ProcRoot.Default;
        Snapshot s;
        try
        {
            using var sampler = new Sampler(root, new SamplerOptions { ReadFds = false, Sockets = null });
            sampler.Needs = ReadNeeds.None;
            s = sampler.Sample();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // nothing could be read: no limit to name
        }

        var candidates = new List<(long Room, string Text)>
        {
            (s.System.ThreadsMax - s.System.Tasks, $"kernel.threads-max: {N(s.System.Tasks)} of {N(s.System.ThreadsMax)} tasks"),
        };
        int selfPid = SelfPid(root);
        if (s.Processes.FirstOrDefault(p => p.Pid == selfPid) is { } self)
        {
            if (s.Users.FirstOrDefault(u => u.Uid == self.Uid) is { Exempt: false } user && self.Limits?.Nproc.Soft is { } soft)
            {
                candidates.Add((soft - user.ChargedTasks, $"RLIMIT_NPROC of uid {self.Uid}: {N(user.ChargedTasks)} of {N(soft)}"));
            }

            foreach (var c in s.Cgroups)
            {
                if (c.PidsMax is { } max && self.Cgroup is { } mine && c.Version == self.CgroupVersion && Core.Actions.KillTargets.IsSameOrBelow(mine, c.Path))
                {
                    candidates.Add((max - c.PidsCurrent, $"pids cgroup {c.Path}: {N(c.PidsCurrent)} of {N(max)} tasks"));
                }
            }
        }

        var best = candidates.MinBy(c => c.Room);
        return best.Room <= NearlySpent ? best.Text : null;
    }

    /// <summary>limittop's pid as the proc root names it: its "self" link, or this process on a tree without one.</summary>
    private static int SelfPid(ProcRoot root)
    {
        try
        {
            return new FileInfo(Path.Combine(root.Proc, "self")).LinkTarget is { } target
                && int.TryParse(Path.GetFileName(target), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                ? pid : Environment.ProcessId;
        }
        catch (IOException)
        {
            return Environment.ProcessId;
        }
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
