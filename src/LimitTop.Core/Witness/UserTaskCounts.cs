using LimitTop.Core.Procfs;

namespace LimitTop.Core.Witness;

/// <summary>
/// Tasks per real uid "now", for the RLIMIT_NPROC check of a refusal. The pipeline supplies the latest
/// snapshot's per-user counts (<see cref="From"/>); without one, <see cref="ProcScan"/> sums Threads: over
/// /proc/*/status once per drain that needs it (docs/kernel-limits.md §2).
/// </summary>
public interface IUserTaskCounts
{
    /// <summary>Called at the start of every drain (a scanning implementation forgets its last scan).</summary>
    void BeginDrain();

    long? TasksOf(int uid);
}

public static class UserTaskCounts
{
    public static IUserTaskCounts From(Func<int, long?> tasksOfUid) => new Delegated(tasksOfUid);

    private sealed class Delegated(Func<int, long?> tasksOfUid) : IUserTaskCounts
    {
        public void BeginDrain()
        {
        }

        public long? TasksOf(int uid) => tasksOfUid(uid);
    }
}

/// <summary>Sums Threads: per real uid over /proc/*/status, at most once per drain and only when asked.</summary>
public sealed class ProcScan(string proc = "/proc") : IUserTaskCounts, IDisposable
{
    private readonly FileReader _reader = new(proc);
    private readonly Dictionary<int, long> _byUid = [];
    private readonly List<int> _pids = [];
    private bool _scanned;

    public void BeginDrain() => _scanned = false;

    public long? TasksOf(int uid)
    {
        if (!_scanned)
        {
            Scan();
            _scanned = true;
        }

        return _byUid.TryGetValue(uid, out long n) ? n : 0;
    }

    private void Scan()
    {
        _byUid.Clear();
        _pids.Clear();
        foreach (string dir in Directory.EnumerateDirectories(_reader.Directory))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid))
            {
                _pids.Add(pid);
            }
        }

        Span<char> path = stackalloc char[32];
        foreach (int pid in _pids)
        {
            if (!pid.TryFormat(path, out int n) || !"/status".AsSpan().TryCopyTo(path[n..]))
            {
                continue;
            }

            if (_reader.TryRead(path[..(n + 7)], out var content, out _) && StatusParser.TryParse(content, out var s))
            {
                _byUid[s.RealUid] = _byUid.GetValueOrDefault(s.RealUid) + s.Threads;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
    }
}
