using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>
/// The events kept for the log (key e), the JSON and the dumps, bounded by construction. Refused forks come in
/// floods (a pids cgroup at its limit refuses a fork every few seconds for hours) while a limit reached or a
/// finding turned critical is rare and worth more, so each kind of traffic has its own ring of
/// <see cref="Capacity"/>: one noisy cgroup can only evict its own kind. <see cref="Folds"/> keeps one line per
/// kind, scope and limit since start (how often, how many, first and last time), so a flood reads as one line.
/// </summary>
public sealed class EventLog(int capacity = 200)
{
    private readonly Ring _rare = new(capacity);
    private readonly Ring _flood = new(capacity);
    private readonly Dictionary<(string Kind, Scope Scope, EventLimit Limit), EventFold> _folds = [];
    private long _sequence;
    private TrendEvent[]? _recent = [];
    private EventFold[]? _foldView = [];

    /// <summary>Events of each kind of traffic kept (refused forks; everything else).</summary>
    public int Capacity => _rare.Capacity;

    /// <summary>Events ever added (the rings keep the last <see cref="Capacity"/> of each traffic).</summary>
    public long Total { get; private set; }

    /// <summary>The last event added; null before the first.</summary>
    public TrendEvent? Latest { get; private set; }

    /// <summary>Refused forks (counted by pids.events, or witnessed one line per process, errno and limit a second) are the flood; limits reached, findings turned critical (and any rarer kind) are kept apart.</summary>
    public static bool IsFlood(TrendEvent e) => e.Kind is TrendEvent.ForkRejected or TrendEvent.Refused;

    public void Add(TrendEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _sequence++;
        (IsFlood(e) ? _flood : _rare).Add(_sequence, e);
        Fold(e);
        Total++;
        Latest = e;
        _recent = null;
        _foldView = null;
    }

    /// <summary>The kept events of both rings in the order they were added, oldest first (the same array until the next <see cref="Add"/>).</summary>
    public IReadOnlyList<TrendEvent> Recent
    {
        get
        {
            if (_recent is null)
            {
                var all = new List<(long Seq, TrendEvent E)>(_rare.Count + _flood.Count);
                _rare.CopyTo(all);
                _flood.CopyTo(all);
                all.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                _recent = all.Select(x => x.E).ToArray();
            }

            return _recent;
        }
    }

    /// <summary>One line per kind, scope and limit, the most recently seen first (the same array until the next <see cref="Add"/>).</summary>
    public IReadOnlyList<EventFold> Folds
    {
        get
        {
            _foldView ??= _folds.Values.OrderByDescending(f => f.Sequence).ToArray();
            return _foldView;
        }
    }

    private void Fold(TrendEvent e)
    {
        var key = (e.Kind, e.Scope, e.Limit);
        if (_folds.TryGetValue(key, out var f))
        {
            _folds[key] = f with { Times = f.Times + 1, Sum = f.Sum + e.Count, Last = e.Time, Latest = e, Sequence = _sequence };
            return;
        }

        // Bounded: at most Capacity lines of each traffic; a new scope evicts the line of its own traffic seen longest ago.
        bool flood = IsFlood(e);
        if (_folds.Values.Count(v => IsFlood(v.Latest) == flood) >= Capacity)
        {
            var oldest = _folds.Values.Where(v => IsFlood(v.Latest) == flood).MinBy(v => v.Sequence)!;
            _folds.Remove((oldest.Kind, oldest.Scope, oldest.Limit));
        }

        _folds[key] = new EventFold(e.Kind, e.Scope, e.Limit, 1, e.Count, e.Time, e.Time, e, _sequence);
    }

    private sealed class Ring(int capacity)
    {
        private readonly (long Seq, TrendEvent E)[] _items = new (long, TrendEvent)[Math.Max(1, capacity)];
        private int _start;

        public int Capacity => _items.Length;

        public int Count { get; private set; }

        public void Add(long seq, TrendEvent e)
        {
            if (Count == _items.Length)
            {
                _start = (_start + 1) % _items.Length;
                Count--;
            }

            _items[(_start + Count) % _items.Length] = (seq, e);
            Count++;
        }

        public void CopyTo(List<(long, TrendEvent)> into)
        {
            for (int i = 0; i < Count; i++)
            {
                into.Add(_items[(_start + i) % _items.Length]);
            }
        }
    }
}

/// <summary>
/// The repeats of one kind, scope and limit since start, as one line of the event log.
/// </summary>
/// <param name="Times">Events folded into this line.</param>
/// <param name="Sum">fork-rejected: forks refused in all of them; otherwise the sum of the figures (use <see cref="Latest"/>'s Count).</param>
/// <param name="First">Time of the first event.</param>
/// <param name="Last">Time of the last event.</param>
/// <param name="Latest">The last event (its culprit, its figure).</param>
/// <param name="Sequence">Order of the last event among all events added (newest is largest).</param>
public sealed record EventFold(string Kind, Scope Scope, EventLimit Limit, long Times, long Sum, DateTimeOffset First, DateTimeOffset Last, TrendEvent Latest, long Sequence);
