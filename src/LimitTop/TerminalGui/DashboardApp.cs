using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Dashboard;
using LimitTop.Serving;
using Terminal.Gui.App;

namespace LimitTop.TerminalGui;

/// <summary>Composition root of the dashboard: one sampler, one controller, one view, one timer on the UI thread.</summary>
public static class DashboardApp
{
    internal static int Run(ProcRoot root, TimeSpan interval, Action<DashboardController>? wireActions = null, string? dumpDir = null, MetricsExport? export = null)
    {
        if (TerminalGuiPatches.VersionProblem() is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }

        using var sampler = new Sampler(root);
        var controller = new DashboardController(interval);
        wireActions?.Invoke(controller);

        // The first frame already has data; CPU % appears from the second sample on.
        SampleFeed.SampleAndExport(sampler, controller, export);

        TerminalGuiPatches.DisableSuspend();
        using var quiet = new QuietLoop();
        using (IApplication app = Application.Create())
        {
            quiet.Attach(app);
            if (export?.Server is { } server)
            {
                quiet.Participants.Add(server); // scrapes are answered on this thread, between iterations
            }

            NoSpawn.Init(app);
            // QuietLoop sleeps between iterations; this turns Terminal.Gui's own 40 ms Task.Delay per iteration off.
            Application.MaximumIterationsPerSecond = 1000;
            var view = new DashboardView(controller) { BeforeStop = quiet.Stop };
            // (the guard tells the platform analyzer what is true anyway: limittop runs on Linux only)
            using var actions = !OperatingSystem.IsLinux() ? null : DashboardActions.ForSystem(controller, root, sampler.Cgroups, dumpDir, (every, step) => app.AddTimeout(every, () =>
            {
                bool again = step();
                view.SetNeedsDraw();
                return again;
            }));
            int ticks = 0;
            app.AddTimeout(interval, () =>
            {
                SampleFeed.SampleAndExport(sampler, controller, export);
                view.SetNeedsDraw();
                SampleFeed.TrimHeap(++ticks);
                return true;
            });
            try
            {
                app.Run(view, ex =>
                {
                    // A bug in a key or timer callback must not take the terminal down with it.
                    controller.Status = "error: " + ex.GetType().Name + ": " + ex.Message;
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
