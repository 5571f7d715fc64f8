namespace LimitTop.Recording;

/// <summary>
/// The flight recorder's global budget: at most <see cref="PerMinute"/> dumps in any 60 s, whatever triggered them
/// (a flood of new cgroups each refusing one fork must not flush the directory), and the first dump of each
/// incident — one written after <see cref="IncidentGapMs"/> without any dump — is remembered so retention keeps it
/// (the last <see cref="ProtectedMax"/> such dumps; in memory: a restart forgets them, oldest-first applies then).
/// </summary>
internal sealed class RecorderBudget(int perMinute, long incidentGapMs, int protectedMax)
{
    private const long WindowMs = 60_000;
    private readonly Queue<long> _recent = new();
    private readonly Queue<string> _protected = new();
    private long? _lastDumpAt;

    public int PerMinute { get; } = Math.Max(1, perMinute);

    public long IncidentGapMs { get; } = incidentGapMs;

    public int ProtectedMax { get; } = Math.Max(1, protectedMax);

    /// <summary>The dumps retention must not remove (file stems, oldest first).</summary>
    public IReadOnlyCollection<string> Protected => _protected;

    /// <summary>Triggers refused since start because the budget was spent.</summary>
    public long Refused { get; private set; }

    /// <summary>Takes one dump from the budget; false (and <paramref name="triggers"/> counted as refused) when spent.</summary>
    public bool TryTake(long nowMs, int triggers, out bool incidentStart)
    {
        while (_recent.Count > 0 && nowMs - _recent.Peek() >= WindowMs)
        {
            _recent.Dequeue();
        }

        incidentStart = false;
        if (_recent.Count >= PerMinute)
        {
            Refused += triggers;
            return false;
        }

        _recent.Enqueue(nowMs);
        incidentStart = _lastDumpAt is not { } last || nowMs - last >= IncidentGapMs;
        _lastDumpAt = nowMs;
        return true;
    }

    /// <summary>Keeps <paramref name="stem"/> from retention (the first dump of an incident).</summary>
    public void Protect(string stem)
    {
        _protected.Enqueue(stem);
        while (_protected.Count > ProtectedMax)
        {
            _protected.Dequeue();
        }
    }
}
