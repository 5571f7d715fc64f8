using LimitTop.Headless;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Recording;

/// <summary>Bounds of <c>--record DIR</c>.</summary>
internal sealed record RecorderLimits
{
    /// <summary>At most one dump per finding in this time (<c>--record-every</c>).</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Dumps (JSON + text pairs) kept; the oldest go first (<c>--record-keep</c>).</summary>
    public int Keep { get; init; } = 50;

    /// <summary>Bytes the directory's dumps may take; the oldest go first (<c>--record-max-bytes</c>).</summary>
    public long MaxBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Dumps in any 60 s, all triggers together (RecorderBudget): a flood cannot flush the directory.</summary>
    public int PerMinute { get; init; } = 4;

    /// <summary>First dumps of incidents that retention keeps while other dumps can go instead.</summary>
    public int ProtectedIncidents { get; init; } = 10;
}

/// <summary>
/// The flight recorder: in the tick where a finding turns critical, or a pids cgroup refuses a fork (the <c>max</c>
/// counter of pids.events rises), it writes the same dump as the dashboard's <c>d</c> key (DumpWriter: JSON and
/// text, 0600, directory 0700, with the history before the moment). Each trigger (scope and limit) dumps at most once
/// per <see cref="RecorderLimits.Every"/>, so a limit held exhausted writes one dump, not one a second; all triggers
/// together dump at most <see cref="RecorderLimits.PerMinute"/> times a minute (RecorderBudget), the first dump of an
/// incident is kept by retention before newer ones (RecorderRetention), and a dump holds only the rows the
/// triggers involve (DumpFocus). Failures are logged and survived.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FlightRecorder : ITickSink
{
    /// <summary>Triggers a dump's focus and its log line name at most.</summary>
    private const int MaxNamed = 32;

    private readonly DumpWriter _writer;
    private readonly string _dir;
    private readonly RecorderLimits _limits;
    private readonly Dictionary<string, long> _lastDump = new(StringComparer.Ordinal);
    private readonly RecorderBudget _budget;

    private readonly Func<long> _clockMs;

    /// <summary>A recorder writing into <paramref name="dir"/>; <paramref name="clockMs"/> (monotonic ms) defaults to the system's.</summary>
    public FlightRecorder(string dir, RecorderLimits? limits = null, Func<long>? clockMs = null)
    {
        _clockMs = clockMs ?? (static () => Environment.TickCount64);
        _dir = Path.GetFullPath(dir);
        _writer = new DumpWriter(_dir);
        _limits = limits ?? new RecorderLimits();
        _budget = new RecorderBudget(_limits.PerMinute, (long)_limits.Every.TotalMilliseconds, _limits.ProtectedIncidents);
    }

    /// <summary>
    /// Where the recorder's lines go: null (headless) the log, a repeated problem once a minute; beside the dashboard
    /// its status bar (<c>--record DIR</c> there writes the same dumps through this same recorder).
    /// </summary>
    public Action<string>? Report { get; set; }

    /// <summary>Triggers not dumped since start because the per-minute budget was spent.</summary>
    public long Refused => _budget.Refused;

    /// <summary>Dumps written since start.</summary>
    public int Dumps { get; private set; }

    /// <summary>What the recorder reads: nothing beyond what the other sinks need.</summary>
    public ReadNeeds Needs => ReadNeeds.None;

    /// <summary>
    /// The triggers of a tick: the events the collector's trend tracker logged in it (Core/Trends) of the kinds that
    /// dump — a finding turning critical, a pids cgroup refusing forks — keyed by scope and limit. The recorder
    /// detects nothing itself: the event log and the dumps agree on what happened.
    /// </summary>
    public static List<string> Triggers(IReadOnlyList<TrendEvent> newEvents)
    {
        var triggers = new List<string>();
        foreach (var e in newEvents)
        {
            // a refusal burst: the first refusals the witness saw after a quiet spell (not every refused line: a flood)
            if (e.Kind is TrendEvent.Critical or TrendEvent.ForkRejected or TrendEvent.RefusalBurst)
            {
                string key = e.Scope.Key + " " + e.Limit.Name;
                if (!triggers.Contains(key))
                {
                    triggers.Add(key);
                }
            }
        }

        return triggers;
    }

    public void OnTick(CollectedTick tick) => Observe(tick.Snapshot, tick.NewEvents, tick.History.Before(tick.Snapshot), _clockMs());

    public void OnFailed(string problem)
    {
    }

    /// <summary>Checks the snapshot and dumps when a trigger fires that has not dumped within the interval.</summary>
    public void Observe(Snapshot s, IReadOnlyList<TrendEvent> newEvents, IReadOnlyList<Snapshot> history, long nowMs)
    {
        var due = new List<string>();
        foreach (string key in Triggers(newEvents))
        {
            if (!_lastDump.TryGetValue(key, out long at) || nowMs - at >= (long)_limits.Every.TotalMilliseconds)
            {
                due.Add(key);
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        if (!_budget.TryTake(nowMs, due.Count, out bool incidentStart))
        {
            // the same words each time: logged once a minute at most, however long the flood
            Problem("record-budget", $"--record: the budget of {_budget.PerMinute} dumps a minute is spent; further triggers are counted, not dumped");
            return;
        }

        long every = (long)_limits.Every.TotalMilliseconds;
        foreach (var stale in _lastDump.Where(kv => nowMs - kv.Value >= every).Select(kv => kv.Key).ToList())
        {
            _lastDump.Remove(stale); // past its interval it would dump again anyway: the map holds one interval's keys
        }

        foreach (string key in due)
        {
            _lastDump[key] = nowMs;
        }

        // A tick where thousands of cgroups refuse at once: the dump and the log name the first MaxNamed.
        string named = string.Join(", ", due.Take(MaxNamed)) + (due.Count > MaxNamed ? $" (+{due.Count - MaxNamed} more)" : "");
        var result = _writer.Write(s, history, new DumpFocus(due.Count > MaxNamed ? due.GetRange(0, MaxNamed) : due));
        if (!result.Ok)
        {
            Problem("record", $"--record: {result.Message} (trigger: {named})");
            return;
        }

        Dumps++;
        string stem = Path.GetFileNameWithoutExtension(result.JsonPath!);
        if (incidentStart)
        {
            _budget.Protect(stem);
        }

        Resolved("record");
        Info($"recorded {result.JsonPath} and .txt: {named}{(incidentStart ? " (first of an incident: kept)" : "")}");
        if (RecorderRetention.Prune(_dir, _limits.Keep, _limits.MaxBytes, stem, _budget.Protected) is { } problem)
        {
            Problem("record-prune", $"--record: cannot remove old dumps: {problem}");
        }
    }

    private void Info(string message)
    {
        if (Report is { } report)
        {
            report(message);
        }
        else
        {
            Log.Info(message);
        }
    }

    private void Problem(string key, string message)
    {
        if (Report is { } report)
        {
            report(message); // the status bar shows the last line; nothing scrolls to repeat
        }
        else
        {
            Log.Problem(key, message);
        }
    }

    private void Resolved(string key)
    {
        if (Report is null)
        {
            Log.Resolved(key);
        }
    }
}
