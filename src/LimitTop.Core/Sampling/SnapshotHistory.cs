using LimitTop.Core.Model;

namespace LimitTop.Core.Sampling;

/// <summary>
/// The last minute of snapshots for a dump, in a fixed ring: bounded by age (relative to the newest) and by
/// count. Snapshots are immutable and share unchanged strings (command lines, user names) with their
/// neighbours, so a slot costs roughly the process rows of one tick. To cover the whole window at any refresh
/// interval with at most <c>maxCount</c> slots, a snapshot closer than <c>maxAge / maxCount</c> to the newest
/// stored one is skipped (the screen's snapshot is passed to the dump separately anyway).
/// Not thread-safe (the UI thread owns it).
/// </summary>
public sealed class SnapshotHistory
{
    private readonly Snapshot?[] _ring;
    private readonly TimeSpan _minSpacing;
    private int _start;
    private int _count;

    public SnapshotHistory(TimeSpan? maxAge = null, int maxCount = 60)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        MaxAge = maxAge ?? TimeSpan.FromSeconds(60);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxAge, TimeSpan.Zero);
        _ring = new Snapshot?[maxCount];

        // 5% slack so that a 1 s refresh with a little jitter is not thinned to every other tick.
        _minSpacing = MaxAge / maxCount * 0.95;
    }

    public TimeSpan MaxAge { get; }

    public int Capacity => _ring.Length;

    public int Count => _count;

    /// <summary>Stores a new snapshot (newest last) and drops what fell out of the window.</summary>
    public void Add(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_count > 0)
        {
            var newest = _ring[(_start + _count - 1) % _ring.Length]!;
            if (snapshot.Sequence <= newest.Sequence)
            {
                return; // the same (or an older) snapshot presented again
            }

            if (snapshot.TakenAt - newest.TakenAt < _minSpacing)
            {
                return;
            }
        }

        if (_count == _ring.Length)
        {
            _ring[_start] = null;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }

        _ring[(_start + _count) % _ring.Length] = snapshot;
        _count++;

        while (_count > 0 && snapshot.TakenAt - _ring[_start]!.TakenAt > MaxAge)
        {
            _ring[_start] = null;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }
    }

    /// <summary>
    /// The stored snapshots taken before <paramref name="current"/> and at most <see cref="MaxAge"/> older than it,
    /// oldest first (a frozen screen may show an older snapshot than the newest stored one).
    /// </summary>
    public IReadOnlyList<Snapshot> Before(Snapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var list = new List<Snapshot>(_count);
        for (int i = 0; i < _count; i++)
        {
            var s = _ring[(_start + i) % _ring.Length]!;
            if (s.Sequence < current.Sequence && current.TakenAt - s.TakenAt <= MaxAge)
            {
                list.Add(s);
            }
        }

        return list;
    }

    public void Clear()
    {
        Array.Clear(_ring);
        _start = 0;
        _count = 0;
    }
}
