using LimitTop.Dashboard;
using LimitTop.Frames;
using LimitTop.TerminalGui;
using Terminal.Gui.Input;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Keys through Terminal.Gui's own key objects and view pipeline, without a terminal.</summary>
public sealed class ViewKeyTests
{
    public static TheoryData<Key, SpecialKey, char> Keys() => new()
    {
        { Key.CursorUp, SpecialKey.Up, '\0' },
        { Key.CursorDown, SpecialKey.Down, '\0' },
        { Key.PageDown, SpecialKey.PageDown, '\0' },
        { Key.Home, SpecialKey.Home, '\0' },
        { Key.Esc, SpecialKey.Esc, '\0' },
        { Key.F1, SpecialKey.F1, '\0' },
        { Key.F3, SpecialKey.F3, '\0' },
        { Key.F6, SpecialKey.F6, '\0' },
        { Key.F9, SpecialKey.F9, '\0' },
        { Key.F10, SpecialKey.F10, '\0' },
        { Key.Z.WithCtrl, SpecialKey.CtrlZ, '\0' },
        { Key.C.WithCtrl, SpecialKey.CtrlC, '\0' },
        { Key.Q, SpecialKey.None, 'q' },
        { Key.I.WithShift, SpecialKey.None, 'I' },
        { Key.K.WithShift, SpecialKey.None, 'K' },
        { Key.Space, SpecialKey.None, ' ' },
        { new Key('/'), SpecialKey.None, '/' },
        { new Key('\\'), SpecialKey.None, '\\' },
        { new Key('?'), SpecialKey.None, '?' },
        { new Key('<'), SpecialKey.None, '<' },
        { Key.A.WithAlt, SpecialKey.None, '\0' },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Terminal_gui_keys_translate(Key key, SpecialKey special, char ch)
        => Assert.Equal(new UiKey(special, ch), KeyTranslator.Translate(key));

    private static DashboardView NewView()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make([Proc(1, 30), Proc(2, 20, name: "sshd"), Proc(3, 10)]));
        var view = new DashboardView(c, () => DateTimeOffset.UnixEpoch);
        view.BeginInit();
        view.EndInit();
        return view;
    }

    [Fact]
    public void View_consumes_every_key_and_esc_or_ctrl_z_never_quit()
    {
        var view = NewView();
        var c = view.Controller;
        Assert.True(view.NewKeyDownEvent(Key.Esc));
        Assert.True(view.NewKeyDownEvent(Key.Z.WithCtrl));
        Assert.True(view.NewKeyDownEvent(Key.F7));
        Assert.True(view.NewKeyDownEvent(Key.Tab));
        Assert.False(c.State.QuitRequested);

        Assert.True(view.NewKeyDownEvent(Key.CursorDown));
        Assert.Equal(2, c.Viewport.SelectedPid);
        Assert.True(view.NewKeyDownEvent(Key.End));
        Assert.Equal(3, c.Viewport.SelectedPid);

        Assert.True(view.NewKeyDownEvent(Key.F1));
        Assert.Equal(Mode.Help, c.State.Mode);
        Assert.True(view.NewKeyDownEvent(Key.Esc));
        Assert.Equal(Mode.Normal, c.State.Mode);

        Assert.True(view.NewKeyDownEvent(new Key('\\')));
        foreach (char ch in "ssh")
        {
            view.NewKeyDownEvent(new Key(ch));
        }

        view.NewKeyDownEvent(Key.Enter);
        Assert.Equal([2], c.Viewport.Table.Rows.Select(r => r.Pid));
        view.NewKeyDownEvent(Key.Esc);
        Assert.Equal(3, c.Viewport.Table.Count);
        Assert.False(c.State.QuitRequested);

        Assert.True(view.NewKeyDownEvent(Key.Q));
        Assert.True(c.State.QuitRequested);
        view.Dispose();
    }

    [Fact]
    public void F10_quits_through_the_view()
    {
        var view = NewView();
        view.NewKeyDownEvent(Key.F10);
        Assert.True(view.Controller.State.QuitRequested);
        view.Dispose();
    }
}
