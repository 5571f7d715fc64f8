using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Survival;

/// <summary>Degrade instead of die, without a terminal: stale data is kept and said so; sampler warnings reach the screen.</summary>
public sealed class DegradeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static string StatusBar(DashboardController c) => c.Frame(160, 40, Now).Text.Split('\n')[^1];

    [Fact]
    public void A_failed_refresh_keeps_the_last_snapshot_and_marks_it_stale_with_the_reason()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        var good = Make([Proc(10, 5), Proc(11, 3)]);
        c.OnSnapshot(good);
        Assert.DoesNotContain("STALE", StatusBar(c), StringComparison.Ordinal);

        c.Store.Fail("OutOfMemoryException: Insufficient memory");
        Assert.Same(good, c.Store.Shown);
        string bar = StatusBar(c);
        Assert.Contains("STALE since " + good.TakenAt.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), bar, StringComparison.Ordinal);
        Assert.Contains("OutOfMemoryException", bar, StringComparison.Ordinal);
        Assert.Equal(2, c.Viewport.Table.Count); // the rows stay

        c.OnSnapshot(Make([Proc(10, 5)], seq: 2));
        Assert.DoesNotContain("STALE", StatusBar(c), StringComparison.Ordinal);
    }

    [Fact]
    public void Sampler_warnings_show_in_the_status_bar_next_to_a_status_message()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make([Proc(10, 5)]) with { Warnings = ["7 processes unreadable: too many open files in this process (EMFILE); 7 shown with older values", "cannot read /proc/loadavg: task count unknown"] });
        string bar = StatusBar(c);
        Assert.Contains("incomplete: 7 processes unreadable", bar, StringComparison.Ordinal);
        Assert.Contains("(+1 more)", bar, StringComparison.Ordinal);

        c.State.Status = "kill sent";
        bar = StatusBar(c);
        Assert.Contains("kill sent", bar, StringComparison.Ordinal);
        Assert.Contains("incomplete:", bar, StringComparison.Ordinal);

        c.OnSnapshot(Make([Proc(10, 5)], seq: 2));
        Assert.DoesNotContain("incomplete:", StatusBar(c), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_socket_counts_read_as_question_marks_kernel_threads_as_dashes()
    {
        var user = Proc(10, 5, sockets: null);
        var kernel = Proc(2, 1, kernel: true);
        var known = Proc(11, 1, sockets: 4);
        var g = Make([user, kernel, known]).Grades;
        Assert.Equal("?", ColumnSpec.Of(ProcessColumn.Sockets).Cell(user, g));
        Assert.Equal("-", ColumnSpec.Of(ProcessColumn.Sockets).Cell(kernel, g));
        Assert.Equal("4", ColumnSpec.Of(ProcessColumn.Sockets).Cell(known, g));
        // not counted yet (the first frame defers the fd scan): pending, neither unknown nor 0
        Assert.Equal("…", ColumnSpec.Of(ProcessColumn.Sockets).Cell(user with { SocketsPending = true }, g));
    }
}
