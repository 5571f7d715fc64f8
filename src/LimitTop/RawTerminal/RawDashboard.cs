using LimitTop.Hosting;
using LimitTop.Dashboard;
using LimitTop.Platform;

namespace LimitTop.RawTerminal;

/// <summary>
/// The single-thread mode's composition root and its ONLY seam to the dashboard: the same controller, frames,
/// keys, dialogs and actions (kill, L, dump, search, filter, pickers, help) as the Terminal.Gui mode, driven
/// from <see cref="RawLoop"/> on the main thread. What it uses: <c>new DashboardController</c>, <c>Status</c>,
/// <c>State.ModeNote</c>, <c>HandleKey</c>, <c>Frame</c>, <c>QuitRequested</c>, <see cref="LiveDashboard"/> and
/// <c>DashboardActions.ForSystem</c> (its steps run on the loop's own monotonic timers, as the sampling tick does).
/// Nothing here touches a Terminal.Gui type. The mouse is not read in this mode; help says so.
/// </summary>
internal sealed class RawDashboard : IRawHost
{
    /// <summary>The help page's mode note (<see cref="DashboardState.ModeNote"/>).</summary>
    public const string MouseNote = "  Mouse      not read in single-thread mode: keys only";

    private readonly DashboardController _controller;
    private readonly AnsiPainter _painter;

    private RawDashboard(DashboardController controller)
    {
        _controller = controller;
        _painter = new AnsiPainter(() => controller.State.Scheme);
    }

    public bool QuitRequested => _controller.State.QuitRequested;

    /// <summary>
    /// Runs the dashboard until quit; <paramref name="status"/> goes into the status bar. The exports (--metrics,
    /// --textfile) are a sink of the collector and their server is polled in the same loop: still one thread.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static int Run(LiveDashboard live, string status)
    {
        var controller = live.Controller;
        controller.State.Status = status; // the mode's own line, over the saved settings' warning
        controller.State.ModeNote = MouseNote;
        live.First();
        using var signals = SignalFd.Open(RawLoop.Handled, out int signalError) ?? throw new IOException("signalfd failed, errno " + signalError);
        var host = new RawDashboard(controller);
        var polls = new PollSet();
        if (live.Export?.Server is { } server)
        {
            polls.Add(server);
        }

        var loop = new RawLoop(signals, host, polls);
        using var actions = DashboardActions.ForSystem(controller, live.Root, live.Sampler.Cgroups, live.DumpDir, (every, step) => loop.Every(every, () => host.Guard(step, false)));
        var refresh = loop.Every(controller.State.Interval, () => host.Guard(() =>
        {
            live.Tick();
            return true;
        }, true));
        controller.IntervalChanged = every => loop.Change(refresh, every); // ( ) and the F2 row: the next tick one new period from now

        if (!TerminalMode.Enter())
        {
            Fd.ErrorLine(Startup.NotATerminal);
            return 2;
        }

        try
        {
            return loop.Run();
        }
        finally
        {
            TerminalMode.Restore();
        }
    }

    public void Key(UiKey key)
    {
        Guard(() => _controller.HandleKey(key), true);
        if (key.Special == SpecialKey.CtrlL)
        {
            _painter.Invalidate(); // the terminal may hold what another program wrote
        }
    }

    public void Invalidate() => _painter.Invalidate();

    public bool Draw()
    {
        var (w, h) = TerminalMode.Size() ?? (80, 24);
        return Fd.Write(Fd.Stdout, _painter.Paint(_controller.Frame(w, h, DateTimeOffset.Now)));
    }

    /// <summary>A bug in a key or timer callback must not take the terminal down: it goes into the status bar.</summary>
    private bool Guard(Func<bool> step, bool onError)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _controller.State.Status = "error: " + e.GetType().Name + ": " + e.Message;
            return onError;
        }
    }
}
