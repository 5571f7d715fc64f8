using LimitTop.Dashboard;
using LimitTop.Frames;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LimitTop.TerminalGui;

/// <summary>
/// The whole dashboard as one view: it paints the controller's frame and forwards keys and
/// clicks. Every key is consumed here, before Terminal.Gui's own bindings (Esc = quit, Ctrl+Z = suspend).
/// </summary>
public sealed class DashboardView : Runnable
{
    private readonly DashboardController _controller;
    private readonly Func<DateTimeOffset> _clock;
    private readonly FrameDiff _painted = new();
    private bool _wasAlone;
    private Terminal.Gui.Drivers.IDriver? _driver;
    private string? _scheme;

    /// <summary>
    /// Called when a key or click asks to quit, before Terminal.Gui is told to stop: the input task must leave
    /// its poll(2) now, or Terminal.Gui's stop waits for it up to the poll's 10-s backstop (seen in the tests: a
    /// `q` that took just over 10 s).
    /// </summary>
    public Action? BeforeStop { get; init; }

    public DashboardView(DashboardController controller, Func<DateTimeOffset>? clock = null)
    {
        _controller = controller;
        _clock = clock ?? (() => DateTimeOffset.Now);
        Width = Dim.Fill();
        Height = Dim.Fill();
        BorderStyle = LineStyle.None;
        Title = "limittop"; // the terminal's title bar / tmux window name
        CanFocus = true;
    }

    public DashboardController Controller => _controller;

    // Every cell is painted by OnDrawingContent, and unchanged cells must keep what the driver holds: no clear.
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        WatchDriver();
        var screen = _controller.Frame(Viewport.Width, Viewport.Height, _clock());
        if (_controller.State.Scheme != _scheme)
        {
            // chosen at start-up or on the setup screen: every cell takes the new colours
            _scheme = _controller.State.Scheme;
            Palette.Use(Schemes.ColorSchemes.Find(_scheme) ?? Schemes.ColorSchemes.Default);
            _painted.Invalidate();
        }

        // Only this view on screen, now and at the last draw: the driver still holds our last frame. A dialog or
        // popover over us (or one just closed) leaves its cells there, so everything is painted again.
        bool alone = App is not { } app || (app.SessionStack is not { Count: > 1 } && app.Popovers?.GetActivePopover() is null);
        if (!alone || !_wasAlone)
        {
            _painted.Invalidate();
        }

        _wasAlone = alone;
        foreach (var run in _painted.Diff(screen))
        {
            Move(run.X, run.Y);
            SetAttribute(Palette.Of(run.Tone));
            AddStr(run.Text);
        }

        return true;
    }

    /// <summary>
    /// The driver forgets every cell when it clears its contents or the terminal changes size (tmux and xterm
    /// may also have cleared the real screen): then nothing of the last frame is on screen any more, and the
    /// diff must start from nothing.
    /// </summary>
    private void WatchDriver()
    {
        if (App?.Driver is not { } driver || ReferenceEquals(driver, _driver))
        {
            return;
        }

        if (_driver is not null)
        {
            _driver.ClearedContents -= OnDriverForgot;
            _driver.SizeChanged -= OnDriverForgot;
        }

        _driver = driver;
        driver.ClearedContents += OnDriverForgot;
        driver.SizeChanged += OnDriverForgot;
    }

    private void OnDriverForgot(object? sender, EventArgs e)
    {
        _painted.Invalidate();
        SetNeedsDraw();
    }

    protected override bool OnKeyDown(Key key)
    {
        var k = KeyTranslator.Translate(key);
        _controller.HandleKey(k);
        key.Handled = true;
        AfterInput();
        if (k.Special == SpecialKey.CtrlL)
        {
            // everything, not only what changed: the terminal may hold garbage another program wrote
            _painted.Invalidate();
            App?.LayoutAndDraw(forceRedraw: true);
        }

        return true;
    }

    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Position is not { } pos)
        {
            return false;
        }

        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown))
        {
            _controller.Input.Scroll(3);
        }
        else if (mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            _controller.Input.Scroll(-3);
        }
        // Clicked only, not Pressed too (one click would sort and invert); a quick second click arrives as
        // DoubleClicked and must count as a click of its own.
        else if (mouse.Flags.HasFlag(MouseFlags.LeftButtonClicked) || mouse.Flags.HasFlag(MouseFlags.LeftButtonDoubleClicked) || mouse.Flags.HasFlag(MouseFlags.LeftButtonTripleClicked))
        {
            _controller.Click(pos.X, pos.Y);
        }
        else
        {
            return false;
        }

        mouse.Handled = true;
        AfterInput();
        return true;
    }

    private void AfterInput()
    {
        if (_controller.State.QuitRequested)
        {
            BeforeStop?.Invoke();
            App?.RequestStop();
            return;
        }

        SetNeedsDraw();
    }
}
