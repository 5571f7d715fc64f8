using LimitTop.Core.Procfs;

namespace LimitTop.Core.Cgroups;

/// <summary>
/// Where the reader's cgroup namespace is rooted in the host's pids hierarchy, so that /proc/PID/cgroup paths read
/// from inside a private cgroup namespace — relative to its root, "/../../system.slice/cron.service" — become the
/// hierarchy's own paths, as the host's /sys names the cgroups (docs/kernel-limits.md §13; cgroup_namespaces(7)).
/// A container that shares the host's PID namespace but not its cgroup namespace (Kubernetes on cgroup v2 without
/// privileged) reads such paths. Found once: PID 1 of the proc root, the host's init, sits at or just below the
/// hierarchy's root, so its path starts with one ".." per level of the namespace's root; the cgroups of that depth
/// (plus the reader's own depth inside its namespace) are searched for the reader's PID in cgroup.procs. Outside a
/// private namespace no path starts with "/.." and nothing is changed.
/// </summary>
public sealed class CgroupNamespaceRoot
{
    private const int MaxDepth = 16;

    private readonly int _version;
    private readonly string? _root;

    private CgroupNamespaceRoot(int version, string? root)
    {
        _version = version;
        _root = root;
    }

    /// <summary>The namespace root's path in the hierarchy; null outside a private namespace or when it was not found.</summary>
    public string? Root => _root;

    /// <summary>Finds the root of the cgroup namespace of <paramref name="selfPid"/> (this process) through the proc root.</summary>
    public static CgroupNamespaceRoot Find(FileReader proc, CgroupFs fs, int selfPid)
    {
        ArgumentNullException.ThrowIfNull(proc);
        ArgumentNullException.ThrowIfNull(fs);
        if (!proc.TryRead("1/cgroup", out var init, out _) || !CgroupParser.TryFindPids(init, fs.V2HasPids, out var initRef)
            || !initRef.Path.StartsWith("/..", StringComparison.Ordinal))
        {
            return new CgroupNamespaceRoot(0, null);
        }

        int depth = initRef.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeWhile(p => p == "..").Count();
        if (!proc.TryRead("self/cgroup", out var self, out _) || !CgroupParser.TryFindPids(self, fs.V2HasPids, out var selfRef)
            || selfRef.Version != initRef.Version || selfRef.Path.Contains("..", StringComparison.Ordinal))
        {
            return new CgroupNamespaceRoot(initRef.Version, null);
        }

        string[] inside = selfRef.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? own = Search(fs, initRef.Version, depth + inside.Length, selfPid);
        if (own is null)
        {
            return new CgroupNamespaceRoot(initRef.Version, null);
        }

        // The reader sits at selfRef.Path below the namespace's root: take those levels off its hierarchy path.
        string[] parts = own.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new CgroupNamespaceRoot(initRef.Version, "/" + string.Join('/', parts.Take(parts.Length - inside.Length)));
    }

    /// <summary>The hierarchy's path of a placement read through the namespace; unchanged when it needs nothing or cannot be resolved.</summary>
    public PidsCgroupRef Resolve(PidsCgroupRef placement)
    {
        if (_root is null || placement.Version != _version || !placement.Path.StartsWith("/", StringComparison.Ordinal))
        {
            return placement;
        }

        var parts = new List<string>(_root.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (string p in placement.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (p == "..")
            {
                if (parts.Count == 0)
                {
                    return placement; // above the hierarchy's root: not a path of it
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (p != ".")
            {
                parts.Add(p);
            }
        }

        return placement with { Path = "/" + string.Join('/', parts) };
    }

    /// <summary>The cgroup at <paramref name="depth"/> whose cgroup.procs lists <paramref name="pid"/>; null when none does.</summary>
    private static string? Search(CgroupFs fs, int version, int depth, int pid)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var level = new List<string> { "/" };
        var children = new List<string>();
        for (int d = 0; d < depth; d++)
        {
            var next = new List<string>();
            foreach (string cg in level)
            {
                if (fs.TryListChildren(version, cg, children, out _))
                {
                    next.AddRange(children);
                }
            }

            level = next;
        }

        var procs = new HashSet<int>();
        foreach (string cg in level)
        {
            procs.Clear();
            if (fs.TryReadProcs(version, cg, procs, out _) && procs.Contains(pid))
            {
                return cg;
            }
        }

        return null;
    }
}
