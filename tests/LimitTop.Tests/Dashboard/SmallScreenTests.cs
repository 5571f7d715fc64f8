using LimitTop.Tests.Dashboard;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 5: at 80×24 the key bar keeps q Quit and the help page scrolls.</summary>
public sealed class SmallScreenTests
{
    [Theory]
    [InlineData(80, "")]
    [InlineData(60, "")]
    [InlineData(40, "")]
    [InlineData(80, "sorted by NOFILE%")]
    [InlineData(120, "a long warning from the settings file: columns: NOPE is not a column (PID THR NOFILE% FDS …), the default columns are used")]
    public void The_key_bar_keeps_quit_at_every_width(int width, string status)
    {
        var c = LayoutTests.Busy();
        c.State.Status = status;
        var screen = c.Frame(width, 24, Now);
        string bar = screen.Row(23);
        Assert.Contains("qQuit", bar, StringComparison.Ordinal);
        Assert.StartsWith(" F1Help", " " + bar.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_scrolls_at_80_by_24_to_its_last_line()
    {
        var c = LayoutTests.Busy();
        c.Frame(80, 24, Now);
        c.Input.HandleKey(UiKey.Of(SpecialKey.F1));
        string first = c.Frame(80, 24, Now).Text;
        Assert.Contains("move the selection", first, StringComparison.Ordinal);
        Assert.DoesNotContain("nproc counts every task", first, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.End));
        string end = c.Frame(80, 24, Now).Text;
        Assert.Contains("nproc counts every task", end, StringComparison.Ordinal);
        Assert.Contains("q F10", end, StringComparison.Ordinal);
        Assert.DoesNotContain("move the selection", end, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.Home));
        c.Input.HandleKey(UiKey.Of(SpecialKey.Down));
        string down = c.Frame(80, 24, Now).Text;
        Assert.DoesNotContain("move the selection", down, StringComparison.Ordinal);
        Assert.Equal(Mode.Help, c.State.Mode);
    }

    [Fact]
    public void Help_wraps_long_lines_instead_of_cutting_them()
    {
        var lines = HelpPage.Draw(80, 200).Select(l => l.Text).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        string all = string.Join(" ", lines.Select(l => l.Trim()));
        Assert.Contains("or its whole pids cgroup", all, StringComparison.Ordinal); // the end of k's help line
    }
}
