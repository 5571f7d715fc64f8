using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// Repeating steps of actions (a group kill's rounds every 100 ms), driven by whoever runs the loop: it asks
/// <see cref="NextDeadline"/> for its poll timeout and calls <see cref="Tick"/> when woken. No thread, no
/// system timer: a backend without timers of its own (a plain poll loop) runs actions the same way.
/// </summary>
public sealed class StepTimers
{
    private readonly List<Entry> _entries = [];

    /// <summary>Steps still scheduled.</summary>
    public int Count => _entries.Count;

    /// <summary>When the earliest step is due; null when none is scheduled.</summary>
    public DateTimeOffset? NextDeadline => _entries.Count == 0 ? null : _entries.Min(e => e.Due);

    /// <summary>Runs <paramref name="step"/> every <paramref name="every"/> from <paramref name="now"/> on until it returns false.</summary>
    public void Schedule(TimeSpan every, Func<bool> step, DateTimeOffset now) => _entries.Add(new Entry(every, step, now + every));

    /// <summary>
    /// This as the schedule an action takes (<c>DashboardActions.ForSystem(..., schedule)</c>): a backend without
    /// timers of its own passes this and drives <see cref="NextDeadline"/> / <see cref="Tick"/> from its poll loop.
    /// </summary>
    public Action<TimeSpan, Func<bool>> Scheduler(Func<DateTimeOffset> clock) => (every, step) => Schedule(every, step, clock());

    /// <summary>Runs every step that is due; true when any ran (the frame may have changed).</summary>
    public bool Tick(DateTimeOffset now)
    {
        bool ran = false;
        foreach (var e in _entries.ToArray())
        {
            if (e.Due > now)
            {
                continue;
            }

            ran = true;
            if (e.Step())
            {
                e.Due = now + e.Every;
            }
            else
            {
                _entries.Remove(e);
            }
        }

        return ran;
    }

    private sealed class Entry(TimeSpan every, Func<bool> step, DateTimeOffset due)
    {
        public TimeSpan Every { get; } = every;
        public Func<bool> Step { get; } = step;
        public DateTimeOffset Due { get; set; } = due;
    }
}
