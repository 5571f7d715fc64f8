using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;
using static LimitTop.Tests.Dashboard.UiKeys;

namespace LimitTop.Tests.Dashboard;

public sealed class ControllerTests
{
    private static DashboardController WithProcesses(params ProcessSample[] ps)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make(ps));
        return c;
    }

    [Fact]
    public void Selection_stays_on_the_same_pid_when_rows_reorder()
    {
        var c = WithProcesses(Proc(1, 30), Proc(2, 20), Proc(3, 10));
        Press(c, K(SpecialKey.Down));
        Assert.Equal(2, c.Viewport.SelectedPid);
        Assert.Equal(1, c.Viewport.SelectedIndex);

        // pid 2 now has the fewest threads: it moves to the bottom, the selection follows it
        c.OnSnapshot(Make([Proc(1, 30), Proc(2, 1), Proc(3, 10)], seq: 2));
        Assert.Equal(2, c.Viewport.Selected!.Pid);
        Assert.Equal(2, c.Viewport.SelectedIndex);
    }

    [Fact]
    public void When_the_selected_pid_vanishes_the_row_index_stays()
    {
        var c = WithProcesses(Proc(1, 30), Proc(2, 20), Proc(3, 10));
        Press(c, K(SpecialKey.Down));
        c.OnSnapshot(Make([Proc(1, 30), Proc(3, 10)], seq: 2));
        Assert.Equal(3, c.Viewport.Selected!.Pid);
    }

    [Fact]
    public void Movement_keys_clamp_and_page()
    {
        var c = WithProcesses(Enumerable.Range(1, 200).Select(i => Proc(i, 1000 - i)).ToArray());
        Press(c, K(SpecialKey.Up));
        Assert.Equal(1, c.Viewport.SelectedPid);
        Press(c, K(SpecialKey.End));
        Assert.Equal(200, c.Viewport.SelectedPid);
        Press(c, K(SpecialKey.Home), K(SpecialKey.PageDown));
        Assert.Equal(c.Viewport.PageRows, c.Viewport.SelectedIndex);
        Assert.True(c.Viewport.PageRows > 5);
        Press(c, K(SpecialKey.PageUp));
        Assert.Equal(0, c.Viewport.SelectedIndex);

        // the selected row is always on screen
        Press(c, K(SpecialKey.End));
        var screen = c.Frame(120, 40, Now);
        Assert.Contains(screen.Lines.Skip(screen.BodyTop).Take(screen.BodyRows), l => l.Text.TrimStart().StartsWith("200 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Escape_never_quits_and_clears_search_and_filters()
    {
        var c = WithProcesses(Proc(1, 3, name: "nginx"), Proc(2, 2, name: "sshd"));
        Press(c, K('\\'), K('s'), K('s'), K('h'), K(SpecialKey.Enter));
        Assert.Equal("ssh", c.Input.Options.Filter);
        Assert.Equal(1, c.Viewport.Table.Count);
        Press(c, K(SpecialKey.Esc));
        Assert.False(c.State.QuitRequested);
        Assert.Equal("", c.Input.Options.Filter);
        Assert.Equal(2, c.Viewport.Table.Count);
        Press(c, K(SpecialKey.Esc), K(SpecialKey.Esc), K(SpecialKey.CtrlZ));
        Assert.False(c.State.QuitRequested);
        Press(c, K('q'));
        Assert.True(c.State.QuitRequested);
    }

    [Theory]
    [InlineData(SpecialKey.F10)]
    [InlineData(SpecialKey.CtrlC)]
    public void Other_quit_keys(SpecialKey k)
    {
        var c = WithProcesses(Proc(1, 1));
        Press(c, K(k));
        Assert.True(c.State.QuitRequested);
    }

    [Fact]
    public void Search_jumps_to_matches_and_escape_in_the_prompt_clears_it()
    {
        var c = WithProcesses(Proc(1, 9, name: "alpha"), Proc(2, 8, name: "beta"), Proc(3, 7, name: "alphabet"));
        Press(c, K('/'), K('a'), K('l'), K('p'));
        Assert.Equal(Mode.SearchPrompt, c.State.Mode);
        Assert.Equal(1, c.Viewport.SelectedPid);
        Press(c, K(SpecialKey.F3));
        Assert.Equal(3, c.Viewport.SelectedPid);
        Press(c, K(SpecialKey.Enter), K('n'));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.Equal(1, c.Viewport.SelectedPid); // wrapped
        Press(c, K(SpecialKey.F3));
        Assert.Equal(3, c.Viewport.SelectedPid);
        Press(c, K('/'), K('z'), K('z'));
        Assert.StartsWith("no match", c.State.Status, StringComparison.Ordinal);
        Press(c, K(SpecialKey.Esc));
        Assert.Equal("", c.State.Search);
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.False(c.State.QuitRequested);
    }

    [Fact]
    public void Sort_keys_picker_and_invert()
    {
        var c = WithProcesses(Proc(1, 1), Proc(2, 5), Proc(3, 3));
        Assert.Equal(ProcessColumn.Threads, c.Input.Options.SortColumn);
        Press(c, K('>'));
        Assert.Equal(ProcessColumn.Fds, c.Input.Options.SortColumn);
        Press(c, K('<'), K('<'), K('<'));
        Assert.Equal(ProcessColumn.Pid, c.Input.Options.SortColumn);
        Assert.Equal([1, 2, 3], c.Viewport.Table.Rows.Select(r => r.Pid));
        Press(c, K('I'));
        Assert.Equal([3, 2, 1], c.Viewport.Table.Rows.Select(r => r.Pid));

        Press(c, K(SpecialKey.F6));
        Assert.Equal(Mode.Picker, c.State.Mode);
        Press(c, K(SpecialKey.Down), K(SpecialKey.Down), K(SpecialKey.Enter));
        Assert.Equal(ProcessColumn.Threads, c.Input.Options.SortColumn);
        Assert.False(c.Input.Options.SortInverted);
        Press(c, K(SpecialKey.F6), K(SpecialKey.Down), K(SpecialKey.Esc));
        Assert.Equal(ProcessColumn.Threads, c.Input.Options.SortColumn);
        Assert.False(c.State.QuitRequested);
    }

    [Fact]
    public void User_picker_filters_by_uid()
    {
        var c = WithProcesses(Proc(1, 1, user: "alice", uid: 1000), Proc(2, 5, user: "bob", uid: 1001));
        Press(c, K('u'));
        Assert.Equal(Mode.Picker, c.State.Mode);
        Assert.Equal(["(all users)", "alice (uid 1000, 1 tasks)", "bob (uid 1001, 5 tasks)"], c.State.Picker!.Items);
        Press(c, K(SpecialKey.Down), K(SpecialKey.Down), K(SpecialKey.Enter));
        Assert.Equal(1001, c.Input.Options.UserFilter);
        Assert.Equal([2], c.Viewport.Table.Rows.Select(r => r.Pid));
        Press(c, K(SpecialKey.Esc));
        Assert.Null(c.Input.Options.UserFilter);
    }

    [Fact]
    public void Freeze_keeps_the_screen_while_sampling_goes_on()
    {
        var c = WithProcesses(Proc(1, 1));
        Press(c, K(' '));
        Assert.True(c.Store.Frozen);
        var second = Make([Proc(1, 1), Proc(2, 7)], seq: 2);
        c.OnSnapshot(second);
        Assert.Same(second, c.Store.Latest);
        Assert.Equal(1, c.Store.Shown!.Sequence);
        Assert.Contains("FROZEN", c.Frame(120, 40, Now).Row(0), StringComparison.Ordinal);
        Press(c, K(' '));
        Assert.Same(second, c.Store.Shown);
        Assert.Equal(2, c.Viewport.Table.Count);
    }

    [Fact]
    public void Kernel_threads_toggle()
    {
        var c = WithProcesses(Proc(1, 1), Proc(2, 1, kernel: true, name: "kthreadd"));
        Assert.Equal(1, c.Viewport.Table.Count);
        Press(c, K('K'));
        Assert.Equal(2, c.Viewport.Table.Count);
        Assert.Contains(c.Frame(120, 40, Now).Lines, l => l.Text.Contains("[kthreadd]", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_every_key_of_the_key_map()
    {
        var c = WithProcesses(Proc(1, 1));
        Press(c, K(SpecialKey.F1));
        Assert.Equal(Mode.Help, c.State.Mode);
        string text = c.Frame(120, 40, Now).Text;
        foreach (var b in KeyMap.All.Where(b => b.Keys.Length > 0))
        {
            Assert.Contains(b.Keys, text, StringComparison.Ordinal);
        }

        Press(c, K(SpecialKey.Esc));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.False(c.State.QuitRequested);
        Press(c, K('?'), K('q'));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.False(c.State.QuitRequested); // q closes help first
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
        Assert.Equal("", c.State.Status); // nothing plugged in: the key does nothing
        Assert.Equal(Mode.Normal, c.State.Mode);
        ProcessSample? seen = null;
        c.Input.Actions[Command.Kill] = ctx =>
        {
            seen = ctx.Selected;
            return "signalled " + ctx.Selected!.Pid;
        };
        Press(c, K(SpecialKey.Down), K(SpecialKey.F9));
        Assert.Equal(2, seen!.Pid);
        Assert.Equal("signalled 2", c.State.Status);
        c.Input.Actions[Command.Dump] = _ => throw new IOException("disk full");
        Press(c, K('d'));
        Assert.Equal("error: disk full", c.State.Status);
    }

    [Fact]
    public void Clicking_a_column_title_sorts_and_a_second_click_inverts()
    {
        var c = WithProcesses(Proc(1, 1), Proc(2, 5), Proc(3, 3));
        var screen = c.Frame(120, 40, Now);
        var pid = screen.HeaderCells.Single(h => h.Column == ProcessColumn.Pid);
        Assert.StartsWith("PID", screen.Row(screen.TableHeaderRow)[pid.X0..].TrimStart(), StringComparison.Ordinal);
        c.Input.Click(screen, pid.X0 + 1, screen.TableHeaderRow);
        Assert.Equal(ProcessColumn.Pid, c.Input.Options.SortColumn);
        c.Input.Click(screen, pid.X0 + 1, screen.TableHeaderRow);
        Assert.True(c.Input.Options.SortInverted);

        screen = c.Frame(120, 40, Now);
        c.Input.Click(screen, 3, screen.BodyTop + 1);
        Assert.Equal(c.Viewport.Table.Rows[1].Pid, c.Viewport.SelectedPid);
    }
}
