using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Why;

/// <summary>What <c>--why</c> reads about the one process it explains (beyond the snapshot every process gets).</summary>
public sealed record TargetFacts
{
    public required int Pid { get; init; }
    public required StatusFields Status { get; init; }
    public required ulong StartTicks { get; init; }
    public required IReadOnlyDictionary<string, LimitPair> Limits { get; init; }

    /// <summary>The parent's limits, or null when it cannot be read (gone, or pid 0).</summary>
    public IReadOnlyDictionary<string, LimitPair>? ParentLimits { get; init; }

    /// <summary>Lines of /proc/PID/maps that are VMAs ([vsyscall] is not); null when maps cannot be read.</summary>
    public int? Mappings { get; init; }

    /// <summary>Bytes of private writable mappings: what fork() commits under strict overcommit.</summary>
    public long? PrivateWritableBytes { get; init; }

    /// <summary>The process's PID in each PID namespace it lives in, outermost (the reader's) first (NSpid:).</summary>
    public IReadOnlyList<int> NamespacePids { get; init; } = [];

    /// <summary>The v1 memory cgroup path, or the v2 path ("0::"), with its version; null when neither.</summary>
    public (int Version, string Path)? MemoryCgroup { get; init; }

    /// <summary>The name=systemd (v1) or unified (v2) cgroup path: where systemd placed the process.</summary>
    public string? SystemdCgroup { get; init; }

    /// <summary>Tasks grouped by /proc/PID/task/TID/comm, largest first; null when the task list cannot be read.</summary>
    public IReadOnlyList<ThreadGroup>? ThreadNames { get; init; }
}

/// <summary>"1,632 × .NET TP Worker".</summary>
public sealed record ThreadGroup(string Name, int Count);
