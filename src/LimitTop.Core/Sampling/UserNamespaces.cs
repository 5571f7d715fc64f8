using LimitTop.Core.Procfs;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Finds, for a process in a user namespace other than the reader's, the uid that owns that namespace at the
/// reader's level. RLIMIT_NPROC counts per (user namespace, uid) and charges a new task at every level: at the
/// host level it is charged to the namespace owner, not to the task's own mapped uid (docs/kernel-limits.md §2). Owners
/// are cached per namespace (device, inode); a namespace's owner never changes, but its inode number is handed to the
/// next namespace once it is freed (the lowest free number: docs/kernel-limits.md §14). So the cache is bounded and
/// kept fresh: an entry unused for <see cref="UnusedMs"/> is dropped (at most <see cref="MaxEntries"/> in all), and a
/// process read for the first time looks its namespace up afresh and renews the entry (issue 24, finding 2). What is
/// left: a process that was already known and then moved into a new namespace whose number was reused within
/// <see cref="UnusedMs"/> gets the old owner until the entry lapses.
/// </summary>
public sealed unsafe class UserNamespaces
{
    private const int NsGetParent = 0xB702;
    private const int NsGetOwnerUid = 0xB704;
    private const int MaxDepth = 33; // the kernel nests at most 32 user namespaces

    private readonly FileReader _proc;
    private readonly ulong _reference;
    /// <summary>An owner not asked for this long is forgotten (the sampler asks every slow read, 5 s by default).</summary>
    public const long UnusedMs = 30_000;

    /// <summary>Namespaces cached at most (a user can make thousands).</summary>
    public const int MaxEntries = 4096;

    private readonly Dictionary<(ulong Dev, ulong Ino), (int? Owner, long UsedAt)> _owners = [];
    private long _prunedAt;

    public UserNamespaces(FileReader proc)
    {
        _proc = proc;
        // pid 1 may be undumpable (then its ns links are closed even to root); our own is as good when we
        // run in the initial namespace, and correct relative to where we are when we do not.
        _reference = proc.TryStatInode("1/ns/user", out ulong ino, out _) ? ino
            : proc.TryStatInode("self/ns/user", out ino, out _) ? ino : 0;
    }

    /// <summary>True when namespaces could be told apart at all (a fixture tree usually has no ns links).</summary>
    public bool Available => _reference != 0;

    /// <summary>
    /// The owner uid at the reader's level when <paramref name="pid"/> is in a nested user namespace; null when it
    /// is in the reader's namespace or when this cannot be read (EACCES as non-root: counted as not nested).
    /// </summary>
    public int? OwnerOf(int pid, bool fresh = true)
    {
        if (_reference == 0)
        {
            return null;
        }

        Span<char> path = stackalloc char[ProcPath.MaxLength];
        var rel = ProcPath.Of(path, pid, "/ns/user");
        if (!_proc.TryStatId(rel, out ulong dev, out ulong ino, out _) || ino == _reference)
        {
            return null;
        }

        long now = Environment.TickCount64;
        Prune(now);
        if (!fresh && _owners.TryGetValue((dev, ino), out var known))
        {
            _owners[(dev, ino)] = (known.Owner, now);
            return known.Owner;
        }

        int? owner = null;
        int fd = _proc.OpenFile(rel);
        for (int depth = 0; fd >= 0 && depth < MaxDepth; depth++)
        {
            uint uid;
            if (ioctl(fd, NsGetOwnerUid, &uid) < 0)
            {
                break;
            }

            int parent = ioctl(fd, NsGetParent);
            close(fd);
            fd = -1;
            if (parent < 0)
            {
                break; // EPERM: the parent is outside our view; the last owner is the best we know
            }

            stat st;
            bool atReference = fstat(parent, &st) == 0 && (ulong)st.st_ino == _reference;
            if (atReference)
            {
                owner = (int)uid;
                close(parent);
                break;
            }

            fd = parent;
        }

        if (fd >= 0)
        {
            close(fd);
        }

        if (_owners.Count < MaxEntries || _owners.ContainsKey((dev, ino)))
        {
            _owners[(dev, ino)] = (owner, now);
        }

        return owner;
    }

    /// <summary>Namespaces cached now (tests: the cache stays bounded).</summary>
    public int Cached => _owners.Count;

    private void Prune(long now)
    {
        if (now - _prunedAt < UnusedMs / 3)
        {
            return;
        }

        _prunedAt = now;
        foreach (var (key, v) in _owners)
        {
            if (now - v.UsedAt > UnusedMs)
            {
                _owners.Remove(key); // allowed while enumerating a Dictionary (.NET Core 3.0+)
            }
        }
    }
}
