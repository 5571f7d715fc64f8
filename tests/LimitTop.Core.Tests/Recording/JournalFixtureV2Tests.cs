using System.Globalization;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// Fixtures/recording/v2 was written once by the format-2 writer (commit c22717b): 50 ticks of
/// <see cref="SyntheticTicks"/> (seed 1, blocks of 20 ticks, one closed early at the event of tick 37), from tick 11
/// a refusal summary (total = tick − 1, pid 4242 "grower"), the cgroup names of /system.slice/svc2.service ("svc2",
/// "nginx" from tick 26), and CPU 10 % + tick/10, memory 4 GiB with 3 GiB − 4 KiB × (tick − 1) available — which
/// format 2 did not record. Every later limittop must still open it and read these values, its meters empty: never
/// regenerate it, add a fixture beside it when the format changes.
/// </summary>
public sealed class JournalFixtureV2Tests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "recording", "v2");

    private static DateTimeOffset At(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void The_format_2_journal_still_opens_with_its_recorded_values_and_no_meters()
    {
        using var r = JournalReader.Open(Dir);
        Assert.Empty(r.Warnings);
        var seg = Assert.Single(r.Segments);
        Assert.Equal(2, seg.Info.Format);
        Assert.Equal(("host-a", "limittop 0.9-test"), (seg.Info.Host, seg.Info.LimitTopVersion));
        Assert.Equal(3, r.Blocks.Count);
        var all = JournalAssert.ReadAll(r);
        Assert.Equal(50, all.Count);
        Assert.All(all, t => Assert.Equal((null, null, null), (t.System.CpuPercent, t.System.MemTotalBytes, t.System.MemAvailableBytes)));

        var t = r.Tick(r.Seek(At("2026-12-07T03:00:42.5Z"))!.Value);
        Assert.Equal(42, t.Sequence);
        Assert.Equal((41L, 4L), (t.Refusals!.Total, t.Refusals.LastMinute));
        Assert.Equal(4242, Assert.Single(t.Refusals.Processes).Pid);
        Assert.Equal("nginx", Assert.Single(t.Names).Display);
        Assert.Equal("svc2", Assert.Single(all[10].Names).Display);
        Assert.Null(all[9].Refusals);
        Assert.Equal(("user:u0", Core.Model.LimitKind.Nproc), (t.Findings[0].Scope.Key, t.Findings[0].Limit));
        Assert.Equal(37, r.Tick(Assert.Single(r.Events()).Position).Sequence);

        var snap = t.ToSnapshot(); // what the replay draws: the meters empty, as recorded
        Assert.Null(snap.System.CpuPercent);
        Assert.Null(snap.System.MemTotalBytes);
        Assert.Equal("nginx", snap.Names["/system.slice/svc2.service"].Display);
        Assert.Equal(41L, snap.Refusals!.Total);
    }
}
