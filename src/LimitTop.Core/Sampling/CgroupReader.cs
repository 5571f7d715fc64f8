using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Reads pids-controller files for the cgroups that hold processes and their ancestors, in the v1 pids
/// hierarchy (/sys/fs/cgroup/pids) or the unified one (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a
/// hybrid system). Remembers each cgroup's first pids.events count to report rejections since start.
/// </summary>
public sealed class CgroupReader
{
    private readonly FileReader? _sys;
    private readonly string? _v2Root;
    private readonly Dictionary<(int, string), long> _eventsBaseline = [];

    public CgroupReader(FileReader? sys)
    {
        _sys = sys;
        if (sys is null)
        {
            return;
        }

        if (sys.Exists("fs/cgroup/cgroup.controllers"))
        {
            _v2Root = "fs/cgroup";
        }
        else if (sys.Exists("fs/cgroup/unified/cgroup.controllers"))
        {
            _v2Root = "fs/cgroup/unified";
        }

        if (_v2Root is not null)
        {
            string? controllers = sys.ReadText(_v2Root + "/cgroup.subtree_control");
            V2HasPids = controllers is not null && controllers.Split(' ', '\n').Contains("pids");
        }
    }

    /// <summary>True when the unified hierarchy has the pids controller enabled below its root.</summary>
    public bool V2HasPids { get; }

    public string? FilesystemPath(int version, string path) => version == 1
        ? "fs/cgroup/pids" + path
        : _v2Root is null ? null : _v2Root + path;

    public IReadOnlyList<CgroupUsage> Read(IReadOnlyList<ProcessSample> processes)
    {
        if (_sys is null)
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
            foreach (string ancestor in SelfAndAncestors(path))
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
        foreach (string ancestor in SelfAndAncestors(path))
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

        f = ReadFiles(version, path);
        cache[(version, path)] = f;
        return f;
    }

    private PidsFiles? ReadFiles(int version, string path)
    {
        string? dir = FilesystemPath(version, path);
        if (dir is null || _sys is null)
        {
            return null;
        }

        dir = dir.TrimEnd('/');
        if (!_sys.TryReadLong(dir + "/pids.current", out long? current) || current is null)
        {
            return null; // the root cgroup has no pids files; a vanished cgroup neither
        }

        _sys.TryReadLong(dir + "/pids.max", out long? max);
        _sys.TryReadLong(dir + "/pids.peak", out long? peak);
        long? events = _sys.TryRead(dir + "/pids.events", out var e, out _) && CgroupParser.TryParseEventsMax(e, out long em) ? em : null;
        long? local = version == 2 && _sys.TryRead(dir + "/pids.events.local", out var el, out _) && CgroupParser.TryParseEventsMax(el, out long lm) ? lm : null;
        return new PidsFiles(current.Value, max, peak, events, local);
    }

    /// <summary>"/a/b" → "/a/b", "/a" (the root "/" has no pids files and is not listed).</summary>
    internal static IEnumerable<string> SelfAndAncestors(string path)
    {
        string p = path.TrimEnd('/');
        while (p.Length > 0)
        {
            yield return p;
            int slash = p.LastIndexOf('/');
            p = slash <= 0 ? "" : p[..slash];
        }
    }

    private readonly record struct PidsFiles(long Current, long? Max, long? Peak, long? Events, long? EventsLocal);
}
