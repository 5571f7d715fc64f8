using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

public sealed class LayoutTests
{
    internal static DashboardController Busy()
    {
        var ps = new List<ProcessSample> { Proc(100, 950, user: "alice", uid: 1000, nprocSoft: 1000, name: "java", cmd: "java -Xss1m -jar threads.jar") };
        ps.AddRange(Enumerable.Range(200, 60).Select(i => Proc(i, 1, user: i % 2 == 0 ? "bob" : "root", uid: i % 2 == 0 ? 1001 : 0)));
        var cg = new CgroupUsage { Path = "/system.slice/app.service", Version = 2, PidsCurrent = 95, PidsMax = 100, ForkRejectionsSinceStart = 7 };
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make(ps, cgroups: [cg], sockets: Summary()));
        return c;
    }

    [Theory]
    [InlineData(120, 40)]
    [InlineData(80, 24)]
    [InlineData(40, 12)]
    [InlineData(200, 60)]
    [InlineData(20, 5)]
    public void Every_size_fits_and_keeps_the_table(int w, int h)
    {
        var c = Busy();
        var screen = c.Frame(w, h, Now);
        Assert.Equal(h, screen.Lines.Length);
        Assert.All(screen.Lines, l => Assert.True(l.Length <= w, $"line wider than {w}: '{l.Text}'"));
        Assert.Contains("limittop", screen.Row(0), StringComparison.Ordinal);
        Assert.True(screen.TableHeaderRow > 0, "table header on screen");
        Assert.Contains("PID", screen.Row(screen.TableHeaderRow), StringComparison.Ordinal);
        Assert.Contains("THR", screen.Row(screen.TableHeaderRow), StringComparison.Ordinal);
        Assert.Contains(" 950 ", screen.Row(screen.BodyTop), StringComparison.Ordinal); // exact, top by threads
        Assert.True(screen.BodyRows >= Math.Min(3, h - 3));
    }

    [Fact]
    public void Big_screen_shows_every_panel()
    {
        var text = Busy().Frame(120, 40, Now).Text;
        Assert.Contains("tasks [", text, StringComparison.Ordinal);
        Assert.Contains("pids", text, StringComparison.Ordinal);
        Assert.Contains("files", text, StringComparison.Ordinal);
        Assert.Contains("[!!] user alice: 950 of 1,000 tasks", text, StringComparison.Ordinal); // the diagnosis line
        Assert.Contains("USERS", text, StringComparison.Ordinal);
        Assert.Contains("exempt", text, StringComparison.Ordinal);
        Assert.Contains("950/1,000 95% [!!]", text, StringComparison.Ordinal);
        Assert.Contains("PIDS CGROUPS", text, StringComparison.Ordinal);
        Assert.Contains("app.service", text, StringComparison.Ordinal);
        Assert.Contains("95/100 95% [!!] rej +7", text, StringComparison.Ordinal);
        Assert.Contains("TCP SOCKETS", text, StringComparison.Ordinal);
        Assert.Contains("PROCESSES", text, StringComparison.Ordinal);
        Assert.Contains("F1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_selected_row_keeps_its_alarm_cells()
    {
        var screen = Busy().Frame(120, 40, Now);
        var top = screen.Lines[screen.BodyTop];
        Assert.Equal(Tone.Selected, top.Fill);
        Assert.Contains(top.Spans, sp => sp.Tone == Tone.SelectedCritical && sp.Text.Trim() == "950"); // alice at 95 % of nproc
        Assert.Contains(screen.Lines[screen.BodyTop + 1].Spans, sp => sp.Tone == Tone.Normal);
    }

    [Fact]
    public void Small_screens_fold_panels_before_the_table()
    {
        var small = Busy().Frame(40, 12, Now);
        Assert.DoesNotContain("TCP SOCKETS", small.Text, StringComparison.Ordinal);
        Assert.True(small.BodyRows >= 4);
        var mid = Busy().Frame(80, 24, Now);
        Assert.Contains("USERS", mid.Text, StringComparison.Ordinal);
        Assert.True(mid.BodyRows >= 8);
    }

    [Fact]
    public void Sockets_panel_draws_the_planned_contract()
    {
        var d = new SocketPanelData
        {
            TcpStates = [new("ESTABLISHED", 40), new("TIME_WAIT", 9000), new("LISTEN", 5)],
            TimeWaitBuckets = 9000,
            TimeWaitBucketsMax = 10000,
            EphemeralRange = 28232,
            Worst = new EphemeralTuple("127.0.0.1", "127.0.0.1", 8080, 9000),
            TimeWaitSeverity = Severity.Critical, // graded in Core: 9,000 of 10,000 buckets
        };
        var lines = SocketsPanel.Draw(d, 60, 10).Select(l => l.Text).ToList();
        Assert.Contains(lines, l => l.Contains("tw buckets", StringComparison.Ordinal) && l.Contains("9,000/10,000 90% [!!]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ephemeral", StringComparison.Ordinal) && l.Contains("127.0.0.1→127.0.0.1:8080", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" TIME_WAIT   [!!!", StringComparison.Ordinal) && l.EndsWith("9,000 of 10,000 buckets", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" LISTEN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" ESTABLISHED [|", StringComparison.Ordinal));
        Assert.Equal(3, SocketsPanel.Draw(d, 60, 3).Count);

        // half of an 80-column screen (issue 25's screenshots): no figure is cut, nor the tuple
        var half = SocketsPanel.Draw(d with { Worst = new EphemeralTuple("127.0.0.1", "127.0.0.1", 37783, 3000) }, 39, 10).Select(l => l.Text).ToList();
        int at = half.FindIndex(l => l.Contains("ephemeral", StringComparison.Ordinal));
        Assert.Contains("3,000/28,232 10%", half[at], StringComparison.Ordinal);
        Assert.Equal("→127.0.0.1:37783", half[at + 1].Trim()); // the tuple on its own line below, whole
        Assert.All(half, l => Assert.DoesNotContain("…", l, StringComparison.Ordinal));
        Assert.Contains("not sampled", SocketsPanel.Draw(null, 60, 3)[1].Text, StringComparison.Ordinal);
    }

    internal static SocketSummary Summary() => new()
    {
        TakenAt = DateTimeOffset.UnixEpoch,
        Source = SocketSource.Netlink,
        Tcp = new TcpStateCounts { Established = 12, TimeWait = 3000, Listen = 4 },
        TcpV4 = new TcpStateCounts { Established = 12, TimeWait = 3000, Listen = 4 },
        TcpV6 = TcpStateCounts.Empty,
        DetailAge = TimeSpan.Zero,
        PerUid = [],
        UdpV4 = 3,
        TimeWaitBuckets = 3001,
        TimeWaitBucketsMax = 4096,
        TimeWaitOverflowsSinceStart = 17,
        EphemeralPorts = new EphemeralPorts { Low = 32768, High = 60999, Worst = new PortTuple("127.0.0.1", "127.0.0.1", 8080, 3000) },
    };

    [Fact]
    public void Sockets_panel_maps_the_sampler_summary()
    {
        var d = SocketPanelData.From(Summary())!;
        Assert.Equal(["TIME_WAIT", "ESTABLISHED", "LISTEN"], d.TcpStates.Select(kv => kv.Key));
        Assert.Equal(28232, d.EphemeralRange);
        Assert.Equal(3000, d.Worst!.Used);
        Assert.Null(SocketPanelData.From(null));

        string text = Busy().Frame(120, 40, Now).Text;
        Assert.Contains("3,016 tcp · 3 udp", text, StringComparison.Ordinal);
        Assert.Contains("[!!] 17 closes got no TIME_WAIT", text, StringComparison.Ordinal);
        Assert.Contains("3,001/4,096 73% [!]", text, StringComparison.Ordinal);
        Assert.Contains("3,000/28,232 10%", text, StringComparison.Ordinal);
    }

    /// <summary>The SOCK cell of <paramref name="pid"/>'s row (the column is right-aligned under its title).</summary>
    private static string SockCell(Screen screen, int pid)
    {
        string header = screen.Lines.Select(l => l.Text).First(t => t.Contains(" SOCK ", StringComparison.Ordinal) && t.Contains("NOFILE%", StringComparison.Ordinal));
        int end = header.IndexOf(" SOCK ", StringComparison.Ordinal) + 5;
        string row = screen.Lines.Select(l => l.Text).First(t => t.TrimStart().StartsWith(pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal));
        return row[(end - 5)..end].Trim();
    }

    [Fact]
    public void First_frame_shows_figures_not_measured_yet_as_pending_not_zero()
    {
        // What the sampler's first snapshot at scale holds: counters for the histogram, no full walk, no fd scan.
        var first = Summary() with
        {
            TcpV4 = null,
            TcpV6 = null,
            DetailAge = null,
            PerUid = null,
            ProcessScanPending = true,
            EphemeralPorts = new EphemeralPorts { Low = 32768, High = 60999 },
        };
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make([Proc(100, 950, name: "java") with { SocketsPending = true }, Proc(300, 1, sockets: null)], sockets: first));
        var screen = c.Frame(200, 60, Now);
        Assert.Equal(Cells.Pending, SockCell(screen, 100));
        Assert.Equal("?", SockCell(screen, 300)); // unreadable stays unknown
        var panel = SocketsPanel.Draw(SocketPanelData.From(first), 80, 10).Select(l => l.Text).ToList();
        Assert.Contains(panel, l => l.StartsWith(" ephemeral  … busiest tuple of 28,232 ports", StringComparison.Ordinal));
        Assert.DoesNotContain("none in use", screen.Text, StringComparison.Ordinal);
        Assert.Contains("3,016 tcp · 3 udp", screen.Text, StringComparison.Ordinal); // the histogram itself is measured

        // The next tick has them.
        c.OnSnapshot(Make([Proc(100, 950, name: "java", sockets: 0), Proc(300, 1, sockets: null)], seq: 2, sockets: Summary()));
        screen = c.Frame(200, 60, Now);
        Assert.Equal("0", SockCell(screen, 100));
        Assert.Contains("3,000/28,232 10%", screen.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("busiest tuple", screen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void User_bars_line_up_and_a_one_line_panel_is_only_its_title()
    {
        var c = Busy();
        var users = UsersPanel.Draw(c.Store.Shown!.Grades.RankedUsers, 120, 10).Skip(1).Select(l => l.Text).ToList();
        Assert.True(users.Count >= 2);
        var barEnds = users.Where(l => l.Contains("nproc  [", StringComparison.Ordinal)).Select(l => l.IndexOf(']', StringComparison.Ordinal)).ToList();
        Assert.Equal(2, barEnds.Count); // alice 950/1,000 and bob 30/4,096: different number widths, same bar
        Assert.Single(barEnds.Distinct());
        Assert.Single(UsersPanel.Draw(c.Store.Shown!.Grades.RankedUsers, 120, 1));
    }

    [Fact]
    public void Users_rank_by_nearest_limit()
    {
        var c = Busy();
        var ranked = c.Store.Shown!.Grades.RankedUsers;
        Assert.Equal("alice", ranked[0].User.Name);
        Assert.Equal(1, ranked[0].Rank);
    }
}
