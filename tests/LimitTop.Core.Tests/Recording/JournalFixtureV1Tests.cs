using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// Fixtures/recording/v1 was written once by the format-1 writer (50 deterministic ticks, 30 processes, blocks of 20
/// ticks and one closed early at an event). Every later limittop must still open it and read these values: never
/// regenerate it, add a v2 fixture beside it when the format changes.
/// </summary>
public sealed class JournalFixtureV1Tests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "recording", "v1");

    private static RecordedTick t0(JournalReader r) => r.Tick(r.First()!.Value);

    [Fact]
    public void The_format_1_journal_still_opens_with_its_recorded_values()
    {
        using var r = JournalReader.Open(Dir);
        Assert.Empty(r.Warnings);
        var seg = Assert.Single(r.Segments);
        Assert.Equal(new SegmentInfo(new DateTimeOffset(2026, 12, 7, 3, 0, 1, 6, TimeSpan.Zero), "host-a", "0f1e2d3c-boot", "6.8.0-test", "limittop 0.9-test") { Format = 1 },
            seg.Info);
        Assert.Null(t0(r).Refusals); // format 1 has no refusals and no names: read as none
        Assert.Empty(t0(r).Names);
        Assert.Equal(3, r.Blocks.Count);
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T03:00:50.029Z", System.Globalization.CultureInfo.InvariantCulture), r.End);
        Assert.Equal(50, JournalAssert.ReadAll(r).Count);

        var t = r.Tick(r.Seek(DateTimeOffset.Parse("2026-12-07T03:00:42.5Z", System.Globalization.CultureInfo.InvariantCulture))!.Value);
        Assert.Equal(42, t.Sequence);
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T03:00:42.002Z", System.Globalization.CultureInfo.InvariantCulture), t.Time);
        Assert.Equal((30, 5, 5, 1), (t.Processes.Count, t.Users.Count, t.Findings.Count, t.Events.Count));
        var p = t.Processes[0].Row;
        Assert.Equal((100, "(a) b)", 51, 37.0, 819200L, "/usr/bin/worker --id 100 (a) b)"), (p.Pid, p.Name, p.Threads, p.CpuPercent!.Value, p.RssBytes, p.Cmdline));
        Assert.Equal((342L, 2.39, 1004L), (t.System.Tasks, t.System.LoadAverage1, t.System.OpenFiles));
        Assert.Equal(("u0", 73), (t.Users[0].Name, t.Users[0].ChargedTasks));
        Assert.Equal(("/system.slice/svc1.service", 11L, "nginx"), (t.Cgroups[1].Usage.Path, t.Cgroups[1].Usage.PidsCurrent, t.Cgroups[2].Name));
        Assert.Equal(("user:u0", 73L, "u0 uses 73 of 4096"), (t.Findings[0].Scope.Key, t.Findings[0].Used, t.Findings[0].Message));
        Assert.Equal("03:00:37 cgroup:/system.slice/svc1.service: 37 forks refused by pids.max; (a) b) pid 137 holds the most tasks", t.Events[0].ToString());
        Assert.Null(t.Sockets);
        Assert.Equal(306, r.Tick(r.Previous(r.Seek(t.Time)!.Value)!.Value).Sockets!.Tcp.TimeWait);

        var e = Assert.Single(r.Events());
        Assert.Equal(37, r.Tick(e.Position).Sequence);
        var snap = t.ToSnapshot();
        Assert.Equal(t.Processes.Count, snap.Processes.Count);
        Assert.Equal("host-a", snap.System.Hostname);
    }
}
