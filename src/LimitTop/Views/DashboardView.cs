using LimitTop.Ui;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace LimitTop.Views;

/// <summary>
/// The whole dashboard as one view: it paints the controller's <see cref="Screen"/> and forwards keys and
/// clicks. Every key is consumed here, before Terminal.Gui's own bindings (Esc = quit, Ctrl+Z = suspend).
/// </summary>
public sealed class DashboardView : Runnable
{
    private readonly DashboardController _controller;
    private readonly Func<DateTimeOffset> _clock;
    private readonly FrameDiff _painted = new();
    private Screen? _last;
    private bool _wasAlone;
    private Terminal.Gui.Drivers.IDriver? _driver;

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

    /// <summary>The last frame drawn (tests read it).</summary>
    public Screen? LastScreen => _last;

    public DashboardController Controller => _controller;

    /// <summary>Builds a frame for the current size without drawing it.</summary>
    public Screen Compose() => _controller.Render(Viewport.Width, Viewport.Height, _clock());

    /// <summary>What the last draws painted (tests and the benchmark read <see cref="FrameDiff.CellsPainted"/>).</summary>
    public FrameDiff Painted => _painted;

    // Every cell is painted by OnDrawingContent, and unchanged cells must keep what the driver holds: no clear.
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        WatchDriver();
        var screen = Compose();
        _last = screen;

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

        var screen = _last ?? Compose();
        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown))
        {
            _controller.Scroll(3);
        }
        else if (mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            _controller.Scroll(-3);
        }
        // Clicked only, not Pressed too (one click would sort and invert); a quick second click arrives as
        // DoubleClicked and must count as a click of its own.
        else if (mouse.Flags.HasFlag(MouseFlags.LeftButtonClicked) || mouse.Flags.HasFlag(MouseFlags.LeftButtonDoubleClicked) || mouse.Flags.HasFlag(MouseFlags.LeftButtonTripleClicked))
        {
            _controller.HandleClick(screen, pos.X, pos.Y);
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
        if (_controller.QuitRequested)
        {
            App?.RequestStop();
            return;
        }

        SetNeedsDraw();
    }
}

/// <summary>Tone → colours. 16-colour names only, so the palette reads the same on a 16-colour terminal.</summary>
public static class Palette
{
    private static readonly Attribute[] ByTone = Build();

    public static Attribute Of(Tone tone) => ByTone[(int)tone];

    private static Attribute[] Build()
    {
        var a = new Attribute[Enum.GetValues<Tone>().Length];
        var bg = new Color(ColorName16.Black);
        // Terminal.Gui's 24-bit "Gray" is (128,128,128), barely apart from DarkGray; a light grey keeps text and
        // dimmed text distinct, and still maps to the 16-colour Gray.
        a[(int)Tone.Normal] = new Attribute(new Color(208, 208, 208), bg);
        a[(int)Tone.Dim] = new Attribute(new Color(ColorName16.DarkGray), bg);
        a[(int)Tone.Title] = new Attribute(new Color(ColorName16.BrightCyan), bg, TextStyle.Bold);
        a[(int)Tone.Label] = new Attribute(new Color(ColorName16.Cyan), bg);
        a[(int)Tone.Ok] = new Attribute(new Color(ColorName16.BrightGreen), bg);
        a[(int)Tone.Warning] = new Attribute(new Color(ColorName16.BrightYellow), bg, TextStyle.Bold);
        a[(int)Tone.Critical] = new Attribute(new Color(ColorName16.BrightRed), bg, TextStyle.Bold);
        a[(int)Tone.TableHeader] = new Attribute(new Color(ColorName16.Black), new Color(ColorName16.Green));
        a[(int)Tone.SortedHeader] = new Attribute(new Color(ColorName16.Black), new Color(ColorName16.Cyan), TextStyle.Bold);
        a[(int)Tone.Selected] = new Attribute(new Color(ColorName16.Black), new Color(ColorName16.Cyan));
        a[(int)Tone.Key] = new Attribute(new Color(ColorName16.White), bg, TextStyle.Bold);
        a[(int)Tone.StatusBar] = new Attribute(new Color(ColorName16.Black), new Color(ColorName16.Cyan));
        a[(int)Tone.Frozen] = new Attribute(new Color(ColorName16.Black), new Color(ColorName16.BrightYellow), TextStyle.Bold);
        a[(int)Tone.Match] = new Attribute(new Color(ColorName16.BrightYellow), bg);
        a[(int)Tone.SelectedWarning] = new Attribute(new Color(ColorName16.Black), new Color(ColorName16.BrightYellow), TextStyle.Bold);
        a[(int)Tone.SelectedCritical] = new Attribute(new Color(ColorName16.BrightYellow), new Color(ColorName16.Red), TextStyle.Bold);
        var dlg = new Color(ColorName16.Blue);
        a[(int)Tone.Dialog] = new Attribute(new Color(ColorName16.White), dlg);
        a[(int)Tone.DialogBorder] = new Attribute(new Color(ColorName16.BrightCyan), dlg);
        a[(int)Tone.DialogTitle] = new Attribute(new Color(ColorName16.BrightYellow), dlg, TextStyle.Bold);
        a[(int)Tone.DialogDim] = new Attribute(new Color(ColorName16.Gray), dlg);
        a[(int)Tone.DialogKey] = new Attribute(new Color(ColorName16.BrightCyan), dlg, TextStyle.Bold);
        a[(int)Tone.DialogWarning] = new Attribute(new Color(ColorName16.BrightYellow), dlg);
        return a;
    }
}
