using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Sampling;

public sealed class SnapshotHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    private static Snapshot S(long seq, double seconds) => Snap([Member(1, 0, "init", "/sbin/init")], seq, T0.AddSeconds(seconds));

    [Fact]
    public void Keeps_the_last_60_seconds_oldest_first()
    {
        var h = new SnapshotHistory();
        for (int i = 0; i <= 100; i++)
        {
            h.Add(S(i + 1, i));
        }

        var current = S(101, 100); // the screen's snapshot is stored too and is not its own history
        var before = h.Before(current);
        Assert.Equal(Enumerable.Range(41, 59).Select(i => (double)i), before.Select(s => (s.TakenAt - T0).TotalSeconds));
        Assert.True(h.Count <= h.Capacity);
    }

    [Fact]
    public void Fast_refresh_is_thinned_so_the_window_stays_covered_with_at_most_max_count()
    {
        var h = new SnapshotHistory(TimeSpan.FromSeconds(60), maxCount: 60);
        for (int i = 0; i <= 1000; i++)
        {
            h.Add(S(i + 1, i * 0.1)); // 10 per second
        }

        Assert.Equal(60, h.Count);
        var before = h.Before(S(2000, 100));
        Assert.True((before[^1].TakenAt - before[0].TakenAt).TotalSeconds >= 55);
        Assert.Equal(before.OrderBy(s => s.Sequence), before);
    }

    [Fact]
    public void Before_a_frozen_older_snapshot_leaves_out_newer_ones_and_itself()
    {
        var h = new SnapshotHistory();
        for (int i = 0; i < 10; i++)
        {
            h.Add(S(i + 1, i));
        }

        var frozen = S(5, 4);
        Assert.Equal([1L, 2, 3, 4], h.Before(frozen).Select(s => s.Sequence));
        h.Add(S(3, 20)); // an older sequence again is ignored
        Assert.Equal(10, h.Count);
        h.Clear();
        Assert.Empty(h.Before(frozen));
    }

    [Fact]
    public void A_long_pause_drops_everything_older_than_the_window()
    {
        var h = new SnapshotHistory();
        h.Add(S(1, 0));
        h.Add(S(2, 1));
        h.Add(S(3, 500));
        Assert.Equal(1, h.Count);
        Assert.Empty(h.Before(S(3, 500)));
    }
}
