using LimitTop.Core.Model;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 2: a new sort or filter shows the top of the table; the table says when it is scrolled.</summary>
public sealed class SortShowsTopTests
{
    /// <summary>100 processes: THR descending puts pid 1100 first; NOFILE% (fds) ascending by pid order.</summary>
    private static DashboardController Many()
    {
        var ps = Enumerable.Range(0, 100).Select(i => Proc(1000 + i, threads: 200 - i, fds: 1 + i * 10)).ToList();
        ps.Add(Proc(2, 1, kernel: true, name: "kthreadd", user: "root", uid: 0));
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make(ps));
        c.Frame(120, 30, Now);
        return c;
    }

    private static void ScrollToEnd(DashboardController c)
    {
        c.Input.HandleKey(UiKey.Of(SpecialKey.End));
        c.Frame(120, 30, Now);
        Assert.True(c.Viewport.TopRow > 0, "scrolled");
    }

    /// <summary>The middle row: in every order of these monotone columns it stays in the middle, off the first page.</summary>
    private static void ScrollToMiddle(DashboardController c)
    {
        c.Viewport.SelectPid(1050);
        c.Frame(120, 30, Now);
        Assert.True(c.Viewport.TopRow > 0, "scrolled");
    }

    [Theory]
    [InlineData('<')]
    [InlineData('>')]
    [InlineData('I')]
    [InlineData('K')]
    public void A_new_sort_shows_the_top_of_the_table(char key)
    {
        var c = Many();
        ScrollToMiddle(c);
        c.Input.HandleKey(UiKey.Of(key));
        var screen = c.Frame(120, 30, Now);
        Assert.Equal(0, screen.TopRow);
        Assert.Equal(0, c.Viewport.SelectedIndex);
        Assert.Equal(c.Viewport.Table.Rows[0].Pid, c.Viewport.SelectedPid);
    }

    [Fact]
    public void A_click_on_a_column_title_shows_the_top()
    {
        var c = Many();
        ScrollToMiddle(c);
        var screen = c.Frame(120, 30, Now);
        var fds = screen.HeaderCells.First(h => h.Column == ProcessColumn.Fds);
        c.Click(fds.X0, screen.TableHeaderRow);
        screen = c.Frame(120, 30, Now);
        Assert.Equal(ProcessColumn.Fds, c.Input.Options.SortColumn);
        Assert.Equal(0, screen.TopRow);
        Assert.Contains(" 991 ", screen.Row(screen.BodyTop), StringComparison.Ordinal); // the largest FDS is on top, visible
    }

    [Fact]
    public void A_filter_shows_the_top()
    {
        var c = Many();
        ScrollToEnd(c);
        c.Input.HandleKey(UiKey.Of('\\'));
        c.Input.HandleKey(UiKey.Of('1'));
        var screen = c.Frame(120, 30, Now);
        Assert.Equal(0, screen.TopRow);
        Assert.Equal(0, c.Viewport.SelectedIndex);
    }

    [Fact]
    public void The_selection_stays_on_its_pid_when_it_stays_on_screen()
    {
        var c = Many();
        c.Input.HandleKey(UiKey.Of(SpecialKey.Down));
        c.Input.HandleKey(UiKey.Of(SpecialKey.Down));
        Assert.Equal(1002, c.Viewport.SelectedPid);
        c.Input.SortBy(ProcessColumn.Pid); // 1002 is the 3rd row again (ascending PID): on the first page
        c.Frame(120, 30, Now);
        Assert.Equal(1002, c.Viewport.SelectedPid);
        Assert.Equal(0, c.Viewport.TopRow);
    }

    [Fact]
    public void The_info_line_says_which_rows_are_shown()
    {
        var c = Many();
        var screen = c.Frame(120, 30, Now);
        int body = screen.BodyRows;
        Assert.Contains($"100 of 101 · rows 1–{body}", screen.Text, StringComparison.Ordinal);
        ScrollToEnd(c);
        screen = c.Frame(120, 30, Now);
        Assert.Contains($"rows {100 - body + 1}–100", screen.Text, StringComparison.Ordinal);
    }
}
