using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>The frame composer as a pure function: same inputs, same frame; nothing it reads is written.</summary>
public sealed class FrameComposerTests
{
    private static string StateOf(DashboardController c)
        => string.Join('|', c.State.Mode, c.State.Prompt, c.State.Search, c.State.Status, c.Input.Options, c.Store.Frozen, c.Viewport.SelectedPid, c.Viewport.SelectedIndex, c.Viewport.TopRow, c.Viewport.PageRows, c.Viewport.Table.Count, c.State.QuitRequested);

    [Theory]
    [InlineData(120, 40)]
    [InlineData(80, 24)]
    [InlineData(40, 12)]
    public void Same_inputs_give_the_same_frame_and_nothing_is_written(int w, int h)
    {
        var c = LayoutTests.Busy();
        c.Input.Execute(Command.End); // the selection below the first page: the composer must scroll without storing it
        string before = StateOf(c);
        var a = FrameComposer.Compose(c.State, c.Store, c.Viewport, w, h, Now);
        var b = FrameComposer.Compose(c.State, c.Store, c.Viewport, w, h, Now);
        Assert.Equal(before, StateOf(c));
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(h, a.Lines.Length);
        Assert.All(a.Lines, l => Assert.True(l.Length <= w));
        Assert.Contains(" 259 ", a.Row(a.BodyTop + a.BodyRows - 1), StringComparison.Ordinal); // the last row, on screen
        Assert.Equal(0, c.Viewport.TopRow); // ... but not stored: only Frame fits the viewport

        var framed = c.Frame(w, h, Now);
        Assert.Equal(a.Text, framed.Text);
        Assert.Equal(a.TopRow, c.Viewport.TopRow);
        Assert.Equal(Math.Max(1, a.BodyRows - 1), c.Viewport.PageRows);
    }

    [Fact]
    public void Frames_are_terminal_free_lines_a_second_backend_can_paint()
    {
        var screen = (Screen)LayoutTests.Busy().Frame(80, 24, Now);
        var runs = new FrameDiff().Diff(screen);
        Assert.Equal(80 * 24, runs.Sum(r => r.Text.Length)); // the first diff paints every cell once
    }
}
