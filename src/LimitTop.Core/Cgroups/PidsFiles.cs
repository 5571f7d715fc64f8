namespace LimitTop.Core.Cgroups;

/// <summary>
/// The pids-controller files of one cgroup as read in one go (docs/kernel-limits.md §5): <c>pids.current</c>,
/// <c>pids.max</c> (null = "max", unlimited), <c>pids.peak</c> (6.1+), the <c>max</c> line of <c>pids.events</c> and,
/// on v2 kernels that have it, of <c>pids.events.local</c>. Null fields were absent or unreadable.
/// </summary>
public readonly record struct PidsFiles(long Current, long? Max, long? Peak, long? Events, long? EventsLocal);
