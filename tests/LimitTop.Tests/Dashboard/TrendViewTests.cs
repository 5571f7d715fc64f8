using LimitTop.Core.Model;
using LimitTop.Core.Trends;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>The trend parts on screen (#13): Δ/min columns, sparklines, the forecast in the diagnosis line, the event log and the flash.</summary>
public sealed class TrendViewTests
{
    private const string App = "/app\u001b[2J.service";

    private static readonly CgroupUsage[] NoRejections = [Cg(0)];

    private static CgroupUsage Cg(long rejected, long current = 10) => new()
    {
        Path = App, Version = 2, PidsCurrent = current, PidsMax = 64, ForkRejections = rejected, Processes = 1,
    };

    /// <summary>61 ticks (1 s apart): pid 10 of alice gains 1 thread every 2 s (+30/min) and 1 fd a second; pid 11 stays flat.</summary>
    private static DashboardController Growing(int ticks = 61, Func<int, CgroupUsage[]>? cgroups = null)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        for (int t = 0; t < ticks; t++)
        {
            var procs = new[] { Proc(10, threads: 100 + t / 2, fds: 10 + t, sockets: 3, cgroup: App), Proc(11, threads: 7, fds: 5, user: "bob", uid: 1001, sockets: 3) };
            c.OnSnapshot(Make(procs, seq: t + 1, cgroups: cgroups?.Invoke(t) ?? NoRejections));
        }

        return c;
    }

    private static string Text(DashboardScreen s) => string.Join("\n", s.Lines.Select(l => l.Text));

    [Fact]
    public void Delta_columns_come_from_the_trackers_deltas_and_sort()
    {
        var c = Growing();
        var deltas = c.Store.Models!.Deltas!;
        Assert.Equal(30, deltas[10].ThreadsPerMinute!.Value, 1);
        Assert.Equal(60, deltas[10].FdsPerMinute!.Value, 1);
        Assert.Equal(0, deltas[11].ThreadsPerMinute!.Value, 1);
        var shown = c.Store.Shown!;
        var p10 = shown.Processes.Single(p => p.Pid == 10);
        var p11 = shown.Processes.Single(p => p.Pid == 11);
        Assert.Equal("+30", ColumnSpec.Of(ProcessColumn.ThreadsDelta).Cell(p10, shown.Grades, deltas));
        Assert.Equal("+60", ColumnSpec.Of(ProcessColumn.FdsDelta).Cell(p10, shown.Grades, deltas));
        Assert.Equal("0", ColumnSpec.Of(ProcessColumn.SocketsDelta).Cell(p10, shown.Grades, deltas));
        Assert.Equal("-", ColumnSpec.Of(ProcessColumn.ThreadsDelta).Cell(p11, shown.Grades, null)); // no history: unknown, not 0

        c.Input.SortBy(ProcessColumn.FdsDelta);
        Assert.Equal([10, 11], c.Viewport.Table.Rows.Select(r => r.Pid));
        c.Input.Options = c.Input.Options with { SortInverted = true };
        Assert.Equal([11, 10], c.Viewport.Table.Rows.Select(r => r.Pid));
    }

    [Fact]
    public void Delta_columns_show_on_a_wide_table_and_fold_away_first_on_a_narrow_one()
    {
        Assert.DoesNotContain(TablePanel.FitColumns(100), col => col.Column is ProcessColumn.ThreadsDelta or ProcessColumn.FdsDelta or ProcessColumn.SocketsDelta);
        Assert.Contains(TablePanel.FitColumns(100), col => col.Column == ProcessColumn.Cgroup); // nothing else went for them
        var wide = TablePanel.FitColumns(160).Select(col => col.Column).ToList();
        Assert.Contains(ProcessColumn.ThreadsDelta, wide);
        Assert.Contains(ProcessColumn.SocketsDelta, wide);

        var c = Growing();
        var frame = Text(c.Frame(160, 40, Now));
        Assert.Contains("ΔTHR/m", frame);
        Assert.Contains("ΔSOCK/m", frame);
        Assert.Matches(@"\+30 +\+60 +0 ", frame);
    }

    [Fact]
    public void Sparkline_levels_follow_the_series_and_fall_back_to_ascii()
    {
        var rising = Enumerable.Range(0, 80).Select(i => new SeriesPoint(i, i)).ToArray();
        var levels = Sparkline.Levels(rising);
        Assert.Equal(Sparkline.Cells, levels.Length);
        Assert.True(levels[0] <= 1); // the first slice's largest value
        Assert.Equal(7, levels[^1]);
        Assert.Equal(levels.OrderBy(l => l), levels); // never falls
        Assert.Equal("▂▃▄▄▅▆▇█", Sparkline.Render(levels, ascii: false));
        Assert.Equal(".:--=+*#", Sparkline.Render(levels, ascii: true));

        var flat = Enumerable.Range(0, 30).Select(i => new SeriesPoint(i, 42)).ToArray();
        Assert.Equal("▁▁▁▁▁▁▁▁", Sparkline.Render(Sparkline.Levels(flat), false));
        Assert.Empty(Sparkline.Levels([]));
        // a spike in the middle shows in the middle cells only
        var spike = Enumerable.Range(0, 80).Select(i => new SeriesPoint(i, i is >= 40 and < 50 ? 100 : 0)).ToArray();
        Assert.Equal("▁▁▁▁█▁▁▁", Sparkline.Render(Sparkline.Levels(spike), false));
    }

    [Fact]
    public void Users_and_cgroups_panels_draw_sparklines_from_the_tracker()
    {
        var c = Growing(cgroups: t => [Cg(0, current: 5 + t)]);
        var m = c.Store.Models!;
        Assert.Equal(7, m.UserSparks[1000][^1]); // alice grew
        Assert.All(m.UserSparks[1001], l => Assert.Equal(0, l)); // bob flat
        var users = string.Join("\n", UsersPanel.Draw(m.Users, 120, 5, m.UserSparks).Select(l => l.Text));
        Assert.Contains("█", users);
        Assert.Contains("▁▁▁▁▁▁▁▁", users);
        var cg = string.Join("\n", CgroupsPanel.Draw(m.Cgroups, 80, 5, m.CgroupSparks, ascii: true).Select(l => l.Text));
        Assert.Contains("#", cg);
        Assert.DoesNotContain("█", cg);
        Assert.Contains("█", Text(c.Frame(120, 40, Now)));
    }

    [Fact]
    public void Diagnosis_line_says_when_the_limit_is_full()
    {
        var c = Growing();
        var top = c.Store.Shown!.Diagnosis[0];
        Assert.Equal("user:alice", top.Scope.Key);
        Assert.Equal(30, top.RatePerMinute!.Value, 3);
        string line = DiagnosisLine.Draw(c.Store.Shown.Diagnosis, 200).Text;
        Assert.Contains("nproc of user alice full in ~2 hours, 12 minutes at +30 tasks/min", line);
        Assert.Contains("full in ~", Text(c.Frame(200, 40, Now)));
    }

    [Fact]
    public void Event_log_opens_with_e_shows_the_refusal_escaped_and_closes_with_Esc()
    {
        var c = Growing(ticks: 5, cgroups: t => [Cg(t >= 3 ? 3 : 0)]);
        Assert.Single(c.Store.Trends.Events.Recent);
        Assert.DoesNotContain("EVENTS", Text(c.Frame(120, 30, Now)));
        c.Input.HandleKey(UiKey.Of('e'));
        Assert.Equal(Mode.Events, c.State.Mode);
        string log = Text(c.Frame(120, 30, Now));
        Assert.Contains("EVENTS", log);
        Assert.Matches(@"fork-rejected +cgroup:/app\\e\[2J\.service +pids\.max +×1 +3 +proc10 \(10\)", log);
        Assert.DoesNotContain("\u001b", log);
        c.Input.HandleKey(UiKey.Of(SpecialKey.Esc));
        Assert.Equal(Mode.Normal, c.State.Mode);
        c.Input.HandleKey(UiKey.Of('e'));
        c.Input.HandleKey(UiKey.Of('e'));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.False(c.State.QuitRequested);
    }

    [Fact]
    public void A_new_event_flashes_in_the_title_bar_for_a_few_seconds()
    {
        var c = Growing(ticks: 5, cgroups: t => [Cg(t >= 3 ? 3 : 0)]);
        var at = c.Store.NewEvent!.Time;
        Assert.Contains(@"! forks refused in /app\e[2J.service (3)", c.Frame(120, 30, at.AddSeconds(1)).Lines[0].Text);
        Assert.Contains("! forks refused", c.Frame(120, 30, at.AddSeconds(4.5)).Lines[0].Text);
        Assert.DoesNotContain("refused", c.Frame(120, 30, at + EventsPanel.FlashFor).Lines[0].Text);
        Assert.Null(EventsPanel.Flash(null, at));
        Assert.Equal("! fork refused in user bob (1)", EventsPanel.Flash(new TrendEvent(at, TrendEvent.ForkRejected, Scope.User("bob"), LimitKind.Nproc, 1, null, null), at));
    }
}
