using System.Diagnostics;
using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// The one composition of a tick, for every host (the dashboard in both terminal modes, <c>--headless</c>,
/// <c>--once</c>): take a raw snapshot from the <see cref="ITickSource"/>, reading what the sinks need; rank every
/// limit (the diagnosis); run the trend tracker over it (series, forecasts into the diagnosis, events); grade it;
/// keep it in the history; hand the result to every <see cref="ITickSink"/>. It owns everything that needs memory across ticks above the sampler, so a sink
/// never re-derives what another computed (the recorder reads the event log; the exports read this snapshot,
/// not the screen's). Not thread-safe: the loop's thread owns it.
/// </summary>
public sealed class Collector : IDisposable
{
    private readonly List<ITickSink> _sinks = [];
    private readonly List<ITickStage> _stages = [];
    private readonly ITickSource? _source;

    /// <summary>A collector pulling from <paramref name="source"/> (null: fed by <see cref="Accept"/> only, as in view tests).</summary>
    public Collector(ITickSource? source = null, SnapshotHistory? history = null, TrendTracker? trends = null)
    {
        _source = source;
        History = history ?? new SnapshotHistory();
        Trends = trends ?? new TrendTracker();
    }

    public ITickSource? Source => _source;

    /// <summary>Series, forecasts and the event log (Core/Trends).</summary>
    public TrendTracker Trends { get; }

    /// <summary>The last minute of finished snapshots (dumps, the recorder).</summary>
    public SnapshotHistory History { get; }

    /// <summary>The newest finished snapshot; null before the first tick.</summary>
    public Snapshot? Latest { get; private set; }

    /// <summary>What every sample reads besides what the sinks ask for.</summary>
    public ReadNeeds AlsoRead { get; set; } = ReadNeeds.None;

    /// <summary>
    /// The snapshots fed are a recording's (a replay): finished already — names, refusals, the diagnosis with its
    /// forecasts, the event log as recorded — so no stage, no diagnosis and no trend output is run on them; the trend
    /// tracker only takes their figures for the sparklines, and a step back in time starts the history afresh.
    /// </summary>
    public bool Recorded { get; set; }

    /// <summary>Ticks finished since start (a sink's or a test's "a tick has passed").</summary>
    public long Ticks { get; private set; }

    public void Add(ITickSink sink) => _sinks.Add(sink);

    /// <summary>Adds a stage run on every snapshot before the diagnosis (names, refusals).</summary>
    public void Add(ITickStage stage) => _stages.Add(stage);

    /// <summary>The union of what the sinks need now, plus <see cref="AlsoRead"/>.</summary>
    public ReadNeeds Needs
    {
        get
        {
            var needs = AlsoRead;
            foreach (var s in _sinks)
            {
                needs |= s.Needs;
            }

            return needs;
        }
    }

    /// <summary>One tick from the source; the finished tick, or null when the sample was refused (the sinks were told).</summary>
    public CollectedTick? Tick()
    {
        if (_source is null)
        {
            throw new InvalidOperationException("this collector has no source; feed it with Accept");
        }

        long t0 = Stopwatch.GetTimestamp();
        if (!_source.TryNext(Needs, out var raw, out string? problem))
        {
            foreach (var s in _sinks)
            {
                s.OnFailed(problem);
            }

            return null;
        }

        return Accept(raw, Stopwatch.GetElapsedTime(t0));
    }

    /// <summary>Finishes a snapshot taken elsewhere (a test's, a replay's) exactly as a sampled one, and feeds the sinks.</summary>
    public CollectedTick Accept(Snapshot raw, TimeSpan sampleTime = default)
    {
        if (Recorded)
        {
            return AcceptRecorded(raw, sampleTime);
        }

        long eventsBefore = Trends.Events.Total;
        foreach (var stage in _stages)
        {
            raw = stage.Apply(raw, Trends.Events);
        }

        // The limits ranked — unless the snapshot carries its diagnosis already (a recording's, a test's): a diagnosis
        // always has the system's findings, so an empty one means "not yet" — then forecasts and events.
        var snapshot = Trends.Observe(raw.Diagnosis.Count > 0 ? raw : DiagnosisBuilder.Diagnose(raw));
        _ = snapshot.Grades; // graded once, eagerly, on this instance (no copy: the tracker's snapshot is the one kept)
        var fresh = NewEvents(eventsBefore);
        var tick = new CollectedTick(snapshot, fresh, History, sampleTime);
        Latest = snapshot;
        Ticks++;
        foreach (var s in _sinks)
        {
            s.OnTick(tick);
        }

        History.Add(snapshot); // after the sinks: History.Before(snapshot) is the minute before this one
        return tick;
    }

    private CollectedTick AcceptRecorded(Snapshot recorded, TimeSpan sampleTime)
    {
        var before = Latest;
        _ = recorded.Grades;
        _ = Trends.Observe(recorded); // the figures for the sparklines; its forecasts and events are the recording's own
        IReadOnlyList<TrendEvent> fresh = [];
        if (before is not null && recorded.TakenAt > before.TakenAt && recorded.TakenAt - before.TakenAt <= History.MaxAge)
        {
            var seen = new HashSet<TrendEvent>(before.Events);
            fresh = [.. recorded.Events.Where(e => !seen.Contains(e))];
        }
        else
        {
            History.Clear(); // a jump: the minute before it is not what the history holds
        }

        var tick = new CollectedTick(recorded, fresh, History, sampleTime);
        Latest = recorded;
        Ticks++;
        foreach (var s in _sinks)
        {
            s.OnTick(tick);
        }

        History.Add(recorded);
        return tick;
    }

    private IReadOnlyList<TrendEvent> NewEvents(long totalBefore)
    {
        long added = Trends.Events.Total - totalBefore;
        var recent = Trends.Events.Recent;
        if (added <= 0 || recent.Count == 0)
        {
            return [];
        }

        int n = (int)Math.Min(added, recent.Count);
        var list = new TrendEvent[n];
        for (int i = 0; i < n; i++)
        {
            list[i] = recent[recent.Count - n + i];
        }

        return list;
    }

    public void Dispose() => _source?.Dispose();
}
