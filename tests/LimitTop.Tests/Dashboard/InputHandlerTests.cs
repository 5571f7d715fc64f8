using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>The input handler on its own: keys change state and selection with no frame ever composed.</summary>
public sealed class InputHandlerTests
{
    private static (InputHandler Input, DashboardState State, SnapshotStore Store, TableViewport View) Fresh(int processes = 30)
    {
        var state = new DashboardState(TimeSpan.FromSeconds(1));
        var store = new SnapshotStore(new LimitTop.Core.Trends.TrendTracker(), new LimitTop.Core.Sampling.SnapshotHistory());
        var view = new TableViewport();
        var input = new InputHandler(state, store, view, () => new ActionContext(store.Shown, view.Selected, null!));
        input.OnSnapshot(Make(Enumerable.Range(1, processes).Select(i => Proc(i, 100 - i)).ToList()), []);
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
        input.OnSnapshot(Make([Proc(99, 1)], seq: 2), []);
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
