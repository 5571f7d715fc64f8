using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>
/// The history that lasts, the forecasts and the events, fed one snapshot per tick by whoever owns the sampling
/// loop: the collector (Core/Pipeline), for every host. <see cref="Observe"/> records every scope's figures —
/// each user's tasks, each pids cgroup's tasks, the system's tasks, PIDs, open files, TIME_WAIT and the worst
/// tuple's ports, the top processes' threads, fds and sockets, and every finding's own figure (queued signals,
/// the worst fd holder …) — steps each finding's forecast, detects events, and returns the snapshot with the
/// forecasts in its diagnosis (re-ranked by full soonest as well as percent), the event log and the fitted
/// series. Memory is bounded by construction (<see cref="SeriesStore"/>, <see cref="EventLog"/>,
/// <see cref="ProcessDeltas"/>); see README "Forecasts and events". Not thread-safe: the loop's thread owns it.
/// </summary>
public sealed class TrendTracker
{
    /// <summary>Processes with the most threads (and, separately, the most fds) that get a series each.</summary>
    public const int TopProcesses = 20;

    private static readonly HashSet<LimitKind> WallLimits = [LimitKind.Nproc, LimitKind.ThreadsMax, LimitKind.PidMax];

    private readonly Forecaster _forecaster = new();
    private readonly ForkEvents _forks = new();
    private readonly ScopeNames _names = new();
    private readonly TopPicker _top = new(TopProcesses);
    private DateTimeOffset _epoch;
    private long _lastSequence = long.MinValue;
    private int _lastExpire;

    public TrendTracker(int maxSeries = 4096, int eventCapacity = 200)
    {
        Series = new SeriesStore(maxSeries);
        Events = new EventLog(eventCapacity);
    }

    public SeriesStore Series { get; }

    public EventLog Events { get; }

    /// <summary>Δ/min of every process's threads, fds and sockets.</summary>
    public ProcessDeltas Deltas { get; } = new();

    /// <summary>Seconds since the first observed snapshot (the time axis of every series).</summary>
    public int SecondOf(DateTimeOffset t) => (int)Math.Round((t - _epoch).TotalSeconds);

    /// <summary>Records <paramref name="s"/> and returns it with forecasts, events and fitted series.</summary>
    public Snapshot Observe(Snapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Sequence <= _lastSequence)
        {
            return s; // the same snapshot again: already counted
        }

        if (_lastSequence == long.MinValue)
        {
            _epoch = s.TakenAt;
            _lastExpire = 0;
        }

        _lastSequence = s.Sequence;
        int now = SecondOf(s.TakenAt);
        Record(s, now);

        Finding[]? withForecast = null;
        List<ForecastSeries>? fitted = null;
        for (int i = 0; i < s.Diagnosis.Count; i++)
        {
            var f = s.Diagnosis[i];
            if (Series.Add(f.Scope.Key, Figures.ForLimit(f.Limit), now, f.Used) is not { } ts)
            {
                continue;
            }

            DetectEdges(s, f, ts);
            var fc = _forecaster.Step(ts, f.Max, now);
            if (fc.RatePerMinute is { } rate)
            {
                withForecast ??= [.. s.Diagnosis];
                withForecast[i] = ForecastWords.Apply(f, fc, s.Names);
                (fitted ??= []).Add(new ForecastSeries(f.Scope, f.Limit, rate, fc.ExhaustedIn, Forecaster.WindowOf(ts)));
            }
        }

        _forks.Observe(s, Events);
        Deltas.Observe(s.Processes, now);
        if (now - _lastExpire >= 60)
        {
            Series.Expire(now);
            _names.Trim();
            _lastExpire = now;
        }

        if (withForecast is null && Events.Recent.Count == 0 && s.Events.Count == 0)
        {
            return s; // nothing to add: the owner keeps the very snapshot it sampled
        }

        return s with
        {
            Diagnosis = withForecast is null ? s.Diagnosis : ForecastWords.Rank(withForecast),
            Events = Events.Recent,
            ForecastSeries = fitted is null ? Array.Empty<ForecastSeries>() : fitted,
        };
    }

    /// <summary>
    /// A scope's series at the resolution that covers <paramref name="seconds"/> (sparklines: 1 s up to 3 min,
    /// 10 s buckets up to 20 min, 60 s buckets up to 90 min), oldest first; 0 when the scope is not tracked.
    /// Scopes are named as in the diagnosis ("user:bob", "cgroup:/system.slice", "system", "process:1234").
    /// </summary>
    public int Recent(string scope, string figure, int seconds, Span<SeriesPoint> into)
        => Series.TryGet(scope, figure, out var s) ? s.Series.CopyRecent(seconds, into) : 0;

    private void Record(Snapshot s, int now)
    {
        var sys = s.System;
        Series.Add(Scope.SystemKey, Figures.Tasks, now, sys.Tasks);
        Series.Add(Scope.SystemKey, Figures.Pids, now, sys.PidsUsed);
        Series.Add(Scope.SystemKey, Figures.OpenFiles, now, sys.OpenFiles);
        if (s.Sockets is { } so)
        {
            Series.Add(Scope.SystemKey, Figures.TimeWait, now, so.TimeWaitBuckets ?? so.Tcp.TimeWait);
            if (so.EphemeralPorts?.Worst is { } w)
            {
                Series.Add(Scope.SystemKey, Figures.TuplePorts, now, w.Used);
            }
        }

        foreach (var u in s.Users)
        {
            Series.Add(_names.User(u.Uid, u.Name), Figures.Tasks, now, u.ChargedTasks);
        }

        foreach (var c in s.Cgroups)
        {
            Series.Add(_names.Cgroup(c.Path), Figures.Tasks, now, c.PidsCurrent);
        }

        foreach (var p in _top.Pick(s.Processes, static p => p.Threads))
        {
            Series.Add(_names.Process(p.Pid), Figures.Threads, now, p.Threads);
        }

        foreach (var p in _top.Pick(s.Processes, static p => p.Fds ?? -1))
        {
            Series.Add(_names.Process(p.Pid), Figures.Fds, now, p.Fds ?? 0);
            if (p.Sockets is { } n)
            {
                Series.Add(_names.Process(p.Pid), Figures.Sockets, now, n);
            }
        }
    }

    private void DetectEdges(Snapshot s, Finding f, TrackedSeries ts)
    {
        bool atLimit = f.Max is { } max && f.Used >= max;
        if (atLimit && !ts.AtLimit && WallLimits.Contains(f.Limit))
        {
            Events.Add(new TrendEvent(s.TakenAt, TrendEvent.LimitReached, f.Scope, f.Limit, f.Used, f.CulpritPid, NameOf(s, f.CulpritPid)));
        }

        bool critical = f.Severity == Severity.Critical;
        if (critical && !ts.Critical)
        {
            Events.Add(new TrendEvent(s.TakenAt, TrendEvent.Critical, f.Scope, f.Limit, f.Used, f.CulpritPid, NameOf(s, f.CulpritPid)));
        }

        ts.AtLimit = atLimit;
        ts.Critical = critical;
    }

    private static string? NameOf(Snapshot s, int? pid)
    {
        if (pid is not { } p)
        {
            return null;
        }

        foreach (var x in s.Processes)
        {
            if (x.Pid == p)
            {
                return x.Name;
            }
        }

        return null;
    }
}
