using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Cgroups;

/// <summary>
/// The cgroup filesystem under a sys root, opened once and shared by the sampler and the actions: where the v1
/// pids hierarchy (<c>fs/cgroup/pids</c>) and the unified one (<c>fs/cgroup</c>, or <c>fs/cgroup/unified</c> on a
/// hybrid system) are, and reads of a cgroup's files through the /sys directory held open for the object's life
/// (docs/kernel-limits.md §5). A cgroup is named as /proc/PID/cgroup names it: a version (1 or 2) and a path from
/// the hierarchy's root ("/user.slice/user-1000.slice"; "/" is the root). Reads never throw; paths are built
/// without allocating. Not thread-safe: one per sampling thread.
/// </summary>
public sealed class CgroupFs : IDisposable
{
    private const string V1Pids = "fs/cgroup/pids";

    private readonly FileReader? _sys;
    private readonly List<string> _children = [];
    private readonly DirectoryEntries.EntryAction _onChild;
    private string _listing = "";

    private CgroupFs(string sysRoot, FileReader? sys)
    {
        SysRoot = sysRoot;
        _sys = sys;
        _onChild = OnChild;
        if (sys is null)
        {
            return;
        }

        V2Root = sys.Exists("fs/cgroup/cgroup.controllers") ? "fs/cgroup"
            : sys.Exists("fs/cgroup/unified/cgroup.controllers") ? "fs/cgroup/unified"
            : null;
        if (V2Root is not null)
        {
            string? controllers = sys.ReadText(V2Root + "/cgroup.subtree_control");
            V2HasPids = controllers is not null && controllers.Split(' ', '\n').Contains("pids");
        }
    }

    /// <summary>Opens the cgroup filesystem of <paramref name="root"/>; <see cref="Mounted"/> is false when its sys root is absent or cannot be opened.</summary>
    public static CgroupFs Open(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Open(root.Sys);
    }

    /// <summary>Opens the cgroup filesystem below the sys root <paramref name="sysRoot"/> ("/sys" live).</summary>
    public static CgroupFs Open(string sysRoot)
    {
        FileReader? sys = null;
        try
        {
            sys = Directory.Exists(sysRoot) ? new FileReader(sysRoot) : null;
        }
        catch (IOException)
        {
            // no fd to hold /sys with (or it vanished): no cgroups rather than no dashboard
        }

        return new CgroupFs(sysRoot, sys);
    }

    /// <summary>The sys root this reads below (absolute, "/sys" live).</summary>
    public string SysRoot { get; }

    /// <summary>False when there is no sys tree: every read fails with ENOENT and nothing is listed.</summary>
    public bool Mounted => _sys is not null;

    /// <summary>The unified hierarchy relative to the sys root ("fs/cgroup" or "fs/cgroup/unified"); null when there is none.</summary>
    public string? V2Root { get; }

    /// <summary>True when the unified hierarchy has the pids controller enabled below its root.</summary>
    public bool V2HasPids { get; }

    /// <summary>A cgroup's directory relative to the sys root; null when its hierarchy is unknown.</summary>
    public string? RelativeDirectory(int version, string cgroupPath)
    {
        ArgumentNullException.ThrowIfNull(cgroupPath);
        return Prefix(version) is { } prefix ? prefix + cgroupPath.TrimEnd('/') : null;
    }

    /// <summary>A cgroup's directory as an absolute path (for messages and the few writes); null when its hierarchy is unknown.</summary>
    public string? DirectoryPath(int version, string cgroupPath)
        => RelativeDirectory(version, cgroupPath) is { } rel ? Path.Combine(SysRoot, rel) : null;

    /// <summary>The absolute path of <paramref name="file"/> in a cgroup (e.g. pids.max to write, cgroup.kill).</summary>
    public string? FilePath(int version, string cgroupPath, string file)
        => DirectoryPath(version, cgroupPath) is { } dir ? Path.Combine(dir, file) : null;

    /// <summary>True when the cgroup has <paramref name="file"/>.</summary>
    public bool Exists(int version, string cgroupPath, string file)
    {
        Span<char> buffer = stackalloc char[Posix.PathMax];
        return _sys is not null && TryBuild(buffer, version, cgroupPath, file, out var rel) && _sys.Exists(rel);
    }

    /// <summary>Reads a whole file of a cgroup; the span is valid until the next read. ENOENT for an unknown hierarchy.</summary>
    public bool TryRead(int version, string cgroupPath, string file, out ReadOnlySpan<byte> content, out int error)
    {
        content = default;
        Span<char> buffer = stackalloc char[Posix.PathMax];
        if (_sys is null || !TryBuild(buffer, version, cgroupPath, file, out var rel))
        {
            error = Errno.ENOENT;
            return false;
        }

        return _sys.TryRead(rel, out content, out error);
    }

    /// <summary>Reads a file holding one number or "max" (then <paramref name="value"/> is null); false when missing or unparsable.</summary>
    public bool TryReadLong(int version, string cgroupPath, string file, out long? value)
    {
        value = null;
        Span<char> buffer = stackalloc char[Posix.PathMax];
        return _sys is not null && TryBuild(buffer, version, cgroupPath, file, out var rel) && _sys.TryReadLong(rel, out value);
    }

