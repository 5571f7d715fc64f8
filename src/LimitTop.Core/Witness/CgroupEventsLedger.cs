using LimitTop.Core.Cgroups;

namespace LimitTop.Core.Witness;

/// <summary>
/// Accounts each pids cgroup's <c>pids.events</c> "max" counter against the refusals attributed to it, so that
/// no more EAGAINs are blamed on a cgroup than its counter moved (one refused fork counts once, §5). A cgroup
/// first seen while it or an ancestor is at its pids.max counts from zero (a cgroup born at its limit refuses
/// before anyone saw it, §17); one first seen below its limit counts from its current value.
/// </summary>
internal sealed class CgroupEventsLedger(CgroupFs cgroups)
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<(int Version, string Path), long> _accounted = [];
    private readonly Dictionary<(int Version, string Path), long?> _readThisDrain = [];

    public void BeginDrain() => _readThisDrain.Clear();

    /// <summary>The cgroup on <paramref name="path"/> (self, then ancestors) with a refusal not yet accounted for; it is then accounted.</summary>
    public string? TakeMoved(int version, string path)
    {
        foreach (string p in CgroupFs.SelfAndAncestors(path))
        {
            var key = (version, p);
            if (Events(key) is not { } now)
            {
                continue;
            }

            if (!_accounted.TryGetValue(key, out long accounted))
            {
                if (_accounted.Count >= MaxEntries)
                {
                    _accounted.Clear();
                }

                accounted = AtMaxOnPath(version, p) ? 0 : now;
            }

            if (now > accounted)
            {
                _accounted[key] = accounted + 1;
                return p;
            }

            _accounted[key] = accounted;
        }

        return null;
    }

    private long? Events((int Version, string Path) key)
    {
        if (!_readThisDrain.TryGetValue(key, out long? events))
        {
            events = cgroups.TryReadEventsMax(key.Version, key.Path, local: false, out long max) ? max : null;
            _readThisDrain[key] = events;
        }

        return events;
    }

    private bool AtMaxOnPath(int version, string path)
    {
        foreach (string p in CgroupFs.SelfAndAncestors(path))
        {
            if (cgroups.ReadPids(version, p) is { Max: { } max } files && files.Current >= max)
            {
                return true;
            }
        }

        return false;
    }
}
