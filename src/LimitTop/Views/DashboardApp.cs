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

        using (IApplication app = Application.Create())
        {
            NoSpawn.Init(app);
            var view = new DashboardView(controller);
            // (the guard tells the platform analyzer what is true anyway: limittop runs on Linux only)
            using var actions = !OperatingSystem.IsLinux() ? null : DashboardActions.ForSystem(controller, root, dumpDir, (every, step) => app.AddTimeout(every, () =>
            {
                bool again = step();
                view.SetNeedsDraw();
                return again;
            }));
            app.AddTimeout(interval, () =>
            {
                SampleInto(sampler, controller);
                view.SetNeedsDraw();
                return true;
            });
            app.Run(view, ex =>
            {
                // A bug in a key or timer callback must not take the terminal down with it.
                controller.Status = "error: " + ex.GetType().Name + ": " + ex.Message;
                return true;
            });
            view.Dispose();
        }

        // Terminal.Gui leaves keypad-transmit mode on; shells then see odd arrow keys.
        Console.Out.Write("\u001b[?1l\u001b>");
        Console.Out.Flush();
        return 0;
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
