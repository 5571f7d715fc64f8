using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests;

/// <summary>The input handler on its own: keys change state and selection with no frame ever composed.</summary>
public sealed class InputHandlerTests
{
    private static (InputHandler Input, DashboardState State, SnapshotStore Store, TableViewport View) Fresh(int processes = 30)
    {
        var state = new DashboardState(TimeSpan.FromSeconds(1));
        var store = new SnapshotStore();
        var view = new TableViewport();
        var input = new InputHandler(state, store, view, () => new ActionContext(store.Shown, view.Selected, null!));
        input.OnSnapshot(Make(Enumerable.Range(1, processes).Select(i => Proc(i, 100 - i)).ToList()));
        return (input, state, store, view);
    }

    [Fact]
    public void Keys_move_the_selection_by_the_default_page_without_a_frame()
    {
        var (input, _, _, view) = Fresh();
        Assert.Equal(1, view.SelectedPid); // most threads first
        input.HandleKey(UiKey.Of(SpecialKey.PageDown));
        Assert.Equal(10, view.SelectedIndex); // no frame yet: the page is 10 rows
        input.HandleKey(UiKey.Of(SpecialKey.End));
        Assert.Equal(30, view.SelectedPid);
        input.HandleKey(UiKey.Of(SpecialKey.Home));
        Assert.Equal(0, view.SelectedIndex);
    }

    [Fact]
    public void Filter_prompt_search_freeze_and_quit_change_only_the_state()
    {
        var (input, state, store, view) = Fresh();
        input.HandleKey(UiKey.Of('\\'));
        Assert.Equal(Mode.FilterPrompt, state.Mode);
        foreach (char ch in "proc2")
        {
            input.HandleKey(UiKey.Of(ch));
        }

        Assert.Equal("proc2", state.Options.Filter);
        Assert.Equal(11, view.Table.Count); // proc2, proc20..proc29
        input.HandleKey(UiKey.Of(SpecialKey.Esc));
        Assert.Equal("", state.Options.Filter);
        Assert.Equal(30, view.Table.Count);

        input.HandleKey(UiKey.Of(' '));
        Assert.True(store.Frozen);
        var shown = store.Shown;
        input.OnSnapshot(Make([Proc(99, 1)], seq: 2));
        Assert.Same(shown, store.Shown);
        Assert.Equal(99, store.Latest!.Processes[0].Pid);
        input.HandleKey(UiKey.Of(' '));
        Assert.False(store.Frozen);
        Assert.Equal(99, view.Selected!.Pid);

        Assert.False(state.QuitRequested);
        input.HandleKey(UiKey.Of('q'));
        Assert.True(state.QuitRequested);
    }
}

/// <summary>The frame composer as a pure function: same inputs, same frame; nothing it reads is written.</summary>
public sealed class FrameComposerTests
{
    private static string StateOf(DashboardController c)
        => string.Join('|', c.Mode, c.Prompt, c.Search, c.Status, c.Options, c.Frozen, c.SelectedPid, c.SelectedIndex, c.TopRow, c.PageRows, c.Table.Count, c.QuitRequested);

    [Theory]
    [InlineData(120, 40)]
    [InlineData(80, 24)]
    [InlineData(40, 12)]
    public void Same_inputs_give_the_same_frame_and_nothing_is_written(int w, int h)
    {
        var c = LayoutTests.Busy();
        c.Execute(Command.End); // the selection below the first page: the composer must scroll without storing it
        string before = StateOf(c);
        var a = FrameComposer.Compose(c.State, c.Store, c.Viewport, w, h, Now);
        var b = FrameComposer.Compose(c.State, c.Store, c.Viewport, w, h, Now);
        Assert.Equal(before, StateOf(c));
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(h, a.Lines.Length);
        Assert.All(a.Lines, l => Assert.True(l.Length <= w));
        Assert.Contains(" 259 ", a.Row(a.BodyTop + a.BodyRows - 1), StringComparison.Ordinal); // the last row, on screen
        Assert.Equal(0, c.TopRow); // ... but not stored: only Frame fits the viewport

        var framed = c.Frame(w, h, Now);
        Assert.Equal(a.Text, framed.Text);
        Assert.Equal(a.TopRow, c.TopRow);
        Assert.Equal(Math.Max(1, a.BodyRows - 1), c.PageRows);
    }

    [Fact]
    public void Frames_are_terminal_free_lines_a_second_backend_can_paint()
    {
        var screen = (Screen)LayoutTests.Busy().Frame(80, 24, Now);
        var runs = new FrameDiff().Diff(screen);
        Assert.Equal(80 * 24, runs.Sum(r => r.Text.Length)); // the first diff paints every cell once
    }
}

public sealed class StepTimersTests
{
    [Fact]
    public void Steps_run_when_due_and_stop_when_they_return_false()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var timers = new StepTimers();
        Assert.Null(timers.NextDeadline);
        int runs = 0;
        timers.Schedule(TimeSpan.FromMilliseconds(100), () => ++runs < 3, t0);
        Assert.Equal(t0.AddMilliseconds(100), timers.NextDeadline);
        Assert.False(timers.Tick(t0.AddMilliseconds(99)));
        Assert.True(timers.Tick(t0.AddMilliseconds(100)));
        Assert.Equal(t0.AddMilliseconds(200), timers.NextDeadline);
        Assert.True(timers.Tick(t0.AddMilliseconds(200)));
        Assert.True(timers.Tick(t0.AddMilliseconds(300)));
        Assert.Equal(3, runs);
        Assert.Equal(0, timers.Count);
        Assert.Null(timers.NextDeadline);
    }
}
