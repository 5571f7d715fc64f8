namespace LimitTop.Core.Model;

/// <summary>Range of a soft limit across a user's processes; a null bound means unlimited.</summary>
public readonly record struct LimitRange(long? Min, long? Max)
{
    /// <summary>No limit of any of the user's processes could be read (distinct from "unlimited everywhere").</summary>
    public static readonly LimitRange Unknown = new(null, null) { Known = false };

    public bool Known { get; init; } = true;
}

/// <summary>The process of a user whose fd count is closest to its own soft RLIMIT_NOFILE.</summary>
public sealed record NofileHolder(int Pid, string Name, int Fds, long? Soft);

/// <summary>Per real-uid totals, as RLIMIT_NPROC and RLIMIT_SIGPENDING count them.</summary>
public sealed record UserUsage
{
    public required int Uid { get; init; }
    public required string Name { get; init; }

    /// <summary>Sum of Threads: of every process whose real uid is this uid (zombies and kernel threads included).</summary>
    public required int Tasks { get; init; }

    public required int Processes { get; init; }

    /// <summary>
    /// Tasks in user namespaces this uid owns. The kernel charges them to this uid as well (at every level of
    /// nesting), so they count against its RLIMIT_NPROC although `ps` shows them under their mapped uids.
    /// </summary>
    public int UserNamespaceTasks { get; init; }

    /// <summary>
    /// What the kernel's RLIMIT_NPROC counter for this uid holds: its tasks in limittop's namespace plus
    /// <see cref="UserNamespaceTasks"/>. Equals <see cref="Tasks"/> when no user namespaces are involved.
    /// </summary>
    public int ChargedTasks
    {
        get => _chargedTasks ?? Tasks;
        init => _chargedTasks = value;
    }

    private readonly int? _chargedTasks;

    /// <summary>Real uid 0 is exempt from RLIMIT_NPROC.</summary>
    public required bool Exempt { get; init; }

    /// <summary>Soft RLIMIT_NPROC range among the user's processes whose limits could be read.</summary>
    public required LimitRange Nproc { get; init; }

    /// <summary>Lowest soft nproc limit minus <see cref="ChargedTasks"/>; null when unlimited, unknown or exempt.</summary>
    public long? NprocHeadroom { get; init; }

    /// <summary>Signals queued for this user (SigQ first field).</summary>
    public long? SigQueued { get; init; }

    public required LimitRange Sigpending { get; init; }

    public NofileHolder? WorstNofile { get; init; }

    /// <summary>The user's process with the most threads.</summary>
    public int? TopPid { get; init; }

    // How close the user is to each of its limits, derived here once: the diagnosis's findings and the grades
    // (the Users panel's ranking and colours) both read these.

    /// <summary><see cref="ChargedTasks"/> against the lowest soft RLIMIT_NPROC, in %; null when exempt, unlimited or unknown.</summary>
    public double? NprocPercent => Exempt ? null : Severities.Percent(ChargedTasks, Nproc.Min);

    /// <summary>Queued signals against the lowest soft RLIMIT_SIGPENDING, in %; null when either is unknown.</summary>
    public double? SigpendingPercent => SigQueued is { } q ? Severities.Percent(q, Sigpending.Min) : null;

    /// <summary>The fullest process's fds against its soft RLIMIT_NOFILE, in %; null when unknown or unlimited.</summary>
    public double? NofilePercent => WorstNofile is { Soft: { } soft } w ? Severities.Percent(w.Fds, soft) : null;
}
