using LimitTop.Core.Model;
namespace LimitTop.Core.Trends;

/// <summary>
/// One figure of one scope (e.g. tasks of user bob) over time, in three fixed rings of structs allocated once:
/// every tick for the last <see cref="FineSlots"/> seconds, 10 s buckets for 20 minutes and 60 s buckets for
/// 90 minutes. A bucket keeps the highest value seen in it (a limit is hit by peaks, not by averages). Adding a
/// point never allocates. Memory per series: (180 + 120 + 90) × 8 bytes plus the object headers ≈ 3.2 KB.
/// </summary>
public sealed class TieredSeries
{
    public const int FineSlots = 180;
    public const int MidSlots = 120;
    public const int CoarseSlots = 90;
    public const int MidSeconds = 10;
    public const int CoarseSeconds = 60;

    private readonly Ring _fine = new(FineSlots);
    private readonly Ring _mid = new(MidSlots);
    private readonly Ring _coarse = new(CoarseSlots);

    /// <summary>Second of the last <see cref="Add"/>; the tracker drops series not seen for a while.</summary>
    public int LastSecond { get; private set; } = int.MinValue;

    public int Count => _fine.Count;

    public float Latest => _fine.Count > 0 ? _fine.Last.Value : float.NaN;

    /// <summary>Adds a value (a second already stored is overwritten; an older second is ignored).</summary>
    public void Add(int second, float value)
    {
        if (second < LastSecond)
        {
            return;
        }

        LastSecond = second;
        _fine.Put(second, value, keepMax: false);
        _mid.Put(second - (second % MidSeconds + MidSeconds) % MidSeconds, value, keepMax: true);
        _coarse.Put(second - (second % CoarseSeconds + CoarseSeconds) % CoarseSeconds, value, keepMax: true);
    }

    /// <summary>Copies the fine points of the last <paramref name="seconds"/> (oldest first) into <paramref name="into"/>; returns the count.</summary>
    public int CopyFine(int seconds, Span<SeriesPoint> into) => _fine.CopyRecent(LastSecond - seconds, into);

    /// <summary>
    /// The series at the resolution that covers <paramref name="seconds"/> (1 s, 10 s or 60 s buckets), oldest
    /// first, for a sparkline or a dump; returns the count.
    /// </summary>
    public int CopyRecent(int seconds, Span<SeriesPoint> into)
    {
        var ring = seconds <= FineSlots ? _fine : seconds <= MidSlots * MidSeconds ? _mid : _coarse;
        return ring.CopyRecent(LastSecond - seconds, into);
    }

    public void Clear()
    {
        _fine.Clear();
        _mid.Clear();
        _coarse.Clear();
        LastSecond = int.MinValue;
    }

    private sealed class Ring(int capacity)
    {
        private readonly SeriesPoint[] _slots = new SeriesPoint[capacity];
        private int _start;

        public int Count { get; private set; }

        public SeriesPoint Last => _slots[(_start + Count - 1) % _slots.Length];

        public void Put(int second, float value, bool keepMax)
        {
            if (Count > 0 && Last.Second == second)
            {
                int i = (_start + Count - 1) % _slots.Length;
                _slots[i] = new SeriesPoint(second, keepMax ? Math.Max(_slots[i].Value, value) : value);
                return;
            }

            if (Count == _slots.Length)
            {
                _start = (_start + 1) % _slots.Length;
                Count--;
            }

            _slots[(_start + Count) % _slots.Length] = new SeriesPoint(second, value);
            Count++;
        }

        public int CopyRecent(int fromSecond, Span<SeriesPoint> into)
        {
            int inWindow = 0;
            for (int k = Count - 1; k >= 0 && _slots[(_start + k) % _slots.Length].Second > fromSecond; k--)
            {
                inWindow++;
            }

            int n = Math.Min(inWindow, into.Length); // the newest ones when the span is too short
            for (int k = 0; k < n; k++)
            {
                into[k] = _slots[(_start + Count - n + k) % _slots.Length];
            }

            return n;
        }

        public void Clear()
        {
            _start = 0;
            Count = 0;
        }
    }
}
