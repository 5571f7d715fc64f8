using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

public sealed class JournalRoundTripTests
{
    private static List<RecordedTick> Write(string dir, int ticks, JournalOptions? options = null, int processes = 60)
    {
        var gen = new SyntheticTicks(processes: processes);
        var written = new List<RecordedTick>();
        using var w = new JournalWriter(dir, SyntheticTicks.Info, options ?? new JournalOptions { BlockTicks = 13 });
        for (int i = 0; i < ticks; i++)
        {
            var t = gen.Next();
            written.Add(t);
            var status = w.Append(t);
            Assert.True(status.Healthy, status.Message);
        }

        return written;
    }

    [Fact]
    public void Every_tick_reads_back_exactly_through_key_frames_and_deltas()
    {
        using var tmp = new TempJournal();
        var written = Write(tmp.Dir, 200);
        using var r = JournalReader.Open(tmp.Dir);
        var read = JournalAssert.ReadAll(r);
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            JournalAssert.SameTick(written[i], read[i]);
        }

        Assert.Empty(r.Warnings);
        Assert.True(r.Blocks.Count >= 200 / 13, $"{r.Blocks.Count} blocks");
    }

    [Fact]
    public void A_reused_pid_with_another_start_time_is_another_process()
    {
        using var tmp = new TempJournal();
        var written = Write(tmp.Dir, 50);
        using var r = JournalReader.Open(tmp.Dir);
        var read = JournalAssert.ReadAll(r);
        // tick 46 (sequence 46 % 23 == 0) replaced a process by another with the same pid
        var before = read[44].Processes.ToDictionary(p => p.Row.Pid);
        var reborn = read[45].Processes.Single(p => before.TryGetValue(p.Row.Pid, out var b) && b.Row.StartTicks != p.Row.StartTicks);
        Assert.Equal("reborn", reborn.Row.Name);
        Assert.Contains(reborn, written[45].Processes);
    }

    [Fact]
    public void Hostile_strings_come_back_unchanged()
    {
        using var tmp = new TempJournal();
        var written = Write(tmp.Dir, 40);
        using var r = JournalReader.Open(tmp.Dir);
        var names = JournalAssert.ReadAll(r).SelectMany(t => t.Processes.Select(p => p.Row.Name)).ToHashSet();
        foreach (var s in SyntheticTicks.Hostile.Where(h => written.Any(t => t.Processes.Any(p => p.Row.Name == h))))
        {
            Assert.Contains(s, names);
        }

        Assert.Contains(SyntheticTicks.Hostile[2], names);
        Assert.Contains(JournalAssert.ReadAll(r), t => t.Cgroups.Any(c => c.Usage.Path.Contains('\n', StringComparison.Ordinal)));
    }

    [Fact]
    public void Seek_finds_the_last_tick_at_or_before_a_time_and_steps_both_ways()
    {
        using var tmp = new TempJournal();
        var written = Write(tmp.Dir, 120);
        using var r = JournalReader.Open(tmp.Dir);
        var target = written[77];
        var p = r.Seek(target.Time.AddMilliseconds(500))!.Value;
        Assert.Equal(target.Sequence, r.Tick(p).Sequence);
        var back = r.Previous(p)!.Value;
        Assert.Equal(written[76].Sequence, r.Tick(back).Sequence);
        Assert.Equal(target.Sequence, r.Tick(r.Next(back)!.Value).Sequence);
        Assert.Equal(1, r.Tick(r.Seek(SyntheticTicks.Epoch.AddDays(-1))!.Value).Sequence);
        Assert.Equal(120, r.Tick(r.Seek(SyntheticTicks.Epoch.AddDays(1))!.Value).Sequence);
        Assert.Null(r.Next(r.Last()!.Value));
        Assert.Null(r.Previous(r.First()!.Value));
    }

    [Fact]
    public void Events_are_listed_once_each_with_the_tick_where_they_appear()
    {
        using var tmp = new TempJournal();
        var written = Write(tmp.Dir, 200);
        using var r = JournalReader.Open(tmp.Dir);
        var events = r.Events();
        var expected = written.SelectMany(t => t.Events).Distinct().ToList();
        Assert.Equal(expected, events.Select(e => e.Event));
        foreach (var e in events)
        {
            Assert.Equal(e.Event.Time, r.Tick(e.Position).Time);
        }
    }

    [Fact]
    public void A_snapshot_comes_back_with_the_same_fields()
    {
        using var tmp = new TempJournal();
        var tick = new SyntheticTicks().Next();
        var snap = tick.ToSnapshot();
        var again = RecordedTick.FromSnapshot(snap, path => path.Contains("svc2", StringComparison.Ordinal) ? "nginx" : null);
        using (var w = new JournalWriter(tmp.Dir, SyntheticTicks.Info))
        {
            w.Append(again);
        }

        using var r = JournalReader.Open(tmp.Dir);
        var back = r.Tick(r.First()!.Value).ToSnapshot();
        Assert.Equal(snap.TakenAt, back.TakenAt);
        Assert.Equal(snap.System, back.System);
        Assert.Equal(snap.Users, back.Users);
        Assert.Equal(snap.Processes, back.Processes);
        Assert.Equal(snap.Cgroups, back.Cgroups);
        Assert.Equal(snap.Diagnosis, back.Diagnosis);
        Assert.Equal(snap.Events, back.Events);
        Assert.Equal(snap.Warnings, back.Warnings);
        Assert.Equal("nginx", r.Tick(r.First()!.Value).Cgroups.Single(c => c.Usage.Path.Contains("svc2", StringComparison.Ordinal)).Name);
        Assert.Equal(snap.ForecastSeries.Select(f => (f.Scope, f.Limit, f.RatePerMinute, f.ExhaustedIn)),
            back.ForecastSeries.Select(f => (f.Scope, f.Limit, f.RatePerMinute, f.ExhaustedIn)));
    }

    [Fact]
    public void Values_below_the_recorded_precision_are_rounded_not_lost()
    {
        using var tmp = new TempJournal();
        var tick = new SyntheticTicks().Next();
        var p0 = tick.Processes[0];
        var odd = tick with
        {
            Time = tick.Time.AddTicks(1234),
            Processes = [p0 with { Row = p0.Row with { CpuPercent = 12.34, LimitsAge = TimeSpan.FromSeconds(3) } }, .. tick.Processes.Skip(1)],
        };
        using (var w = new JournalWriter(tmp.Dir, SyntheticTicks.Info))
        {
            w.Append(odd);
        }

        using var r = JournalReader.Open(tmp.Dir);
        var back = r.Tick(r.First()!.Value);
        Assert.Equal(tick.Time, back.Time);
        Assert.Equal(12.3, back.Processes[0].Row.CpuPercent);
        Assert.Equal(TimeSpan.Zero, back.Processes[0].Row.LimitsAge);
    }
}
