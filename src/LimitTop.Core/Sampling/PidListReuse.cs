using LimitTop.Core.Native;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Says when the last listing of /proc still holds every process: no task has been created since. Listing /proc is
/// the kernel stepping over every task's PID to find the thread-group leaders (2–2.5 ms per tick at 16,000 threads),
/// and a new task is the only way a PID can join the list: an exited process is found out by the read of its stat
/// failing. kernel.ns_last_pid moves with every PID number handed out in the reader's PID namespace, a task of a child
/// namespace included, and only then (docs/kernel-limits.md §4, "ns_last_pid"): read before the listing, an unchanged
/// value at the next tick means the list is complete. The list is taken afresh at least every
/// <see cref="MaxAge"/> anyway, against a wrap of the allocator to the very same number between two ticks or a root
/// process writing ns_last_pid back (checkpoint/restore tools do); so a process can show up to that late only then.
/// Live /proc only, and only when /proc belongs to this process's PID namespace (/proc/self names our own PID);
/// elsewhere <see cref="TryReuse"/> is always false. Holds one descriptor; not thread-safe.
/// </summary>
internal sealed class PidListReuse : IDisposable
{
    private readonly FileReader _proc;
    private readonly TimeProvider _time;
    private int _fd = -1;
    private long _listedCursor = -1;
    private long _listedAt;

    public PidListReuse(FileReader proc, ProcRoot root, TimeProvider time, TimeSpan maxAge)
    {
        _proc = proc;
        _time = time;
        MaxAge = maxAge;
        if (root.IsLive && SameNamespace(proc))
        {
            _fd = proc.Open("sys/kernel/ns_last_pid", out _);
        }
    }

    /// <summary>The longest one listing is used for.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>Ticks that used the last listing, since the sampler started (for tests and the benchmark).</summary>
    public long Reused { get; private set; }

    /// <summary>
    /// True when the listing taken at the last <see cref="Listed"/> still holds every process (remove the ones whose
    /// read finds them gone). False when it must be taken again: after a complete listing call <see cref="Listed"/>
    /// with the cursor this call read before it, so a task created during the listing shows as a change next tick.
    /// </summary>
    public bool TryReuse(long timestamp, out long cursor)
    {
        cursor = ReadCursor();
        if (cursor < 0 || cursor != _listedCursor || _time.GetElapsedTime(_listedAt, timestamp) >= MaxAge)
        {
            return false;
        }

        Reused++;
        return true;
    }

    /// <summary>A complete listing was taken after <see cref="TryReuse"/> read <paramref name="cursor"/>.</summary>
    public void Listed(long timestamp, long cursor)
    {
        _listedCursor = cursor;
        _listedAt = timestamp;
    }

    private long ReadCursor()
    {
        if (_fd < 0 || !_proc.TryReadFrom(_fd, out var bytes, out _) || !Parse.TryLong(bytes.TrimEnd((byte)'\n'), out long value))
        {
            return -1;
        }

        return value;
    }

    private static bool SameNamespace(FileReader proc)
    {
        // /proc/self is a link to our PID as that /proc's namespace numbers it.
        try
        {
            return int.TryParse(new FileInfo(Path.Combine(proc.Directory, "self")).LinkTarget, out int pid) && pid == Environment.ProcessId;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Posix.Close(_fd);
            _fd = -1;
        }
    }
}
