using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 (htop's meters): CPU and memory side by side in the header; F2 hides them.</summary>
public sealed class CpuMemoryMeterTests
{
    private static DashboardController WithMeters()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        var s = Make([Proc(1, 30), Proc(2, 20)]);
        c.OnSnapshot(s with { System = s.System with { CpuPercent = 1.0, MemTotalBytes = 8L << 30, MemAvailableBytes = (8L << 30) * 3 / 10 } });
        return c;
    }

    [Theory]
    [InlineData(120)]
    [InlineData(80)]
    public void The_header_shows_cpu_and_memory_side_by_side(int width)
    {
        string row = WithMeters().Frame(width, 40, Now).Row(1);
        Assert.Matches(@"^ cpu +\[\|.*\] 1\.0% +mem +\[\|+ *\] .*70%", row);
        Assert.True(row.Length <= width);
    }

    [Fact]
    public void F2_hides_the_meters()
    {
        var c = WithMeters();
        c.Input.HandleKey(UiKey.Of(SpecialKey.F2));
        c.Input.HandleKey(UiKey.Of(SpecialKey.Tab)); // the header panels list; cpumemory is its last row
        c.Input.HandleKey(UiKey.Of(SpecialKey.End));
        c.Input.HandleKey(UiKey.Of(' '));
        c.Input.HandleKey(UiKey.Of(SpecialKey.Esc));
        Assert.DoesNotContain("cpu ", c.Frame(120, 40, Now).Text, StringComparison.Ordinal);
        Assert.False(c.State.Meters.HasFlag(HeaderPanels.CpuMemory));
    }
}
