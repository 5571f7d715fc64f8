using LimitTop.Core.Model;
using LimitTop.Ui;
using static LimitTop.Tests.Snapshots;

namespace LimitTop.Tests;

public sealed class ControllerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static DashboardController WithProcesses(params ProcessSample[] ps)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make(ps));
        _ = c.Render(120, 40, Now);
        return c;
    }

    private static void Press(DashboardController c, params UiKey[] keys)
    {
        foreach (var k in keys)
        {
            Assert.True(c.HandleKey(k));
        }
    }

    private static UiKey K(SpecialKey k) => UiKey.Of(k);

    private static UiKey K(char ch) => UiKey.Of(ch);

    [Fact]
    public void Selection_stays_on_the_same_pid_when_rows_reorder()
    {
        var c = WithProcesses(Proc(1, 30), Proc(2, 20), Proc(3, 10));
        Press(c, K(SpecialKey.Down));
        Assert.Equal(2, c.SelectedPid);
        Assert.Equal(1, c.SelectedIndex);

        // pid 2 now has the fewest threads: it moves to the bottom, the selection follows it
        c.OnSnapshot(Make([Proc(1, 30), Proc(2, 1), Proc(3, 10)], seq: 2));
        Assert.Equal(2, c.Selected!.Pid);
        Assert.Equal(2, c.SelectedIndex);
    }

    [Fact]
    public void When_the_selected_pid_vanishes_the_row_index_stays()
    {
        var c = WithProcesses(Proc(1, 30), Proc(2, 20), Proc(3, 10));
        Press(c, K(SpecialKey.Down));
        c.OnSnapshot(Make([Proc(1, 30), Proc(3, 10)], seq: 2));
        Assert.Equal(3, c.Selected!.Pid);
    }

    [Fact]
    public void Movement_keys_clamp_and_page()
    {
        var c = WithProcesses(Enumerable.Range(1, 200).Select(i => Proc(i, 1000 - i)).ToArray());
        Press(c, K(SpecialKey.Up));
        Assert.Equal(1, c.SelectedPid);
        Press(c, K(SpecialKey.End));
        Assert.Equal(200, c.SelectedPid);
        Press(c, K(SpecialKey.Home), K(SpecialKey.PageDown));
        Assert.Equal(c.PageRows, c.SelectedIndex);
        Assert.True(c.PageRows > 5);
        Press(c, K(SpecialKey.PageUp));
        Assert.Equal(0, c.SelectedIndex);

        // the selected row is always on screen
        Press(c, K(SpecialKey.End));
        var screen = c.Render(120, 40, Now);
        Assert.Contains(screen.Lines.Skip(screen.BodyTop).Take(screen.BodyRows), l => l.Text.TrimStart().StartsWith("200 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Escape_never_quits_and_clears_search_and_filters()
    {
        var c = WithProcesses(Proc(1, 3, name: "nginx"), Proc(2, 2, name: "sshd"));
        Press(c, K('\\'), K('s'), K('s'), K('h'), K(SpecialKey.Enter));
        Assert.Equal("ssh", c.Options.Filter);
        Assert.Equal(1, c.Table.Count);
        Press(c, K(SpecialKey.Esc));
        Assert.False(c.QuitRequested);
        Assert.Equal("", c.Options.Filter);
        Assert.Equal(2, c.Table.Count);
        Press(c, K(SpecialKey.Esc), K(SpecialKey.Esc), K(SpecialKey.CtrlZ));
        Assert.False(c.QuitRequested);
        Press(c, K('q'));
        Assert.True(c.QuitRequested);
    }

    [Theory]
    [InlineData(SpecialKey.F10)]
    [InlineData(SpecialKey.CtrlC)]
    public void Other_quit_keys(SpecialKey k)
    {
        var c = WithProcesses(Proc(1, 1));
        Press(c, K(k));
        Assert.True(c.QuitRequested);
    }

    [Fact]
    public void Search_jumps_to_matches_and_escape_in_the_prompt_clears_it()
    {
        var c = WithProcesses(Proc(1, 9, name: "alpha"), Proc(2, 8, name: "beta"), Proc(3, 7, name: "alphabet"));
        Press(c, K('/'), K('a'), K('l'), K('p'));
        Assert.Equal(Mode.SearchPrompt, c.Mode);
        Assert.Equal(1, c.SelectedPid);
        Press(c, K(SpecialKey.F3));
        Assert.Equal(3, c.SelectedPid);
        Press(c, K(SpecialKey.Enter), K('n'));
        Assert.Equal(Mode.Normal, c.Mode);
        Assert.Equal(1, c.SelectedPid); // wrapped
        Press(c, K(SpecialKey.F3));
        Assert.Equal(3, c.SelectedPid);
        Press(c, K('/'), K('z'), K('z'));
        Assert.StartsWith("no match", c.Status, StringComparison.Ordinal);
        Press(c, K(SpecialKey.Esc));
        Assert.Equal("", c.Search);
        Assert.Equal(Mode.Normal, c.Mode);
        Assert.False(c.QuitRequested);
    }

    [Fact]
    public void Sort_keys_picker_and_invert()
    {
        var c = WithProcesses(Proc(1, 1), Proc(2, 5), Proc(3, 3));
        Assert.Equal(ProcessColumn.Threads, c.Options.SortColumn);
        Press(c, K('>'));
        Assert.Equal(ProcessColumn.Fds, c.Options.SortColumn);
        Press(c, K('<'), K('<'), K('<'));
        Assert.Equal(ProcessColumn.Pid, c.Options.SortColumn);
        Assert.Equal([1, 2, 3], c.Table.Rows.Select(r => r.Pid));
        Press(c, K('I'));
        Assert.Equal([3, 2, 1], c.Table.Rows.Select(r => r.Pid));

        Press(c, K(SpecialKey.F6));
        Assert.Equal(Mode.Picker, c.Mode);
        Press(c, K(SpecialKey.Down), K(SpecialKey.Down), K(SpecialKey.Enter));
        Assert.Equal(ProcessColumn.Threads, c.Options.SortColumn);
        Assert.False(c.Options.SortInverted);
        Press(c, K(SpecialKey.F6), K(SpecialKey.Down), K(SpecialKey.Esc));
        Assert.Equal(ProcessColumn.Threads, c.Options.SortColumn);
        Assert.False(c.QuitRequested);
    }

    [Fact]
    public void User_picker_filters_by_uid()
    {
        var c = WithProcesses(Proc(1, 1, user: "alice", uid: 1000), Proc(2, 5, user: "bob", uid: 1001));
        Press(c, K('u'));
        Assert.Equal(Mode.Picker, c.Mode);
        Assert.Equal(["(all users)", "alice (uid 1000, 1 tasks)", "bob (uid 1001, 5 tasks)"], c.ActivePicker!.Items);
        Press(c, K(SpecialKey.Down), K(SpecialKey.Down), K(SpecialKey.Enter));
        Assert.Equal(1001, c.Options.UserFilter);
        Assert.Equal([2], c.Table.Rows.Select(r => r.Pid));
        Press(c, K(SpecialKey.Esc));
        Assert.Null(c.Options.UserFilter);
    }

    [Fact]
    public void Freeze_keeps_the_screen_while_sampling_goes_on()
    {
        var c = WithProcesses(Proc(1, 1));
        Press(c, K(' '));
        Assert.True(c.Frozen);
        var second = Make([Proc(1, 1), Proc(2, 7)], seq: 2);
        c.OnSnapshot(second);
        Assert.Same(second, c.Latest);
        Assert.Equal(1, c.Shown!.Sequence);
        Assert.Contains("FROZEN", c.Render(120, 40, Now).Row(0), StringComparison.Ordinal);
        Press(c, K(' '));
        Assert.Same(second, c.Shown);
        Assert.Equal(2, c.Table.Count);
    }

    [Fact]
    public void Kernel_threads_toggle()
    {
        var c = WithProcesses(Proc(1, 1), Proc(2, 1, kernel: true, name: "kthreadd"));
        Assert.Equal(1, c.Table.Count);
        Press(c, K('K'));
        Assert.Equal(2, c.Table.Count);
        Assert.Contains(c.Render(120, 40, Now).Lines, l => l.Text.Contains("[kthreadd]", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_every_key_of_the_key_map()
    {
        var c = WithProcesses(Proc(1, 1));
        Press(c, K(SpecialKey.F1));
        Assert.Equal(Mode.Help, c.Mode);
        string text = c.Render(120, 40, Now).Text;
        foreach (var b in KeyMap.All.Where(b => b.Keys.Length > 0))
        {
            Assert.Contains(b.Keys, text, StringComparison.Ordinal);
        }

        Press(c, K(SpecialKey.Esc));
        Assert.Equal(Mode.Normal, c.Mode);
        Assert.False(c.QuitRequested);
        Press(c, K('?'), K('q'));
        Assert.Equal(Mode.Normal, c.Mode);
        Assert.False(c.QuitRequested); // q closes help first
    }

    [Fact]
    public void Every_key_map_command_is_reachable_and_handled()
    {
        foreach (var b in KeyMap.All)
        {
            foreach (var stroke in b.Strokes)
            {
                Assert.Equal(b.Command, KeyMap.CommandFor(stroke));
            }
        }
    }

    [Fact]
    public void Kill_dump_and_limit_keys_reach_pluggable_actions_with_the_selected_process()
    {
        var c = WithProcesses(Proc(1, 9), Proc(2, 8));
        Press(c, K('k'));
        Assert.Contains("not wired", c.Status, StringComparison.Ordinal);
        ProcessSample? seen = null;
        c.Actions[Command.Kill] = ctx =>
        {
            seen = ctx.Selected;
            return "signalled " + ctx.Selected!.Pid;
        };
        Press(c, K(SpecialKey.Down), K(SpecialKey.F9));
        Assert.Equal(2, seen!.Pid);
        Assert.Equal("signalled 2", c.Status);
        c.Actions[Command.Dump] = _ => throw new IOException("disk full");
        Press(c, K('d'));
        Assert.Equal("error: disk full", c.Status);
    }

    [Fact]
    public void Clicking_a_column_title_sorts_and_a_second_click_inverts()
    {
        var c = WithProcesses(Proc(1, 1), Proc(2, 5), Proc(3, 3));
        var screen = c.Render(120, 40, Now);
        var pid = screen.HeaderCells.Single(h => h.Column == ProcessColumn.Pid);
        Assert.StartsWith("PID", screen.Row(screen.TableHeaderRow)[pid.X0..].TrimStart(), StringComparison.Ordinal);
        c.HandleClick(screen, pid.X0 + 1, screen.TableHeaderRow);
        Assert.Equal(ProcessColumn.Pid, c.Options.SortColumn);
        c.HandleClick(screen, pid.X0 + 1, screen.TableHeaderRow);
        Assert.True(c.Options.SortInverted);

        screen = c.Render(120, 40, Now);
        c.HandleClick(screen, 3, screen.BodyTop + 1);
        Assert.Equal(c.Table.Rows[1].Pid, c.SelectedPid);
    }
}

public sealed class LayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static DashboardController Busy()
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
        var screen = c.Render(w, h, Now);
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
        var text = Busy().Render(120, 40, Now).Text;
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
        var screen = Busy().Render(120, 40, Now);
        var top = screen.Lines[screen.BodyTop];
        Assert.Equal(Tone.Selected, top.Fill);
        Assert.Contains(top.Spans, sp => sp.Tone == Tone.SelectedCritical && sp.Text.Trim() == "950"); // alice at 95 % of nproc
        Assert.Contains(screen.Lines[screen.BodyTop + 1].Spans, sp => sp.Tone == Tone.Normal);
    }

    [Fact]
    public void Small_screens_fold_panels_before_the_table()
    {
        var small = Busy().Render(40, 12, Now);
        Assert.DoesNotContain("TCP SOCKETS", small.Text, StringComparison.Ordinal);
        Assert.True(small.BodyRows >= 4);
        var mid = Busy().Render(80, 24, Now);
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
        };
        var lines = Panels.Sockets(d, 60, 10).Select(l => l.Text).ToList();
        Assert.Contains(lines, l => l.Contains("tw buckets", StringComparison.Ordinal) && l.Contains("9,000/10,000 90% [!!]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ephemeral", StringComparison.Ordinal) && l.Contains("127.0.0.1→127.0.0.1:8080", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" TIME_WAIT   [!!!", StringComparison.Ordinal) && l.EndsWith("9,000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" LISTEN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" ESTABLISHED [|", StringComparison.Ordinal));
        Assert.Equal(3, Panels.Sockets(d, 60, 3).Count);
        Assert.Contains("not sampled", Panels.Sockets(null, 60, 3)[1].Text, StringComparison.Ordinal);
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

        string text = Busy().Render(120, 40, Now).Text;
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
        var screen = c.Render(200, 60, Now);
        Assert.Equal(Cells.Pending, SockCell(screen, 100));
        Assert.Equal("?", SockCell(screen, 300)); // unreadable stays unknown
        var panel = Panels.Sockets(SocketPanelData.From(first), 80, 10).Select(l => l.Text).ToList();
        Assert.Contains(panel, l => l.StartsWith(" ephemeral  … busiest tuple of 28,232 ports", StringComparison.Ordinal));
        Assert.DoesNotContain("none in use", screen.Text, StringComparison.Ordinal);
        Assert.Contains("3,016 tcp · 3 udp", screen.Text, StringComparison.Ordinal); // the histogram itself is measured

        // The next tick has them.
        c.OnSnapshot(Make([Proc(100, 950, name: "java", sockets: 0), Proc(300, 1, sockets: null)], seq: 2, sockets: Summary()));
        screen = c.Render(200, 60, Now);
        Assert.Equal("0", SockCell(screen, 100));
        Assert.Contains("3,000/28,232 10%", screen.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("busiest tuple", screen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void User_bars_line_up_and_a_one_line_panel_is_only_its_title()
    {
        var c = Busy();
        var users = Panels.Users(c.Shown!, 120, 10).Skip(1).Select(l => l.Text).ToList();
        Assert.True(users.Count >= 2);
        var barEnds = users.Where(l => l.Contains("nproc  [", StringComparison.Ordinal)).Select(l => l.IndexOf(']', StringComparison.Ordinal)).ToList();
        Assert.Equal(2, barEnds.Count); // alice 950/1,000 and bob 30/4,096: different number widths, same bar
        Assert.Single(barEnds.Distinct());
        Assert.Single(Panels.Users(c.Shown!, 120, 1));
    }

    [Fact]
    public void Users_rank_by_nearest_limit()
    {
        var c = Busy();
        var ranked = Panels.RankUsers(c.Shown!);
        Assert.Equal("alice", ranked[0].Name);
    }
}
