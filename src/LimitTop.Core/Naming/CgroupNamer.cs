using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Naming;

/// <summary>
/// Names cgroups as the admin knows them (<see cref="CgroupName"/>), from the path and the runtimes' files on
/// disk — never a daemon socket, never a spawned tool (docs/container-names.md). Cached per path, at most
/// <see cref="Capacity"/> entries (the least recently asked half is dropped when full); an entry named from a file
/// is rechecked every <see cref="RecheckMilliseconds"/> (the first recheck spread over the interval) against that
/// file's stamp — one fstatat per file per second at most, however many containers share it (a Podman store) —
/// and re-read only when its inode, size or mtime changed. Any read failure names the cgroup by its path. Not thread-safe: one per
/// sampling thread, called from the one loop.
/// </summary>
public sealed class CgroupNamer
{
    public const int DefaultCapacity = 1024;
    public const long RecheckMilliseconds = 5000;

    private readonly Dictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly Func<long> _clock;
    private readonly ContainerNameComposer _composer;
    private readonly SourceStamps _stamps = new(RecheckMilliseconds / 5);
    private long _uses;

    private sealed class Entry
    {
        public required CgroupName Name;
        public FileStamp Stamp;
        public long NextCheck;
        public long LastUse;
    }

    /// <param name="clockMilliseconds">A monotonic clock (tests pass their own); Environment.TickCount64 by default.</param>
    public CgroupNamer(ProcRoot root, StateRoots state, Func<long>? clockMilliseconds = null, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(state);
        _clock = clockMilliseconds ?? (() => Environment.TickCount64);
        Capacity = Math.Max(16, capacity);
        var passwd = new PasswdHomes(root.Etc);
        Files = new ContainerFiles(state, passwd);
        _composer = new ContainerNameComposer(root, Files, passwd);
    }

    public int Capacity { get; }

    public int Count => _cache.Count;

    /// <summary>How many names were composed (cache misses and re-reads): for tests and the benchmark.</summary>
    public long Composed { get; private set; }

    /// <summary>The runtimes' file locations this namer reads (for the limit origins).</summary>
    public ContainerFiles Files { get; }

    public CgroupName Name(CgroupUsage cgroup)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        return Name(cgroup.Path, cgroup.Version);
    }

    /// <summary>The names of one snapshot's cgroups by path (one dictionary per tick; each name from the cache).</summary>
    public IReadOnlyDictionary<string, CgroupName> NameAll(IEnumerable<CgroupUsage> cgroups)
    {
        ArgumentNullException.ThrowIfNull(cgroups);
        var names = new Dictionary<string, CgroupName>(StringComparer.Ordinal);
        foreach (var c in cgroups)
        {
            names[c.Path] = Name(c.Path, c.Version);
        }

        return names;
    }

    /// <summary>The name of the cgroup at <paramref name="path"/> of hierarchy <paramref name="version"/> (1: v1 pids, 2: unified).</summary>
    public CgroupName Name(string path, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(path);
        long now = _clock();
        _uses++;
        if (_cache.TryGetValue(path, out var e))
        {
            e.LastUse = _uses;
            if (now < e.NextCheck || e.Name.Source is not { } source)
            {
                return e.Name;
            }

            e.NextCheck = now + RecheckMilliseconds;
            if (_stamps.Of(source, now) == e.Stamp)
            {
                return e.Name;
            }
        }

        var name = Compose(path, version);
        if (e is null)
        {
            if (_cache.Count >= Capacity)
            {
                Prune();
            }

            // The first recheck of each path falls somewhere in the next interval, so that 500 containers named in
            // one tick are rechecked a fifth per second rather than all on one tick 5 s later.
            _cache[path] = e = new Entry { Name = name, NextCheck = now + 1 + (Spread(path) % RecheckMilliseconds) };
        }
        else
        {
            e.NextCheck = now + RecheckMilliseconds;
        }

        e.Name = name;
        e.Stamp = name.Source is { } src ? _stamps.Fresh(src, now) : default;
        e.LastUse = _uses;
        return name;
    }

    /// <summary>A stable hash of the path (FNV-1a): where in the interval its rechecks fall.</summary>
    private static long Spread(string path)
    {
        uint h = 2166136261;
        foreach (char c in path)
        {
            h = (h ^ c) * 16777619;
        }

        return h;
    }

    private CgroupName Compose(string path, int version)
    {
        Composed++;
        try
        {
            return _composer.Compose(path, version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or OverflowException)
        {
            // The fallback promised for any read failure: a name is a convenience, the path is the truth.
            return ContainerNameComposer.PathOnly(path, ex.Message);
        }
    }

    /// <summary>Drops the least recently asked half: a cgroup that went away is not asked again and leaves.</summary>
    private void Prune()
    {
        long[] uses = [.. _cache.Values.Select(v => v.LastUse)];
        Array.Sort(uses);
        long cut = uses[uses.Length / 2];
        foreach (var (key, value) in _cache.ToArray())
        {
            if (value.LastUse <= cut)
            {
                _cache.Remove(key);
            }
        }
    }
}
