namespace LimitTop.Core.Model;

/// <summary>A soft/hard resource-limit pair; <c>null</c> means unlimited.</summary>
public readonly record struct LimitPair(long? Soft, long? Hard)
{
    public static readonly LimitPair Unlimited = new(null, null);
}

/// <summary>The three limits of /proc/PID/limits the dashboard shows.</summary>
public sealed record ProcessLimits(LimitPair Nproc, LimitPair Nofile, LimitPair Sigpending);

/// <summary>One process (thread-group leader). Unknown values are null, never 0.</summary>
public sealed record ProcessSample
{
    public required int Pid { get; init; }
    public required int Ppid { get; init; }

    /// <summary>Real uid: the one RLIMIT_NPROC and SigQ are charged to.</summary>
    public required int Uid { get; init; }

    /// <summary>Effective uid (owner of /proc/PID, fd access, inotify).</summary>
    public required int Euid { get; init; }

    public required string User { get; init; }

    /// <summary>The command name (comm), control characters already escaped.</summary>
    public required string Name { get; init; }

    /// <summary>The command line, arguments joined by spaces, control characters escaped; empty for kernel threads.</summary>
    public required string Cmdline { get; init; }

    /// <summary>State letter from /proc/PID/stat: R S D Z T t X I …</summary>
    public required char State { get; init; }

    /// <summary>Tasks the kernel charges for this process (includes a zombie leader).</summary>
    public required int Threads { get; init; }

    /// <summary>Open file descriptors; null when not permitted or unreadable.</summary>
    public int? Fds { get; init; }

    /// <summary>Limits from /proc/PID/limits; null when unreadable. May be up to <see cref="LimitsAge"/> old.</summary>
    public ProcessLimits? Limits { get; init; }

    /// <summary>How old <see cref="Limits"/> is (limits are re-read at a slower cadence).</summary>
    public TimeSpan LimitsAge { get; init; }

    /// <summary>SigQ queued count (per user, as the kernel shows it in this process's status).</summary>
    public long? SigQueued { get; init; }

    /// <summary>pids cgroup path relative to its hierarchy root, e.g. "/user.slice/user-1000.slice"; null when unknown.</summary>
    public string? Cgroup { get; init; }

    /// <summary>1 or 2: which hierarchy <see cref="Cgroup"/> is in.</summary>
    public int? CgroupVersion { get; init; }

    public long RssBytes { get; init; }

    /// <summary>CPU use since the previous sample in percent of one core; null on the first sample of a process.</summary>
    public double? CpuPercent { get; init; }

    public bool IsKernelThread { get; init; }

    /// <summary>
    /// When the process lives in a nested user namespace: the uid owning that namespace at limittop's level.
    /// The kernel charges the process's tasks to that uid's RLIMIT_NPROC count, not to <see cref="Uid"/>.
    /// </summary>
    public int? UserNamespaceOwner { get; init; }

    /// <summary>
    /// Why the kernel lets this process fork past RLIMIT_NPROC: null, "uid 0", "CAP_SYS_ADMIN" or
    /// "CAP_SYS_RESOURCE" (<see cref="Limits.NprocExemption"/>).
    /// </summary>
    public string? NprocExempt { get; init; }

    /// <summary>Boot-relative start time in clock ticks; with Pid it identifies a process across samples.</summary>
    public ulong StartTicks { get; init; }

    /// <summary>Sockets held (fd → socket inode), or null when not counted.</summary>
    public int? Sockets { get; init; }

    /// <summary>
    /// True when <see cref="Sockets"/> is null because the count is not measured yet (the first sample defers the fd
    /// scan; a process that appeared since the last scan waits for the next): show it as pending, not unknown.
    /// </summary>
    public bool SocketsPending { get; init; }
}
