using LimitTop.Core.Model;
using LimitTop.Core.Native;
namespace LimitTop.Core.Witness;

/// <summary>
/// Counts attributed refusals: totals per limit, per (limit, user) and (limit, cgroup) for /metrics, one
/// event per (process, errno, limit) per second for the event log, and each process's last 60 s. Every map is
/// bounded: labels beyond <see cref="MaxLabels"/> fold into one "other" series, processes not refused for 60 s
/// are forgotten, at most <see cref="MaxProcesses"/> are kept.
/// </summary>
internal sealed class RefusalAggregator
{
    public const int MaxLabels = 256;
    public const int MaxProcesses = 1024;
    public const int RecentCapacity = 200;
    public const string OtherLabel = "other";

    private readonly Dictionary<string, long> _byLimit = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Limit, int? Uid), long> _byUser = [];
    private readonly Dictionary<(string Limit, string Cgroup), long> _byCgroup = [];
    private readonly Dictionary<(long Second, int Pid, int Errno, string Limit, string? Cgroup), RefusalEvent> _pending = [];
    private readonly Dictionary<int, ProcessWindow> _processes = [];
    private readonly List<RefusalEvent> _closed = [];
    private readonly RefusalEvent[] _recent = new RefusalEvent[RecentCapacity];
    private int _recentCount;
    private int _recentNext;

    public long Total { get; private set; }

    public long Lost { get; set; }

    public long Restarts { get; set; }

    public long Malformed { get; set; }

    /// <summary>Adds <paramref name="count"/> refusals alike (one run of lines from one asker within one second).</summary>
    public void Add(in Refusal r, long count = 1)
    {
        Total += count;
        _byLimit[r.Limit] = _byLimit.GetValueOrDefault(r.Limit) + count;
        var userKey = (r.Limit, r.Uid);
        if (!_byUser.ContainsKey(userKey) && _byUser.Count >= MaxLabels)
        {
            userKey = (r.Limit, null);
        }

        _byUser[userKey] = _byUser.GetValueOrDefault(userKey) + count;
        var cgroupKey = (r.Limit, r.AskerCgroup ?? "");
        if (!_byCgroup.ContainsKey(cgroupKey) && _byCgroup.Count >= MaxLabels)
        {
            cgroupKey = (r.Limit, OtherLabel);
        }

        _byCgroup[cgroupKey] = _byCgroup.GetValueOrDefault(cgroupKey) + count;

        long second = r.Time.ToUnixTimeSeconds();
        var key = (second, r.Pid, r.Errno, r.Limit, r.Cgroup);
        _pending[key] = _pending.TryGetValue(key, out var e)
            ? e with { Count = e.Count + count, Name = r.Name }
            : new RefusalEvent(DateTimeOffset.FromUnixTimeSeconds(second), r.Pid, r.Name, r.Uid, r.Errno, r.Limit, r.Cgroup, count);

        if (!_processes.TryGetValue(r.Pid, out var window))
        {
            if (_processes.Count >= MaxProcesses)
            {
                _ = _processes.Remove(_processes.MinBy(p => p.Value.LastSecond).Key);
            }

            window = new ProcessWindow(r.Name, r.Uid);
            _processes[r.Pid] = window;
        }

        window.Add(r, second, count);
    }

    /// <summary>Closes the seconds before <paramref name="now"/>'s: their events, oldest first (the event log's new lines).</summary>
    public IReadOnlyList<RefusalEvent> Flush(DateTimeOffset now, bool all = false)
    {
        _closed.Clear();
        long nowSecond = now.ToUnixTimeSeconds();
        foreach (var (key, e) in _pending)
        {
            if (all || key.Second < nowSecond)
            {
                _closed.Add(e);
            }
        }

        if (_closed.Count == 0)
        {
            return [];
        }

        _closed.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.Count.CompareTo(a.Count));
        foreach (var e in _closed)
        {
            _ = _pending.Remove((e.Time.ToUnixTimeSeconds(), e.Pid, e.Errno, e.Limit, e.Cgroup));
            _recent[_recentNext] = e;
            _recentNext = (_recentNext + 1) % RecentCapacity;
            _recentCount = Math.Min(_recentCount + 1, RecentCapacity);
        }

        return [.. _closed];
    }

    /// <summary>Forgets processes with no refusal in the last 60 s.</summary>
    public void Prune(DateTimeOffset now)
    {
        long nowSecond = now.ToUnixTimeSeconds();
        foreach (var (pid, w) in _processes)
        {
            if (w.LastSecond <= nowSecond - 60)
            {
                _ = _processes.Remove(pid);
            }
        }
    }

    public long LastMinute(int pid, DateTimeOffset now)
        => _processes.TryGetValue(pid, out var w) ? w.LastMinute(now.ToUnixTimeSeconds()) : 0;

    public RefusalSummary Summary(DateTimeOffset now, WitnessStatus witness, WitnessStatus kernelLog, IReadOnlyList<KernelLogEvent> kernel)
    {
        long nowSecond = now.ToUnixTimeSeconds();
        var processes = _processes
            .Select(p => new ProcessRefusals(p.Key, p.Value.Name, p.Value.Uid, p.Value.LastMinute(nowSecond), p.Value.Limit, p.Value.Errno,
                DateTimeOffset.FromUnixTimeSeconds(p.Value.LastSecond)))
            .Where(p => p.LastMinute > 0)
            .OrderByDescending(p => p.LastMinute).ThenBy(p => p.Pid)
            .ToList();
        var recent = new List<RefusalEvent>(_recentCount);
        for (int i = 1; i <= _recentCount; i++)
        {
            recent.Add(_recent[(_recentNext - i + RecentCapacity) % RecentCapacity]);
        }

        return new RefusalSummary(
            witness, kernelLog, Total, Lost, processes.Sum(p => p.LastMinute),
            [.. _byLimit.OrderByDescending(kv => kv.Value).Select(kv => new LimitCount(kv.Key, kv.Value))],
            [.. _byUser.OrderByDescending(kv => kv.Value).Select(kv => new LimitUserCount(kv.Key.Limit, kv.Key.Uid, kv.Value))],
            [.. _byCgroup.OrderByDescending(kv => kv.Value).Select(kv => new LimitCgroupCount(kv.Key.Limit, kv.Key.Cgroup, kv.Value))],
            processes, recent, kernel);
    }
}
