using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// The tick stage that names cgroups (docs/container-names.md): every pids cgroup of the snapshot, every process's
/// cgroup and every cgroup the event log still speaks of, into <see cref="Snapshot.Names"/>, through one cached
/// <see cref="CgroupNamer"/> (a dictionary hit per path once named; a file is re-read only when its stamp changed);
/// and the Kubernetes node row (<see cref="Snapshot.KubeNode"/>) when a kubelet config is present, read again every
/// <see cref="KubeEveryMilliseconds"/>. The dictionary of the previous tick is handed on unchanged when every name is
/// the same, so a quiet box allocates nothing here. Runs on the loop's thread; never throws for a file.
/// </summary>
public sealed class NamingStage : ITickStage
{
    public const long KubeEveryMilliseconds = 5000;

    private readonly ProcRoot _root;
    private readonly StateRoots _state;
    private readonly Func<long> _clock;
    private IReadOnlyDictionary<string, CgroupName> _last = new Dictionary<string, CgroupName>();
    private Dictionary<string, CgroupName> _next = new(StringComparer.Ordinal);
    private KubeNodeUsage? _kube;
    private long _kubeDue = long.MinValue;

    public NamingStage(ProcRoot root, StateRoots? state = null, Func<long>? clockMilliseconds = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
        _state = state ?? StateRoots.Of(root);
        _clock = clockMilliseconds ?? (() => Environment.TickCount64);
        Namer = new CgroupNamer(root, _state, _clock);
    }

    /// <summary>The namer behind the stage (its cache, its files: the why panel's limit origins read them).</summary>
    public CgroupNamer Namer { get; }

    public StateRoots State => _state;

    public Snapshot Apply(Snapshot raw, EventLog events)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(events);
        var next = _next;
        next.Clear();
        bool same = true;
        foreach (var c in raw.Cgroups)
        {
            same &= Add(next, c.Path, c.Version);
        }

        foreach (var p in raw.Processes)
        {
            if (p.Cgroup is { } path)
            {
                same &= Add(next, path, p.CgroupVersion ?? 1);
            }
        }

        foreach (var e in events.Recent)
        {
            if (e.Scope.Kind == ScopeKind.Cgroup)
            {
                same &= Add(next, e.Scope.Id, 1);
            }
        }

        if (!same || next.Count != _last.Count)
        {
            // A new dictionary goes out with the snapshot (snapshots are immutable and kept in the history); the old
            // one is never reused, the scratch one becomes the next tick's.
            _last = next;
            _next = new Dictionary<string, CgroupName>(next.Count, StringComparer.Ordinal);
        }

        long now = _clock();
        if (now >= _kubeDue)
        {
            _kubeDue = now + KubeEveryMilliseconds;
            _kube = KubeNodeRow.Read(_root, _state)?.ToUsage();
        }

        return raw with { Names = _last, KubeNode = _kube };
    }

    /// <summary>Names <paramref name="path"/> into <paramref name="into"/> once; true when it is the name the last tick had.</summary>
    private bool Add(Dictionary<string, CgroupName> into, string path, int version)
    {
        if (into.ContainsKey(path))
        {
            return true;
        }

        var name = Namer.Name(path, version);
        into[path] = name;
        return _last.TryGetValue(path, out var before) && ReferenceEquals(before, name);
    }
}
