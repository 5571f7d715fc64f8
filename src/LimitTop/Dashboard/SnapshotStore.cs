using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Dashboard;

/// <summary>
/// The snapshots the dashboard knows, kept apart from what it shows them with (as bottom's DataStore is apart
/// from its widgets): the newest, the one on screen (they differ while frozen), the last minute for a dump, and
/// why the last refresh failed. Panel models are built here once per snapshot shown, never per frame.
/// </summary>
public sealed class SnapshotStore(TrendTracker trends, SnapshotHistory history)
{
    /// <summary>The newest snapshot (sampling goes on while frozen).</summary>
    public Snapshot? Latest { get; private set; }

    /// <summary>The snapshot on screen (stays put while frozen).</summary>
    public Snapshot? Shown { get; private set; }

    /// <summary>What the panels draw for <see cref="Shown"/>; null before the first sample.</summary>
    public PanelModels? Models { get; private set; }

    public bool Frozen { get; private set; }

    /// <summary>The last minute of snapshots for a dump (d): the collector's (Core/Pipeline), read here.</summary>
    public SnapshotHistory History { get; } = history;

    /// <summary>Series, forecasts and events (Core/Trends): the collector's, which fed them before this store saw the snapshot.</summary>
    public TrendTracker Trends { get; } = trends;

    /// <summary>
    /// Why the last refresh failed, or null. The last good snapshot stays on screen, marked stale in the status
    /// bar: a monitor that dies when the box is in trouble is no use (see Hosting/ThreadBudget.cs).
    /// </summary>
    public string? SampleProblem { get; private set; }

    /// <summary>How long the last sample took (wall clock), shown in the status bar.</summary>
    public TimeSpan LastSampleTime { get; set; }

    /// <summary>The newest event when the newest sample brought one (the header flashes it); sampling goes on while frozen, so this does too.</summary>
    public TrendEvent? NewEvent { get; private set; }

    /// <summary>A new finished snapshot and the events its tick added; true when it is now the one shown.</summary>
    public bool Add(Snapshot snapshot, IReadOnlyList<TrendEvent> newEvents)
    {
        SampleProblem = null;
        if (newEvents.Count > 0)
        {
            NewEvent = newEvents[^1];
        }

        Latest = snapshot;
        if (Frozen)
        {
            return false;
        }

        Show(snapshot);
        return true;
    }

    /// <summary>A refresh failed: keep what is shown, remember why.</summary>
    public void Fail(string why) => SampleProblem = why;

    /// <summary>Freezes or thaws; true when the shown snapshot changed (thawing shows the newest).</summary>
    public bool SetFrozen(bool frozen)
    {
        Frozen = frozen;
        if (!frozen && Latest is { } latest && !ReferenceEquals(latest, Shown))
        {
            Show(latest);
            return true;
        }

        return false;
    }

    private void Show(Snapshot snapshot)
    {
        Shown = snapshot;
        Models = PanelModels.Of(snapshot, Trends);
    }
}
