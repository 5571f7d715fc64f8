namespace LimitTop.Core.Trends;

/// <summary>A series with what the tracker keeps about it between ticks: forecast hysteresis and event edges.</summary>
public sealed class TrackedSeries
{
    internal TrackedSeries(string scope, string figure)
    {
        Scope = scope;
        Figure = figure;
    }

    public string Scope { get; private set; }

    public string Figure { get; private set; }

    public TieredSeries Series { get; } = new();

    /// <summary>Second at which the value last changed: a series unchanged for a whole window needs no fit.</summary>
    public int LastChangeSecond { get; private set; } = int.MinValue;

    internal SteadyGate Gate;

    /// <summary>Second before which a series far from a trend is not fitted again (Forecaster.Backoff).</summary>
    internal int NextFit;

    /// <summary>Event edges: the figure was at its limit / the finding was critical on the previous tick.</summary>
    internal bool AtLimit;

    internal bool Critical;

    internal void Add(int second, float value)
    {
        if (Series.Count == 0 || Series.Latest != value)
        {
            LastChangeSecond = second;
        }

        Series.Add(second, value);
    }

    /// <summary>Makes a pooled object hold a new scope's series.</summary>
    internal void Reuse(string scope, string figure)
    {
        Scope = scope;
        Figure = figure;
        Series.Clear();
        LastChangeSecond = int.MinValue;
        Gate.Reset();
        NextFit = 0;
        AtLimit = Critical = false;
    }
}

/// <summary>
/// Every series by (scope, figure), bounded by construction: at most <see cref="MaxSeries"/> (new scopes past that
/// are not tracked and counted in <see cref="Refused"/>); a series not fed for <see cref="ExpireSeconds"/> is
/// dropped and its rings reused for the next new scope, so a churn of short-lived users or cgroups allocates
/// nothing once the pool is warm. Lookups by (string, string) allocate nothing either.
/// </summary>
public sealed class SeriesStore(int maxSeries = 4096)
{
    public const int ExpireSeconds = 600;

    private readonly Dictionary<(string Scope, string Figure), TrackedSeries> _byKey = new(256);
    private readonly Stack<TrackedSeries> _pool = new();

    public int MaxSeries { get; } = maxSeries;

    public int Count => _byKey.Count;

    /// <summary>New scopes that found the store full.</summary>
    public long Refused { get; private set; }

    public bool TryGet(string scope, string figure, out TrackedSeries series)
        => _byKey.TryGetValue((scope, figure), out series!);

    /// <summary>Adds a value to the series of (scope, figure), creating it if there is room; returns it or null.</summary>
    public TrackedSeries? Add(string scope, string figure, int second, float value)
    {
        if (!_byKey.TryGetValue((scope, figure), out var s))
        {
            if (_byKey.Count >= MaxSeries)
            {
                Refused++;
                return null;
            }

            if (_pool.TryPop(out var reused))
            {
                reused.Reuse(scope, figure);
                s = reused;
            }
            else
            {
                s = new TrackedSeries(scope, figure);
            }

            _byKey[(scope, figure)] = s;
        }

        s.Add(second, value);
        return s;
    }

    /// <summary>Drops the series not fed since <paramref name="now"/> − <see cref="ExpireSeconds"/>.</summary>
    public void Expire(int now)
    {
        foreach (var (key, s) in _byKey)
        {
            if (s.Series.LastSecond < now - ExpireSeconds)
            {
                _byKey.Remove(key); // allowed while enumerating a Dictionary (.NET Core 3.0+)
                _pool.Push(s);
            }
        }
    }

    public IEnumerable<TrackedSeries> All => _byKey.Values;
}
