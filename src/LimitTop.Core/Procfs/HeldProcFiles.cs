using LimitTop.Core.Native;

namespace LimitTop.Core.Procfs;

/// <summary>
/// One /proc/PID file per process (the sampler's stat) read through a descriptor held between ticks: a pread(2) at
/// offset 0 makes the kernel generate the file afresh, and the openat(2) — path walk, pid lookup, permission check
/// and file setup, ~7 % of limittop's CPU at the field load — is paid once per process instead of once per tick.
/// The descriptor is bound to the process it was opened for (docs/kernel-limits.md §7): once that process has been
/// reaped, a read fails (ESRCH), so the file is opened again by path, which finds whatever now has the pid (a reused
/// pid is never read through the old process's descriptor). At most <see cref="Limit"/> descriptors are held (a quarter of the soft
/// RLIMIT_NOFILE, at most 1,024); processes beyond that are opened and closed each tick as before. When
/// descriptors run short (EMFILE/ENFILE) the owner calls <see cref="ReleaseAll"/>.
/// Not thread-safe: one per sampler.
/// </summary>
public sealed class HeldProcFiles(FileReader reader, int limit) : IDisposable
{
    private readonly Dictionary<int, (int Fd, long Tick)> _fds = [];
    private readonly List<int> _unread = [];
    private long _tick;

    public int Limit { get; } = Math.Max(0, limit);

    public int Held => _fds.Count;

    /// <summary>
    /// Reads <paramref name="relativePath"/> (the file of <paramref name="pid"/>) through its held descriptor, or opens
    /// it and, room permitting, keeps the descriptor. The span is the reader's buffer, valid until its next call.
    /// </summary>
    public bool TryRead(int pid, scoped ReadOnlySpan<char> relativePath, out ReadOnlySpan<byte> content, out int error)
    {
        if (_fds.Remove(pid, out var entry))
        {
            int held = entry.Fd;
            if (reader.TryReadFrom(held, out content, out error))
            {
                _fds[pid] = (held, _tick);
                return true;
            }

            Posix.Close(held); // ESRCH: reaped (the pid may be reused by now); anything else: open it again below
        }

        int fd = reader.Open(relativePath, out error);
        if (fd < 0)
        {
            content = default;
            return false;
        }

        bool ok = reader.TryReadFrom(fd, out content, out error);
        if (ok && _fds.Count < Limit)
        {
            _fds[pid] = (fd, _tick);
        }
        else
        {
            Posix.Close(fd);
        }

        return ok;
    }

    /// <summary>
    /// Ends a tick: closes the descriptors of processes not read since the last call (gone from /proc, or read no
    /// more), so none is held for a pid that no longer lists.
    /// </summary>
    public void EndTick()
    {
        foreach (var (pid, entry) in _fds)
        {
            if (entry.Tick != _tick)
            {
                _unread.Add(pid);
            }
        }

        foreach (int pid in _unread)
        {
            _fds.Remove(pid, out var entry);
            Posix.Close(entry.Fd);
        }

        _unread.Clear();
        _tick++;
    }

    /// <summary>Closes every held descriptor (descriptors ran short; they are taken again as room allows).</summary>
    public void ReleaseAll()
    {
        foreach (var entry in _fds.Values)
        {
            Posix.Close(entry.Fd);
        }

        _fds.Clear();
    }

    public void Dispose() => ReleaseAll();

    /// <summary>
    /// How many to hold for a process whose soft RLIMIT_NOFILE is <paramref name="softNofile"/> (null: unlimited):
    /// a quarter of it, at most 1,024, so the rest of limittop (sockets, the fd scan, dumps, scrapes) keeps room.
    /// </summary>
    public static int LimitFor(long? softNofile) => (int)Math.Clamp((softNofile ?? 4096) / 4, 0, 1024);

    /// <summary><see cref="LimitFor"/> of this process, from <c>self/limits</c> under the reader's directory; 0 (hold none) when it cannot be read.</summary>
    public static int LimitForSelf(FileReader reader)
        => reader.TryRead("self/limits", out var c, out _) && LimitsParser.TryParse(c, out var limits) && limits is not null
            ? LimitFor(limits.Nofile.Soft)
            : 0;
}
