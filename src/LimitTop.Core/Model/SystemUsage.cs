namespace LimitTop.Core.Model;

/// <summary>System-wide counters and limits.</summary>
public sealed record SystemUsage
{
    public required string Hostname { get; init; }
    public required TimeSpan Uptime { get; init; }

    /// <summary>All tasks (kernel nr_threads, /proc/loadavg field 4 after '/').</summary>
    public required long Tasks { get; init; }

    public required long ThreadsMax { get; init; }

    /// <summary>
    /// PID numbers held in the range a new task is given one from (<see cref="PidsLowest"/> up to pid_max): one per
    /// task, plus one per process group or session that outlived its leader. See <see cref="Sampling.PidSpace"/>.
    /// </summary>
    public required long PidsUsed { get; init; }

    public required long PidMax { get; init; }

    /// <summary>Numbers a new task can be given at all: pid_max − <see cref="PidsLowest"/> (pid_max − 300 after boot).</summary>
    public long PidsUsable { get; init; }

    /// <summary>The lowest number handed out: 300 (RESERVED_PIDS) once the allocator has passed it, else 1.</summary>
    public int PidsLowest { get; init; } = 1;

    /// <summary>Numbers held only by a process group or session whose leader has exited (part of <see cref="PidsUsed"/>).</summary>
    public int PidsHeldByGroups { get; init; }

    /// <summary>Allocated file handles (file-nr first field, an approximate per-CPU counter).</summary>
    public required long OpenFiles { get; init; }

    public required long FileMax { get; init; }

    /// <summary>fs.nr_open: the ceiling for any hard RLIMIT_NOFILE.</summary>
    public long? NrOpen { get; init; }

    /// <summary>vm.overcommit_memory: 0 heuristic, 1 always, 2 strict.</summary>
    public int OvercommitMode { get; init; }

    public long? CommittedAsBytes { get; init; }
    public long? CommitLimitBytes { get; init; }

    /// <summary>All CPUs busy since the previous sample, 0–100 (/proc/stat deltas, as htop); null on the first sample.</summary>
    public double? CpuPercent { get; init; }

    /// <summary>MemTotal of /proc/meminfo.</summary>
    public long? MemTotalBytes { get; init; }

    /// <summary>MemAvailable of /proc/meminfo: what can be allocated without swapping; used = total − available.</summary>
    public long? MemAvailableBytes { get; init; }

    public double LoadAverage1 { get; init; }
    public double LoadAverage5 { get; init; }
    public double LoadAverage15 { get; init; }

    /// <summary>Processes (thread-group leaders) visible in /proc.</summary>
    public int Processes { get; init; }
}
