using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Headless;

/// <summary>Bounds of <c>--record DIR</c>.</summary>
internal sealed record RecorderLimits
{
    /// <summary>At most one dump per finding in this time (<c>--record-every</c>).</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Dumps (JSON + text pairs) kept; the oldest go first (<c>--record-keep</c>).</summary>
    public int Keep { get; init; } = 50;

    /// <summary>Bytes the directory's dumps may take; the oldest go first (<c>--record-max-bytes</c>).</summary>
    public long MaxBytes { get; init; } = 100L * 1024 * 1024;
}

/// <summary>
/// The flight recorder: in the tick where a finding turns critical, or a pids cgroup refuses a fork (the <c>max</c>
/// counter of pids.events rises), it writes the same dump as the dashboard's <c>d</c> key (DumpWriter: JSON and
/// text, 0600, directory 0700, with the history before the moment). Each trigger (scope and limit) dumps at most once
/// per <see cref="RecorderLimits.Every"/>, so a limit held exhausted writes one dump, not one a second. Failures are
/// logged and survived.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FlightRecorder : ITickSink
{
    private readonly DumpWriter _writer;
    private readonly string _dir;
    private readonly RecorderLimits _limits;
    private readonly Dictionary<string, long> _lastDump = new(StringComparer.Ordinal);

    public FlightRecorder(string dir, RecorderLimits? limits = null)
    {
        _dir = Path.GetFullPath(dir);
        _writer = new DumpWriter(_dir);
        _limits = limits ?? new RecorderLimits();
    }

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
            if (e.Kind is TrendEvent.Critical or TrendEvent.ForkRejected)
            {
                string key = e.Scope + " " + e.Limit;
                if (!triggers.Contains(key))
                {
                    triggers.Add(key);
                }
            }
        }

        return triggers;
    }

    public void OnTick(CollectedTick tick) => Observe(tick.Snapshot, tick.NewEvents, tick.History.Before(tick.Snapshot), Environment.TickCount64);

    public void OnFailed(string problem)
    {
    }

    /// <summary>Checks the snapshot and dumps when a trigger fires that has not dumped within the interval.</summary>
    public void Observe(Snapshot s, IReadOnlyList<TrendEvent> newEvents, IReadOnlyList<Snapshot> history, long nowMs)
    {
        var due = new List<string>();
        long every = (long)_limits.Every.TotalMilliseconds;
        foreach (var (key, at) in _lastDump)
        {
            if (nowMs - at >= every)
            {
                _lastDump.Remove(key); // no longer throttling: keys are cgroup names anyone can make (issue 24)
            }
        }

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

        foreach (string key in due)
        {
            _lastDump[key] = nowMs;
        }

        var result = _writer.Write(s, history);
        if (!result.Ok)
        {
            Log.Problem("record", $"--record: {result.Message} (trigger: {string.Join(", ", due)})");
            return;
        }

        Dumps++;
        Log.Resolved("record");
        Log.Info($"recorded {result.JsonPath} and .txt: {string.Join(", ", due)}");
        Prune(result.JsonPath);
    }

    /// <summary>Removes the oldest dumps until the count and the bytes are within bounds (never the one just written).</summary>
    private void Prune(string? newest)
    {
        try
        {
            var stems = new Dictionary<string, (DateTime Time, long Bytes, List<string> Files)>(StringComparer.Ordinal);
            foreach (var f in new DirectoryInfo(_dir).EnumerateFiles("limittop-*"))
            {
                if (f.Extension is not (".json" or ".txt"))
                {
                    continue;
                }

                string stem = Path.GetFileNameWithoutExtension(f.Name);
                var (time, size, files) = stems.TryGetValue(stem, out var x) ? x : (f.LastWriteTimeUtc, 0L, new List<string>());
                files.Add(f.FullName);
                stems[stem] = (time > f.LastWriteTimeUtc ? time : f.LastWriteTimeUtc, size + f.Length, files);
            }

            string? keep = newest is null ? null : Path.GetFileNameWithoutExtension(newest);
            var order = stems.OrderBy(kv => kv.Value.Time).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            long bytes = order.Sum(kv => kv.Value.Bytes);
            int count = order.Count;
            foreach (var kv in order)
            {
                if (count <= _limits.Keep && bytes <= _limits.MaxBytes)
                {
                    break;
                }

                if (kv.Key == keep)
                {
                    continue;
                }

                foreach (string file in kv.Value.Files)
                {
                    File.Delete(file);
                }

                count--;
                bytes -= kv.Value.Bytes;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Problem("record-prune", $"--record: cannot remove old dumps in {_dir}: {e.Message}");
        }
    }
}
