using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Witness;

/// <summary>What was read about one refused task creation, as soon as its trace line was.</summary>
/// <param name="Task">/proc/TID/status of the asker; null when it had already exited.</param>
/// <param name="NprocSoft">Soft RLIMIT_NPROC of the asker's process (null: unlimited or unreadable).</param>
/// <param name="UserTasks">Tasks of the asker's real uid now (from the latest snapshot, or a scan).</param>
/// <param name="NrThreads">All tasks of the system (/proc/loadavg field 4 after '/').</param>
public readonly record struct RefusalFacts(
    AskerStatus? Task, long? NprocSoft, long? UserTasks, long? NrThreads, long? ThreadsMax, long? PidMax);

/// <summary>The limit that refused, and the pids cgroup when it was one.</summary>
public readonly record struct Attribution(string Limit, string? Cgroup);

/// <summary>
/// Decides which limit refused a task creation, in the kernel's own order (docs/kernel-limits.md §1 and
/// "Attributing a refused task creation"): the state is read just after the refusal, so a limit is named only
/// when the state still shows it; otherwise the answer is <c>unknown (ERRNO)</c>, never a guess.
/// </summary>
public static class RefusalDecider
{
    /// <summary>PIDs below this are not handed out again once the counter wraps (RESERVED_PIDS, §4).</summary>
    public const long ReservedPids = 300;

    /// <summary>How far below a system-wide limit the task count may be read after a refusal: 1 %, at least 16 tasks.</summary>
    public static long SystemSlack(long limit) => Math.Max(16, limit / 100);

    /// <param name="cgroupThatMoved">Asked only when the earlier limits do not explain an EAGAIN: the pids cgroup
    /// on the asker's path whose pids.events moved and has a refusal not yet accounted for, or null.</param>
    public static Attribution Decide(int errno, in RefusalFacts f, Func<string?> cgroupThatMoved)
    {
        switch (errno)
        {
            case Errno.EAGAIN:
                return DecideEagain(f, cgroupThatMoved);
            case Errno.ENOMEM:
                // task_struct or stack, copy_mm, strict overcommit, the memory cgroup, a dying PID namespace (§1, §5)
                return new Attribution(RefusalLimits.Memory, null);
            case Errno.EPERM:
                // Seccomp: 2 is a filter, which can return any errno for clone/clone3; otherwise an LSM or privilege.
                return f.Task is { } t
                    ? new Attribution(t.Seccomp == 2 ? RefusalLimits.Seccomp : RefusalLimits.Lsm, null)
                    : new Attribution(RefusalLimits.Unknown(errno), null);
            case Errno.ENOSPC:
                // a user namespace count at /proc/sys/user/max_*_namespaces, or PID namespace nesting
                return new Attribution(RefusalLimits.Namespaces, null);
            default:
                return new Attribution(RefusalLimits.Name(errno), null);
        }
    }

    private static Attribution DecideEagain(in RefusalFacts f, Func<string?> cgroupThatMoved)
    {
        // 1. copy_creds: the real uid's task count against the asker's soft RLIMIT_NPROC, unless exempt (§2).
        if (f.Task is { } t && !t.NprocExempt && f.NprocSoft is { } soft && f.UserTasks is { } tasks && tasks >= soft)
        {
            return new Attribution(RefusalLimits.Nproc, null);
        }

        // 2. cgroup_can_fork: a pids cgroup whose pids.events counted a refusal not yet blamed on it (§5). Asked
        // before the system-wide checks below although the kernel checks it after them: its counter is evidence
        // that those checks passed for that refusal, while the task count below is read a moment too late.
        if (f.Task is not null && cgroupThatMoved() is { } cgroup)
        {
            return new Attribution(RefusalLimits.PidsCgroup, cgroup);
        }

        // 3. nr_threads >= threads-max (§3; root is not exempt). Tasks exit between the refusal and this read (no
        // task can be created meanwhile), so the count may be a little lower: within SystemSlack of the limit.
        if (f.NrThreads is { } n && f.ThreadsMax is { } tmax && n >= tmax - SystemSlack(tmax))
        {
            return new Attribution(RefusalLimits.ThreadsMax, null);
        }

        // 4. alloc_pid: no free number in [300, pid_max) (§4). All tasks hold a number, so this needs at least
        // pid_max − 300 of them.
        if (f.NrThreads is { } n2 && f.PidMax is { } pmax && n2 >= pmax - ReservedPids - SystemSlack(pmax))
        {
            return new Attribution(RefusalLimits.PidMax, null);
        }

        return new Attribution(RefusalLimits.Unknown(Errno.EAGAIN), null);
    }
}
