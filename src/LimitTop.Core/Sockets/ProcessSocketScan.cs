using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Sockets;

/// <summary>
/// Sockets per process: the fd → socket-inode join of <see cref="FdSocketScanner"/>, run again for a process only
/// when its sockets can have changed. A full scan costs one readlink per fd (~40 ms for a process holding 10,000
/// sockets); the check costs one stat of /proc/PID/fd plus a look-up per socket the process held. A process is
/// scanned again when
/// <list type="bullet">
/// <item>its fd count (st_size of /proc/PID/fd, Linux 6.2+) changed, or the kernel gives no count (st_size 0: every
/// scan is full, as before);</item>
/// <item>the inode of /proc/PID/fd changed (the pid now belongs to a new process);</item>
/// <item>a socket it held is no longer in the dump (closed, or left the tables);</item>
/// <item>its last full scan is older than <see cref="RescanInterval"/>.</item>
/// </list>
/// What the check cannot see, and the rescan interval bounds: at an unchanged fd count, a non-socket fd (file, pipe,
/// unix socket) swapped for a TCP/UDP socket or back; a socket closed whose inode lives on in another process (an fd
/// shared across fork or passed over a unix socket) swapped for a new one; a socket created before the scan that
/// enters the tables (bind, connect, listen) after it. Such a change shows at most <see cref="RescanInterval"/> plus
/// one scan cadence late (docs/performance.md, "The field load, retaken over time"). Not thread-safe.
/// </summary>
internal sealed class ProcessSocketScan
{
    private readonly FdSocketScanner _scanner;
    private readonly Dictionary<int, Entry> _entries = [];
    private readonly Dictionary<int, int> _counts = [];
    private readonly HashSet<int> _scanned = [];
    private readonly HashSet<ulong> _attributed = [];
    private readonly List<ulong> _found = [];
    private long _round;

    /// <summary>Works through the /proc directory <paramref name="proc"/> holds open.</summary>
    public ProcessSocketScan(FileReader proc) => _scanner = new FdSocketScanner(proc);

    /// <summary>How old a process's last full scan may get before it is scanned again whatever the checks say.</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Processes scanned in full (readlink of every fd) by the last <see cref="Scan"/>.</summary>
    public int LastFullScans { get; private set; }

    public int? SocketsOf(int pid) => _counts.TryGetValue(pid, out int n) ? n : null;

    /// <summary>True when the last scan looked at <paramref name="pid"/> (whether or not it could read it).</summary>
    public bool Saw(int pid) => _scanned.Contains(pid);

    /// <summary>
    /// Counts the sockets of every pid among <paramref name="inodes"/> (the TCP/UDP sockets of this walk). Returns the
    /// number of sockets in <paramref name="inodes"/> held by no process that could be read; counts processes whose
    /// fds were refused in <paramref name="denied"/>.
    /// </summary>
    public int Scan(IReadOnlyList<int> pids, IReadOnlySet<ulong> inodes, long timestamp, Func<long, long, TimeSpan> elapsed, out int denied)
    {
        long round = ++_round;
        _counts.Clear();
        _attributed.Clear();
        _scanned.Clear();
        denied = 0;
        int full = 0;
        foreach (int pid in pids)
        {
            _scanned.Add(pid);
            if (!_scanner.TryStatFds(pid, out ulong dirInode, out long fdCount, out int error))
            {
                denied += error is Errno.EACCES or Errno.EPERM ? 1 : 0;
                continue;
            }

            if (_entries.TryGetValue(pid, out var e) && fdCount > 0 && e.DirInode == dirInode && e.FdCount == fdCount
                && elapsed(e.ScannedAt, timestamp) < RescanInterval && AllPresent(e.Inodes, inodes))
            {
                e.Round = round;
                _counts[pid] = e.Inodes.Length;
                _attributed.UnionWith(e.Inodes);
                continue;
            }

            full++;
            _found.Clear();
            if (_scanner.TryCount(pid, inodes, _found, out int n, out error))
            {
                _entries[pid] = new Entry { DirInode = dirInode, FdCount = fdCount, Inodes = [.. _found], ScannedAt = timestamp, Round = round };
                _counts[pid] = n;
                _attributed.UnionWith(_found);
            }
            else
            {
                _entries.Remove(pid);
                denied += error is Errno.EACCES or Errno.EPERM ? 1 : 0;
            }
        }

        if (_entries.Count > _counts.Count)
        {
            // Forget processes that are gone (or were not listed this time).
            foreach (var (pid, e) in _entries)
            {
                if (e.Round != round)
                {
                    _entries.Remove(pid);
                }
            }
        }

        LastFullScans = full;
        return Math.Max(0, inodes.Count - _attributed.Count);
    }

    private static bool AllPresent(ulong[] held, IReadOnlySet<ulong> inodes)
    {
        foreach (ulong i in held)
        {
            if (!inodes.Contains(i))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Entry
    {
        public ulong DirInode;
        public long FdCount;
        public ulong[] Inodes = [];
        public long ScannedAt;
        public long Round;
    }
}
