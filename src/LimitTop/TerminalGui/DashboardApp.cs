using LimitTop.Dashboard;
using Terminal.Gui.App;

namespace LimitTop.TerminalGui;

/// <summary>The Terminal.Gui backend of a <see cref="LiveDashboard"/>: one view, one timer on the UI thread.</summary>
public static class DashboardApp
{
    internal static int Run(LiveDashboard live)
    {
        if (TerminalGuiPatches.VersionProblem() is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }

        var controller = live.Controller;
        live.First(); // the first frame already has data

        TerminalGuiPatches.DisableSuspend();
        using var quiet = new QuietLoop();
        using (IApplication app = Application.Create())
        {
            quiet.Attach(app);
            if (live.Export?.Server is { } server)
            {
                quiet.Participants.Add(server); // scrapes are answered on this thread, between iterations
            }

            NoSpawn.Init(app);
            // QuietLoop sleeps between iterations; this turns Terminal.Gui's own 40 ms Task.Delay per iteration off.
            Application.MaximumIterationsPerSecond = 1000;
            var view = new DashboardView(controller) { BeforeStop = quiet.Stop };
            // (the guard tells the platform analyzer what is true anyway: limittop runs on Linux only)
            using var actions = !OperatingSystem.IsLinux() ? null : DashboardActions.ForSystem(controller, live.Root, live.Sampler.Cgroups, live.DumpDir, (every, step) => app.AddTimeout(every, () =>
            {
                bool again = step();
                view.SetNeedsDraw();
                return again;
            }));
            bool Refresh()
            {
                live.Tick();
                view.SetNeedsDraw();
                return true;
            }

            // ( ) and the F2 row change the interval: the timer is replaced at once, on this thread
            object? refresh = app.AddTimeout(controller.State.Interval, Refresh);
            controller.IntervalChanged = every =>
            {
                if (refresh is not null)
                {
                    app.RemoveTimeout(refresh);
                }

                refresh = app.AddTimeout(every, Refresh);
            };
            try
            {
                app.Run(view, ex =>
                {
                    // A bug in a key or timer callback must not take the terminal down with it.
                    controller.State.Status = "error: " + ex.GetType().Name + ": " + ex.Message;
                    return true;
                });
            }
            finally
            {
                quiet.Stop(); // before disposing: Terminal.Gui waits for the input task, which sleeps in poll
            }

            view.Dispose();
        }

        if (quiet.TerminalLost)
        {
            return 1; // nobody to restore the terminal for, nor to tell
        }

        // Terminal.Gui leaves keypad-transmit mode on; shells then see odd arrow keys.
        Console.Out.Write("\u001b[?1l\u001b>");
        Console.Out.Flush();
        return 0;
    }
}
