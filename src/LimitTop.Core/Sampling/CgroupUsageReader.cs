using LimitTop.Core.Cgroups;
using LimitTop.Core.Model;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Builds the <see cref="CgroupUsage"/> rows of a snapshot: the pids cgroups that hold processes and their
/// ancestors, each with its effective headroom (docs/kernel-limits.md §5), read through the shared
/// <see cref="CgroupFs"/>. Remembers each cgroup's first pids.events count to report rejections since start.
/// </summary>
public sealed class CgroupUsageReader
{
    private readonly CgroupFs _fs;
    private readonly Dictionary<(int, string), long> _eventsBaseline = [];

    public CgroupUsageReader(CgroupFs fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        _fs = fs;
    }

    public IReadOnlyList<CgroupUsage> Read(IReadOnlyList<ProcessSample> processes)
    {
        if (!_fs.Mounted)
        {
            return [];
        }

        var holders = new Dictionary<(int Version, string Path), int>();
        foreach (var p in processes)
        {
            if (p.Cgroup is { } path && p.CgroupVersion is { } v)
            {
                holders[(v, path)] = holders.GetValueOrDefault((v, path)) + 1;
            }
        }

        var files = new Dictionary<(int, string), PidsFiles?>();
        var result = new List<CgroupUsage>();
        var listed = new HashSet<(int, string)>();

        foreach (var ((version, path), count) in holders)
        {
            foreach (string ancestor in CgroupFs.SelfAndAncestors(path))
            {
                var key = (version, ancestor);
                if (listed.Contains(key))
                {
                    continue;
                }

                var own = Files(files, version, ancestor);
                if (own is null)
                {
                    continue;
                }

                bool holdsProcesses = holders.TryGetValue(key, out int procs);
                if (!holdsProcesses && own.Value.Max is null)
                {
                    continue;
                }

                listed.Add(key);
                result.Add(Build(files, version, ancestor, own.Value, procs));
            }
        }

        result.Sort((a, b) =>
        {
            long ha = a.EffectiveHeadroom ?? long.MaxValue, hb = b.EffectiveHeadroom ?? long.MaxValue;
            // Path breaks ties so the order does not depend on dictionary order (a slice and its only
            // service often share headroom and count).
            return ha != hb ? ha.CompareTo(hb)
                : a.PidsCurrent != b.PidsCurrent ? b.PidsCurrent.CompareTo(a.PidsCurrent)
                : string.CompareOrdinal(a.Path, b.Path);
        });
        return result;
    }

    private CgroupUsage Build(Dictionary<(int, string), PidsFiles?> files, int version, string path, PidsFiles own, int processes)
    {
        long? headroom = null;
        string? binding = null;
        foreach (string ancestor in CgroupFs.SelfAndAncestors(path))
        {
            if (Files(files, version, ancestor) is { Max: { } max } f)
            {
                long h = max - f.Current;
                if (headroom is null || h < headroom)
                {
                    headroom = h;
                    binding = ancestor;
                }
            }
        }

        long sinceStart = 0;
        if (own.Events is { } ev)
        {
            var key = (version, path);
            if (!_eventsBaseline.TryGetValue(key, out long baseline))
            {
                _eventsBaseline[key] = baseline = ev;
            }

            sinceStart = ev - baseline;
        }

        return new CgroupUsage
        {
            Path = path,
            Version = version,
            PidsCurrent = own.Current,
            PidsMax = own.Max,
            PidsPeak = own.Peak,
            EffectiveHeadroom = headroom,
            BindingPath = binding,
            ForkRejections = own.Events,
            ForkRejectionsSinceStart = sinceStart,
            ForkRejectionsLocal = own.EventsLocal,
            Processes = processes,
        };
    }

    private PidsFiles? Files(Dictionary<(int, string), PidsFiles?> cache, int version, string path)
    {
        if (cache.TryGetValue((version, path), out var f))
        {
            return f;
        }

        f = _fs.ReadPids(version, path);
        cache[(version, path)] = f;
        return f;
    }
}
