using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>
/// Turns the <c>max</c> counters of <c>pids.events</c> that the sampler already reads each tick (CgroupUsage.
/// ForkRejections, and ForkRejectionsLocal from <c>pids.events.local</c> on v2) into fork-rejected events: an
/// increase since the previous tick is one event with the number of refused forks and the process holding the
/// most tasks in that cgroup (or below it) at that moment. On v2 the local counter is used when present: it
/// counts the forks this cgroup's own limit refused, where the hierarchical one also counts its children's. A
/// cgroup seen for the first time gives its baseline, not an event — unless it was made after the first sample
/// (<see cref="CgroupUsage.CountsFromZero"/>). Cgroups that vanish are forgotten.
/// </summary>
public sealed class ForkEvents
{
    private readonly Dictionary<(int Version, string Path), (long Count, long Tick)> _last = [];
    private long _tick;

    public void Observe(Snapshot s, EventLog log)
    {
        _tick++;
        foreach (var c in s.Cgroups)
        {
            if ((c.ForkRejectionsLocal ?? c.ForkRejections) is not { } count)
            {
                continue;
            }

            var key = (c.Version, c.Path);
            // A cgroup seen for the first time gives its baseline, unless it was made after limittop started
            // (CountsFromZero): then its whole count is new — a fresh container refused in its first second.
            if (_last.TryGetValue(key, out var prev) ? count > prev.Count : c.CountsFromZero && count > 0)
            {
                var top = Analysis.DiagnosisBuilder.TopIn(s.Processes, c);
                log.Add(new TrendEvent(s.TakenAt, TrendEvent.ForkRejected, Scope.Cgroup(c.Path), LimitKind.PidsMax,
                    count - prev.Count, top?.Pid, top?.Name));
            }

            _last[key] = (count, _tick);
        }

        if (_last.Count > s.Cgroups.Count)
        {
            foreach (var (key, v) in _last)
            {
                if (v.Tick != _tick)
                {
                    _last.Remove(key); // allowed while enumerating a Dictionary (.NET Core 3.0+)
                }
            }
        }
    }
}
