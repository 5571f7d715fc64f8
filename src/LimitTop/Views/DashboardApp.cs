using System.Diagnostics;
using System.Runtime.CompilerServices;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Ui;
using Terminal.Gui.App;

namespace LimitTop.Views;

/// <summary>Composition root of the dashboard: one sampler, one controller, one view, one timer on the UI thread.</summary>
public static class DashboardApp
{
    public static int Run(ProcRoot root, TimeSpan interval, Action<DashboardController>? wireActions = null, string? dumpDir = null)
    {
        using var sampler = new Sampler(root);
        var controller = new DashboardController(interval);
        wireActions?.Invoke(controller);

        // The first frame already has data; CPU % appears from the second sample on.
        SampleInto(sampler, controller);

        // Ctrl+Z would run "stty" through a shell (a fork): no suspend at all.
        try
        {
            Application.RemoveDefaultKeyBinding(Terminal.Gui.Input.Command.Suspend);
        }
        catch (InvalidOperationException)
        {
            // not bound in this version
        }

        using var quiet = new QuietLoop();
        using (IApplication app = Application.Create())
        {
            quiet.Attach(app);
            NoSpawn.Init(app);
            // QuietLoop sleeps between iterations; this turns Terminal.Gui's own 40 ms Task.Delay per iteration off.
            Application.MaximumIterationsPerSecond = 1000;
            var view = new DashboardView(controller);
            // (the guard tells the platform analyzer what is true anyway: limittop runs on Linux only)
            using var actions = !OperatingSystem.IsLinux() ? null : DashboardActions.ForSystem(controller, root, dumpDir, (every, step) => app.AddTimeout(every, () =>
            {
                bool again = step();
                view.SetNeedsDraw();
                return again;
            }));
            int ticks = 0;
            app.AddTimeout(interval, () =>
            {
                SampleInto(sampler, controller);
                view.SetNeedsDraw();
                TrimHeap(++ticks);
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

    /// <summary>
    /// Collects the young generations every tick and everything once a minute. The dashboard keeps ~3 MB alive and
    /// allocates ~1.5 MB per tick, but the runtime sizes the gen0 budget from the CPU cache (tens of MB here) and
    /// grows it further when little dies, so without this the first GC came after a minute and RSS reached ~100 MB.
    /// A gen1 collection of this heap costs well under a millisecond; it runs on this thread (no background GC).
    /// </summary>
    private static void TrimHeap(int ticks)
    {
        GC.Collect(ticks % 60 == 0 ? 2 : 1, GCCollectionMode.Forced, blocking: true, compacting: ticks % 60 == 0);
    }

    /// <summary>Samples on the UI thread and records how long it took (the time keys wait).</summary>
    public static void SampleInto(Sampler sampler, DashboardController controller)
    {
        long t0 = Stopwatch.GetTimestamp();
        Snapshot s;
        try
        {
            s = sampler.Sample();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException or InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // Degrade instead of dying: the last good snapshot stays, marked stale with the reason.
            controller.OnSampleFailed(e.GetType().Name + ": " + e.Message);
            return;
        }

        controller.LastSampleTime = Stopwatch.GetElapsedTime(t0);
        controller.OnSnapshot(s);
    }
}

/// <summary>
/// Terminal.Gui 2.5.0 builds its clipboard while the driver is created inside Init, and on Linux that runs
/// <c>bash -c "which xclip"</c> (a fork and exec) — there is no setting for it. Its process runner returns
/// at once when stdin is redirected, so for the duration of Init we make <see cref="Console.IsInputRedirected"/>
/// read true (the clipboard then falls back to its in-memory one), and let it be recomputed afterwards.
/// If the runtime ever renames that cached field, PATH is emptied instead so "bash" cannot be resolved
/// (Process.Start fails before forking). The end-to-end strace test proves no exec either way.
/// </summary>
public static class NoSpawn
{
    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "_isStdInRedirected")]
    private static extern ref StrongBox<bool>? StdInRedirected([UnsafeAccessorType("System.Console, System.Console")] object? console);

    public static void Init(IApplication app)
    {
        bool patched = false;
        try
        {
            StdInRedirected(null) = new StrongBox<bool>(true);
            patched = true;
        }
        catch (MissingFieldException)
        {
        }

        string? path = Environment.GetEnvironmentVariable("PATH");
        if (!patched)
        {
            Environment.SetEnvironmentVariable("PATH", "");
        }

        try
        {
            app.Init();
        }
        finally
        {
            if (patched)
            {
                StdInRedirected(null) = null;
            }
            else
            {
                Environment.SetEnvironmentVariable("PATH", path);
            }
        }
    }
}
