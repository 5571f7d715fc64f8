using LimitTop.Core.Model;
using LimitTop.Core.Analysis;
using LimitTop.Core.Native;

namespace LimitTop.Core.Why;

/// <summary>Which check of copy_process() a <see cref="WhyCheck"/> is (docs/kernel-limits.md, "check order").</summary>
public enum CheckKind
{
    Nproc,
    ThreadsMax,
    PidNumbers,
    PidsCgroup,
    CommitMemory,
    MemoryCgroup,
    AddressSpace,
    MapCount,
}

/// <summary>
/// One check the kernel makes when this process creates a task. <see cref="Used"/> and <see cref="Max"/> are in
/// <see cref="Unit"/>; <see cref="Headroom"/> is in tasks: how many more this check lets the process create
/// (for a memory check: what is left divided by <see cref="PerTask"/>). Null Max = no limit.
/// </summary>
public sealed record WhyCheck
{
    public required CheckKind Kind { get; init; }

    /// <summary>"RLIMIT_NPROC", "threads-max", "pids.max /system.slice/x.service", "pid_max", …</summary>
    public required string Name { get; init; }

    public required string Unit { get; init; }
    public long? Used { get; init; }
    public long? Max { get; init; }

    /// <summary>What one more task costs in <see cref="Unit"/> (1 for counts).</summary>
    public long PerTask { get; init; } = 1;

    public long? Headroom { get; init; }

    /// <summary>False when the check does not constrain this process (exempt, no limit, mode not strict).</summary>
    public required bool Applies { get; init; }

    /// <summary>Why it does not apply, or a note on how it applies.</summary>
    public string? Note { get; init; }

    /// <summary>The errno the kernel (or glibc for a thread) returns when this check fails.</summary>
    public string Errno { get; init; } = "EAGAIN";

    /// <summary>A pids cgroup check's cgroup as the admin knows it ("container ltc1 (podman)", "nginx.service"); null when only its path names it.</summary>
    public string? Label { get; init; }
}

/// <summary>Where one limit of the process came from, in words, with the file and line that decide it.</summary>
/// <param name="Limit">"nproc", "nofile", "sigpending", "TasksMax".</param>
public sealed record LimitOrigin(string Limit, long? Current, string Source, string? File = null, int? Line = null, long? NewLogin = null);

/// <summary>The systemd unit whose cgroup holds the process, and the setting that governs its limits.</summary>
public sealed record UnitInfo(string Unit, string Kind, string TasksSetting, string? TasksFile, string NprocSetting, string? NprocFile);

/// <summary>Everything <c>--why PID</c> says about one process; the dashboard's why panel (Enter) shows the same object.</summary>
public sealed record Explanation
{
    public required int Pid { get; init; }
    public required string Name { get; init; }
    public required int Uid { get; init; }
    public required string User { get; init; }
    public required int Threads { get; init; }

    /// <summary>Its start time (field 22 of /proc/PID/stat): a PID reused by a new process has another one.</summary>
    public ulong StartTicks { get; init; }

    public string? NprocExempt { get; init; }

    /// <summary>The checks in copy_process() order.</summary>
    public required IReadOnlyList<WhyCheck> Checks { get; init; }

    /// <summary>The applying check with the least headroom; null when none limits the process.</summary>
    public WhyCheck? Binding { get; init; }

    public bool NextForkFails => Binding?.Headroom is <= 0;

    public required string Sentence { get; init; }

    public IReadOnlyList<LimitOrigin> Origins { get; init; } = [];
    public UnitInfo? Unit { get; init; }

    /// <summary>Lines pam_limits skips (malformed, unreadable files), "file:line: problem".</summary>
    public IReadOnlyList<string> ConfigIssues { get; init; } = [];

    /// <summary>"inherited" (equal to the parent's), "changed after start" or "parent unreadable".</summary>
    public required string Inheritance { get; init; }

    public IReadOnlyList<ThreadGroup>? ThreadNames { get; init; }

    /// <summary>Copies of the same program (user, name, argv[0]) and the tasks they hold together; null when alone.</summary>
    public CulpritGroup? Copies { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The container the process runs in (its cgroup named, docs/container-names.md); null for the host's processes.</summary>
    public CgroupName? Container { get; init; }
    /// <summary>Whether the refusal witness ran for the snapshot explained against, and why not; null when it did not run.</summary>
    public WitnessStatus? Witness { get; init; }

    /// <summary>This process's refusals in the last 60 s (count, limit, errno); null when none were witnessed.</summary>
    public ProcessRefusals? Refused { get; init; }

    /// <summary>Its recent per-second refusal groups, newest first.</summary>
    public IReadOnlyList<RefusalEvent> RecentRefusals { get; init; } = [];
}
