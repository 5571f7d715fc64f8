using LimitTop.Core.Cgroups;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Why;

/// <summary>
/// The checks copy_process() makes for a new task of one process, in the kernel's order (docs/kernel-limits.md):
/// RLIMIT_NPROC (copy_creds), threads-max, the memory a task needs (copy_mm: commit, RLIMIT_AS, map count;
/// the memory cgroup), PID numbers (alloc_pid) and the pids cgroups (cgroup_can_fork).
/// </summary>
public static class ChecksBuilder
{
    /// <summary>glibc's default thread stack when RLIMIT_STACK is unlimited (ARCH_STACK_DEFAULT_SIZE on x86-64).</summary>
    public const long UnlimitedStackDefault = 2 * 1024 * 1024;

    private const long Page = 4096;

    /// <summary>What a new task costs a memory cgroup: its 16 KiB kernel stack and a first page of user stack (an estimate).</summary>
    public const long TaskMemoryCharge = 16 * 1024 + Page;

    public static List<WhyCheck> Build(TargetFacts t, Snapshot snap, ProcessSample? sample, string? exempt, FileReader proc, FileReader? sys, CgroupFs cgroups)
    {
        var checks = new List<WhyCheck> { Nproc(t, snap, sample, exempt) };
        var s = snap.System;
        checks.Add(new WhyCheck
        {
            Kind = CheckKind.ThreadsMax, Name = LimitNames.ThreadsMax, Unit = "tasks", Used = s.Tasks, Max = Known(s.ThreadsMax),
            Headroom = s.ThreadsMax > 0 ? s.ThreadsMax - s.Tasks : null, Applies = s.ThreadsMax > 0,
            Note = "all tasks of the system, root and kernel threads included",
        });

        long stack = t.Limits.TryGetValue(LimitsParser.Stack, out var st) && st.Soft is { } ss ? ss : UnlimitedStackDefault;
        long threadCost = stack + Page; // the stack and its guard page
        checks.Add(Commit(t, s, threadCost));
        if (MemoryCgroup(t, sys) is { } mem)
        {
            checks.Add(mem);
        }

        var asLimit = t.Limits.GetValueOrDefault(LimitsParser.AddressSpace);
        long? vm = t.Status.VmSizeKb * 1024;
        checks.Add(new WhyCheck
        {
            Kind = CheckKind.AddressSpace, Name = "RLIMIT_AS", Unit = "bytes", Used = vm, Max = asLimit.Soft, PerTask = threadCost,
            Headroom = asLimit.Soft is { } a && vm is { } v ? Math.Max(0, a - v) / threadCost : null,
            Applies = asLimit.Soft is not null, Note = asLimit.Soft is null ? "unlimited" : "VmSize plus one thread stack (RLIMIT_STACK) per thread",
        });

        long? mapMax = proc.TryReadLong("sys/vm/max_map_count", out long? mm) ? mm : null;
        checks.Add(new WhyCheck
        {
            Kind = CheckKind.MapCount, Name = "vm.max_map_count", Unit = "mappings", Used = t.Mappings, Max = mapMax, PerTask = 2,
            Headroom = mapMax is { } m && t.Mappings is { } n ? Math.Max(0, m - n) / 2 : null,
            Applies = mapMax is not null && t.Mappings is not null,
            Note = t.Mappings is null ? "maps unreadable" : "a thread adds 2 mappings (stack and guard page)",
        });

        checks.Add(new WhyCheck
        {
            Kind = CheckKind.PidNumbers, Name = LimitNames.PidMax, Unit = "PIDs", Used = s.PidsUsed, Max = Known(s.PidsUsable),
            Headroom = s.PidsUsable > 0 ? s.PidsUsable - s.PidsUsed : null, Applies = s.PidsUsable > 0,
            Note = (s.PidsLowest > 1 ? $"pid_max {s.PidMax:N0} minus the {s.PidsLowest} kept for boot" : $"pid_max {s.PidMax:N0}")
                + (t.NamespacePids.Count > 1 ? $"; it also lives in {t.NamespacePids.Count - 1} nested PID namespace(s) (pid {t.NamespacePids[^1]} there), whose own pid_max is not visible from here" : ""),
        });

        checks.AddRange(PidsCgroups(sample, cgroups));
        return checks;
    }

