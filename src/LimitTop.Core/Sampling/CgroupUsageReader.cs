using LimitTop.Core.Cgroups;
using LimitTop.Core.Model;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Builds the <see cref="CgroupUsage"/> rows of a snapshot: the pids cgroups that hold processes and their
/// ancestors, each with its effective headroom (docs/kernel-limits.md §5), read through the shared
/// <see cref="CgroupFs"/>. Remembers each cgroup's first pids.events count to report rejections since start —
/// except for a cgroup made after the first sample (its kernfs id is above every id present then:
/// <see cref="CgroupIds"/>), whose count all happened since start and so counts from 0 (issue 26: a fresh container
/// whose forks are refused in its first second). The baselines are bounded: an entry not listed for
/// <see cref="KeepUnseenSamples"/> samples is dropped once its cgroup is gone, all unlisted ones when there are more than
/// <see cref="MaxBaselines"/>, and one whose id changed (removed and made again under the same name) starts over
/// — cgroup names are anyone's to make by the thousand (issue 24, finding 2).
/// </summary>
public sealed class CgroupUsageReader
{
    /// <summary>Samples a cgroup's baseline outlives its last listing (a holder that left for a moment keeps it).</summary>
    public const int KeepUnseenSamples = 60;

    /// <summary>Baselines kept at most beyond the cgroups of the current sample.</summary>
    public const int MaxBaselines = 4096;

    private readonly CgroupFs _fs;
    private readonly Dictionary<(int, string), Baseline> _eventsBaseline = [];
    private ulong? _v1AtStart;
    private ulong? _v2AtStart;
    private long _sample;

    public CgroupUsageReader(CgroupFs fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        _fs = fs;
    }

    /// <summary>pids.events baselines held now (bounded: see the class summary).</summary>
    public int Baselines => _eventsBaseline.Count;

    public IReadOnlyList<CgroupUsage> Read(IReadOnlyList<ProcessSample> processes)
    {
        if (!_fs.Mounted)
        {
            return [];
        }

        if (++_sample == 1)
        {
            // Once: the newest kernfs id of each pids hierarchy, to tell later-made cgroups by.
            _v1AtStart = _fs.HighestId(1);
            _v2AtStart = _fs.V2HasPids ? _fs.HighestId(2) : null;
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

        PruneBaselines();
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
        bool fromZero = false;
        if (own.Events is { } ev)
        {
            var key = (version, path);
            ulong id = _fs.TryReadId(version, path, out ulong i) ? i : 0;
            if (!_eventsBaseline.TryGetValue(key, out var b) || b.Id != id)
            {
                ulong? atStart = version == 1 ? _v1AtStart : _v2AtStart;
                fromZero = _sample > 1 && id != 0 && atStart is { } highest && id > highest;
                b = new Baseline { Id = id, Count = fromZero ? 0 : ev };
                _eventsBaseline[key] = b;
            }

            b.Sample = _sample;
            sinceStart = ev - b.Count;
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
            CountsFromZero = fromZero,
            Processes = processes,
        };
    }

    /// <summary>
    /// Drops the baselines of cgroups that are gone (removed, or made again under the same name: another id), checked
    /// once per <see cref="KeepUnseenSamples"/> while unlisted; one that still exists keeps its baseline, so a total
    /// since start never goes backwards when a cgroup empties for a while (issue 25, item 7). When more than
    /// <see cref="MaxBaselines"/> are kept, every unlisted one goes.
    /// </summary>
    private void PruneBaselines()
    {
        bool crowded = _eventsBaseline.Count > MaxBaselines;
        foreach (var ((version, path), b) in _eventsBaseline)
        {
            if (b.Sample == _sample || (!crowded && _sample - b.Sample <= KeepUnseenSamples))
            {
                continue;
            }

            if (!crowded && _fs.TryReadId(version, path, out ulong id) && id == b.Id)
            {
                b.Sample = _sample; // still there, only empty: checked again in KeepUnseenSamples samples
                continue;
            }

            _eventsBaseline.Remove((version, path)); // allowed while enumerating a Dictionary (.NET Core 3.0+)
        }
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

    private sealed class Baseline
    {
        public ulong Id;
        public long Count;
        public long Sample;
    }
}
