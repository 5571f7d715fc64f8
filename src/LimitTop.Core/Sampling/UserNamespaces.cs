using LimitTop.Core.Procfs;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Finds, for a process in a user namespace other than the reader's, the uid that owns that namespace at the
/// reader's level. RLIMIT_NPROC counts per (user namespace, uid) and charges a new task at every level: at the
/// host level it is charged to the namespace owner, not to the task's own mapped uid (docs/kernel-limits.md §2). Owners
/// are cached per namespace inode; a namespace's owner never changes.
/// </summary>
public sealed unsafe class UserNamespaces
{
    private const int NsGetParent = 0xB702;
    private const int NsGetOwnerUid = 0xB704;
    private const int MaxDepth = 33; // the kernel nests at most 32 user namespaces

    private readonly FileReader _proc;
    private readonly ulong _reference;
    private readonly Dictionary<ulong, int?> _owners = [];

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
    public int? OwnerOf(int pid)
    {
        if (_reference == 0)
        {
            return null;
        }

        Span<char> path = stackalloc char[ProcPath.MaxLength];
        var rel = ProcPath.Of(path, pid, "/ns/user");
        if (!_proc.TryStatInode(rel, out ulong ino, out _) || ino == _reference)
        {
            return null;
        }

        if (_owners.TryGetValue(ino, out int? owner))
        {
            return owner;
        }

        owner = null;
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

        _owners[ino] = owner;
        return owner;
    }
}