    private static WhyCheck Nproc(TargetFacts t, Snapshot snap, ProcessSample? sample, string? exempt)
    {
        int charged = sample?.UserNamespaceOwner ?? t.Status.RealUid;
        var user = snap.Users.FirstOrDefault(u => u.Uid == charged);
        long? soft = t.Limits[LimitsParser.Nproc].Soft;
        long? used = user?.ChargedTasks;
        string note = exempt is not null
            ? $"exempt: {exempt}"
            : sample?.UserNamespaceOwner is { } owner
                ? $"in a user namespace owned by uid {owner}: its tasks are charged to uid {owner} at this level"
                : soft is null ? "unlimited" : "its own soft limit against every task of its real uid";
        return new WhyCheck
        {
            Kind = CheckKind.Nproc, Name = "RLIMIT_NPROC", Unit = "tasks", Used = used, Max = soft,
            Headroom = soft is { } l && used is { } u ? l - u : null,
            Applies = exempt is null && soft is not null && used is not null, Note = note,
        };
    }

    private static WhyCheck Commit(TargetFacts t, SystemUsage s, long threadCost)
    {
        bool strict = s.OvercommitMode == 2 && s.CommitLimitBytes is not null && s.CommittedAsBytes is not null;
        long? left = strict ? s.CommitLimitBytes - s.CommittedAsBytes : null;
        string fork = t.PrivateWritableBytes is { } pw ? $"; a fork commits its {pw / (1024 * 1024):N0} MiB of private writable memory" + (left < pw ? " — more than is left: fork() fails with ENOMEM" : "") : "";
        return new WhyCheck
        {
            Kind = CheckKind.CommitMemory, Name = "CommitLimit", Unit = "bytes", Used = s.CommittedAsBytes, Max = strict ? s.CommitLimitBytes : null,
            PerTask = threadCost, Headroom = left is { } l ? Math.Max(0, l) / threadCost : null, Applies = strict,
            Note = strict ? "strict overcommit: Committed_AS against CommitLimit, one thread stack per thread" + fork
                : $"vm.overcommit_memory is {s.OvercommitMode}, not 2 (strict)",
        };
    }

    private static WhyCheck? MemoryCgroup(TargetFacts t, FileReader? sys)
    {
        if (t.MemoryCgroup is not { } cg || sys is null)
        {
            return null;
        }

        string dir = (cg.Version == 1 ? "fs/cgroup/memory" : sys.Exists("fs/cgroup/cgroup.controllers") ? "fs/cgroup" : "fs/cgroup/unified") + cg.Path.TrimEnd('/');
        string limitFile = cg.Version == 1 ? "/memory.limit_in_bytes" : "/memory.max";
        string usageFile = cg.Version == 1 ? "/memory.usage_in_bytes" : "/memory.current";
        if (!sys.TryReadLong(dir + limitFile, out long? limit) || !sys.TryReadLong(dir + usageFile, out long? usage))
        {
            return null;
        }

        if (limit is >= 1L << 62)
        {
            limit = null; // v1 writes "no limit" as PAGE_COUNTER_MAX pages
        }

        return new WhyCheck
        {
            Kind = CheckKind.MemoryCgroup, Name = "memory cgroup " + cg.Path, Unit = "bytes", Used = usage, Max = limit,
            PerTask = TaskMemoryCharge, Headroom = limit is { } l && usage is { } u ? Math.Max(0, l - u) / TaskMemoryCharge : null,
            Applies = limit is not null, Errno = "ENOMEM",
            Note = limit is null ? "no limit" : "a task's kernel stack and first stack page (an estimate; the reclaimable cache can make room)",
        };
    }

    private static IEnumerable<WhyCheck> PidsCgroups(ProcessSample? sample, CgroupFs cgroups)
    {
        if (sample?.Cgroup is not { } path || sample.CgroupVersion is not { } version || !cgroups.Mounted)
        {
            yield break;
        }

        foreach (string cg in CgroupFs.SelfAndAncestors(path))
        {
            if (cgroups.ReadPids(version, cg) is not { } pids)
            {
                continue;
            }

            long? max = pids.Max;
            yield return new WhyCheck
            {
                Kind = CheckKind.PidsCgroup, Name = "pids " + cg, Unit = "tasks", Used = pids.Current, Max = max,
                Headroom = max - pids.Current, Applies = max is not null,
                Note = (max is null ? "pids.max is max" : "pids.max") + $" (cgroup v{version})" + (SystemdUnits.IsUnit(cg) ? ", TasksMax= of " + SystemdUnits.LastSegment(cg) : ""),
            };
        }
    }

    private static long? Known(long v) => v > 0 ? v : null;
}
