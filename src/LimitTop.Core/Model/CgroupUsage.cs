namespace LimitTop.Core.Model;

/// <summary>One pids cgroup (v1 or v2).</summary>
public sealed record CgroupUsage
{
    /// <summary>Path relative to the hierarchy root, e.g. "/system.slice/nginx.service".</summary>
    public required string Path { get; init; }

    /// <summary>1 for the v1 pids hierarchy, 2 for the unified hierarchy.</summary>
    public required int Version { get; init; }

    public required long PidsCurrent { get; init; }

    /// <summary>pids.max; null for "max".</summary>
    public long? PidsMax { get; init; }

    public long? PidsPeak { get; init; }

    /// <summary>min(max − current) over this cgroup and every ancestor; null when none has a limit.</summary>
    public long? EffectiveHeadroom { get; init; }

    /// <summary>The cgroup (this or an ancestor) whose limit gives <see cref="EffectiveHeadroom"/>.</summary>
    public string? BindingPath { get; init; }

    /// <summary>The <c>max</c> counter of pids.events (v2 on 6.11+: failures here or below).</summary>
    public long? ForkRejections { get; init; }

    /// <summary>Change of <see cref="ForkRejections"/> since limittop started watching this cgroup.</summary>
    public long ForkRejectionsSinceStart { get; init; }

    /// <summary>
    /// True in the sample where a cgroup made after limittop's first sample is first seen: every rejection its
    /// pids.events counts happened since start, so the whole count is new (not a baseline; issue 26).
    /// </summary>
    public bool CountsFromZero { get; init; }

    /// <summary>v2 only: pids.events.local <c>max</c> (failures caused by this cgroup's own limit).</summary>
    public long? ForkRejectionsLocal { get; init; }

    /// <summary>Processes of the snapshot whose pids cgroup is exactly this one.</summary>
    public int Processes { get; init; }
}
