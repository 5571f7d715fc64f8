using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>The last <see cref="Capacity"/> events, oldest first; <see cref="Recent"/> is rebuilt only when one is added.</summary>
public sealed class EventLog(int capacity = 200)
{
    private readonly TrendEvent[] _ring = new TrendEvent[Math.Max(1, capacity)];
    private int _start;
    private int _count;
    private TrendEvent[]? _recent = [];

    public int Capacity => _ring.Length;

    /// <summary>Events ever added (the log keeps the last <see cref="Capacity"/>).</summary>
    public long Total { get; private set; }

    public void Add(TrendEvent e)
    {
        if (_count == _ring.Length)
        {
            _start = (_start + 1) % _ring.Length;
            _count--;
        }

        _ring[(_start + _count) % _ring.Length] = e;
        _count++;
        Total++;
        _recent = null;
    }

    /// <summary>The kept events, oldest first (the same array until the next <see cref="Add"/>).</summary>
    public IReadOnlyList<TrendEvent> Recent
    {
        get
        {
            if (_recent is null)
            {
                _recent = new TrendEvent[_count];
                for (int i = 0; i < _count; i++)
                {
                    _recent[i] = _ring[(_start + i) % _ring.Length];
                }
            }

            return _recent;
        }
    }
}