    /// <summary>The "max N" count of <c>pids.events</c> (or <c>pids.events.local</c> when <paramref name="local"/>).</summary>
    public bool TryReadEventsMax(int version, string cgroupPath, bool local, out long max)
    {
        max = 0;
        return TryRead(version, cgroupPath, local ? "pids.events.local" : "pids.events", out var e, out _)
            && CgroupParser.TryParseEventsMax(e, out max);
    }

    /// <summary>The pids files of a cgroup; null when it has none (the root cgroup, a vanished one, no pids controller).</summary>
    public PidsFiles? ReadPids(int version, string cgroupPath)
    {
        if (!TryReadLong(version, cgroupPath, "pids.current", out long? current) || current is null)
        {
            return null;
        }

        TryReadLong(version, cgroupPath, "pids.max", out long? max);
        TryReadLong(version, cgroupPath, "pids.peak", out long? peak);
        long? events = TryReadEventsMax(version, cgroupPath, local: false, out long em) ? em : null;
        long? local = version == 2 && TryReadEventsMax(version, cgroupPath, local: true, out long lm) ? lm : null;
        return new PidsFiles(current.Value, max, peak, events, local);
    }

    /// <summary>
    /// The highest kernfs node id in a hierarchy now (<see cref="CgroupIds"/>); null when the hierarchy is unknown or
    /// is not a real cgroup filesystem (a fixture tree), where ids say nothing about age.
    /// </summary>
    public ulong? HighestId(int version)
    {
        if (_sys is null || Prefix(version) is not { } prefix)
        {
            return null;
        }

        int fd = _sys.OpenDirectory(prefix, out _);
        try
        {
            return fd >= 0 && CgroupIds.IsCgroupFs(fd) ? CgroupIds.Highest(fd) : null;
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>A cgroup's kernfs node id (its directory's inode number); false when it cannot be read.</summary>
    public bool TryReadId(int version, string cgroupPath, out ulong id)
    {
        id = 0;
        return _sys is not null && RelativeDirectory(version, cgroupPath) is { } dir && _sys.TryStatInode(dir, out id, out _);
    }

    /// <summary>Adds the thread-group ids in <c>cgroup.procs</c> (v1 and v2; v1 "tasks" would list every thread) to <paramref name="into"/>.</summary>
    public bool TryReadProcs(int version, string cgroupPath, ISet<int> into, out int error)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (!TryRead(version, cgroupPath, "cgroup.procs", out var rest, out error))
        {
            return false;
        }

        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? default : rest[(nl + 1)..];
            if (Parse.TryInt(line.Trim(" \t"u8), out int pid) && pid > 0)
            {
                into.Add(pid);
            }
        }

        return true;
    }

    /// <summary>Fills <paramref name="into"/> with the paths of the child cgroups (subdirectories) of a cgroup, sorted.</summary>
    public bool TryListChildren(int version, string cgroupPath, List<string> into, out int error)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        if (_sys is null || RelativeDirectory(version, cgroupPath) is not { } dir)
        {
            error = Errno.ENOENT;
            return false;
        }

        _children.Clear();
        _listing = dir;
        bool ok = _sys.ForEachEntry(dir, _onChild, out error);
        string parent = cgroupPath.TrimEnd('/');
        foreach (string name in _children)
        {
            into.Add(parent + "/" + name);
        }

        into.Sort(StringComparer.Ordinal);
        return ok;
    }

    private void OnChild(ReadOnlySpan<byte> name, byte type)
    {
        if (type == DirectoryEntries.TypeDirectory
            || (type == DirectoryEntries.TypeUnknown && _sys!.IsDirectory(_listing + "/" + PathBytes.Decode(name))))
        {
            _children.Add(PathBytes.Decode(name)); // lossless: a child named \xff is listed, read and killed as itself
        }
    }

    /// <summary>"/a/b" → "/a/b", "/a" (the root "/" has no pids files and is not listed).</summary>
    public static IEnumerable<string> SelfAndAncestors(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string p = path.TrimEnd('/');
        while (p.Length > 0)
        {
            yield return p;
            int slash = p.LastIndexOf('/');
            p = slash <= 0 ? "" : p[..slash];
        }
    }

    private string? Prefix(int version) => version switch
    {
        1 => V1Pids,
        2 => V2Root,
        _ => null,
    };

    private bool TryBuild(Span<char> buffer, int version, ReadOnlySpan<char> cgroupPath, ReadOnlySpan<char> file, out ReadOnlySpan<char> rel)
    {
        rel = default;
        if (Prefix(version) is not { } prefix)
        {
            return false;
        }

        cgroupPath = cgroupPath.TrimEnd('/');
        int n = prefix.Length + cgroupPath.Length + 1 + file.Length;
        if (n > buffer.Length)
        {
            return false;
        }

        prefix.AsSpan().CopyTo(buffer);
        cgroupPath.CopyTo(buffer[prefix.Length..]);
        buffer[prefix.Length + cgroupPath.Length] = '/';
        file.CopyTo(buffer[(prefix.Length + cgroupPath.Length + 1)..]);
        rel = buffer[..n];
        return true;
    }

    public void Dispose() => _sys?.Dispose();
}
