using LimitTop.Platform;
using System.CommandLine;
using LimitTop.Core.Export;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Hosting;
using LimitTop.RawTerminal;

namespace LimitTop;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Nothing here may start a thread before the thread budget is known: no System.Console on the normal
        // path (System.CommandLine's Invoke writes through it, so it runs only for --help, --version and errors).
        StartupGuard.MainEntered(); // the runtime started: its exit handler for "no free task" stays quiet
        Startup.InstallLastResort();
        var cl = new CommandLine();
        var result = cl.Parse(args);
        if (CommandLine.IsHelpOrVersion(result))
        {
            return result.Invoke(); // --help or --version: Console is fine here
        }

        if (cl.Problems(result) is { Count: > 0 } problems)
        {
            // One line each, in the user's terms, and no wall of help (README, "Usage").
            foreach (string p in problems)
            {
                Fd.ErrorLine("limittop: " + p);
            }

            return 2;
        }

        var headless = new Headless.HeadlessCommandLine(cl);
        var (once, json, proc, sys, etc, why, interval, dumpDir, singleThread, noColor) =
            (cl.Once, cl.Json, cl.Proc, cl.Sys, cl.Etc, cl.Why, cl.Interval, cl.DumpDir, cl.SingleThread, cl.NoColor);
        var procRoot = new ProcRoot(result.GetValue(proc)!, result.GetValue(sys)!, result.GetValue(etc)!)
        {
            VarLib = result.GetValue(cl.VarLib)!,
            Run = result.GetValue(cl.RunDir)!,
        };
        try
        {
            if (result.GetValue(why) is { } whyPid)
            {
                return WhyCommand.Run(procRoot, whyPid, result.GetValue(json));
            }

            bool witness = !result.GetValue(cl.NoWitness);
            if (result.GetValue(cl.Replay) is { } replay && (result.GetValue(once) || result.GetValue(cl.Events)))
            {
                // A recorded moment or the recorded events (Recording/ReplayCommand.cs): no live sample at all.
                return result.GetValue(cl.Events)
                    ? Recording.ReplayCommand.Events(replay, result.GetValue(json))
                    : Recording.ReplayCommand.Once(replay, result.GetValue(cl.At), result.GetValue(json));
            }

            if (result.GetValue(once))
            {
                return RunOnce(procRoot, result.GetValue(json), witness);
            }

            // limittop.conf (Settings/): what the user chose last time; an option given on the command line wins.
            string? settingsPath = LimitTop.Core.Settings.SettingsStore.DefaultPath();
            var settings = LimitTop.Core.Settings.SettingsStore.Load(settingsPath);
            double seconds = result.GetResult(interval) is { Implicit: false } || settings.Settings.Interval is not { } saved
                ? result.GetValue(interval) : saved;
            if (!(seconds >= 0.1 && seconds <= 3600))
            {
                Fd.ErrorLine("limittop: --interval must be between 0.1 and 3600 seconds");
                return 2;
            }

            // The saved settings (columns, sort, scheme) and their warning, applied to the controller before the first frame.
            var scheme = Schemes.SchemeChooser.Choose(Environment.GetEnvironmentVariable, result.GetValue(noColor), settings.Settings.ColorScheme).Scheme;
            void Wire(LimitTop.Dashboard.DashboardController c)
            {
                LimitTop.Dashboard.SettingsMapping.Wire(c.State, settings, settingsPath);
                c.State.Scheme = scheme.Name;
                c.Input.Options = c.State.Options; // (the table is rebuilt with the saved columns and sort)
                if (settings.Warning is { } w)
                {
                    c.State.Status = "warning: " + w;
                }
            }

            if (headless.Requested(result))
            {
                // One thread, no pool, no Console after this point: no thread budget to reserve (Headless/HeadlessLoop.cs).
                return OperatingSystem.IsLinux() ? headless.Run(result, procRoot, TimeSpan.FromSeconds(seconds), witness) : 1;
            }

            return Dashboard(procRoot, TimeSpan.FromSeconds(seconds), result.GetValue(dumpDir), result.GetValue(singleThread), headless, result, Wire, witness);
        }
        catch (Exception e)
        {
            return Dashboards.Started ? Startup.Stopped(e) : Startup.CannotStart(e, procRoot);
        }
    }

    private static int Dashboard(ProcRoot procRoot, TimeSpan interval, string? dumpDir, bool forceSingle,
        Headless.HeadlessCommandLine headless, ParseResult result, Action<LimitTop.Dashboard.DashboardController> wire, bool witness)
    {
        // --metrics / --textfile beside the dashboard: bound now, served from the dashboard's own loop. A refused
        // address or a busy port is said before the terminal is looked at or taken.
        if (headless.OpenForDashboard(result, out var export) is int exportFailed)
        {
            return exportFailed;
        }

        if (!Startup.HaveTerminal())
        {
            export?.Dispose();
            Fd.ErrorLine(Startup.NotATerminal);
            return 2;
        }

        using var exportLifetime = export;
        // --replay DIR [--at TIME]: the same dashboard on the recording (a bad journal or time is one line, exit 2).
        Core.Recording.JournalReader? replay = null;
        DateTimeOffset? replayAt = null;
        if (result.GetValue(headless.ReplayOption) is { } replayPath)
        {
            replay = Recording.ReplayCommand.Open(replayPath);
            replayAt = replay is null ? null : Recording.ReplayCommand.Time(replay, result.GetValue(headless.AtOption));
            if (replay is null || replayAt is null)
            {
                replay?.Dispose();
                return 2;
            }
        }

        // --record DIR: the journal of every tick and, as headless, the flight recorder's dumps into the same DIR.
        string? recordDir = result.GetValue(headless.RecordOption);
        Recording.RecorderLimits? recorderLimits = null;
        if (recordDir is not null)
        {
            if (headless.Recorder(result, out var limits) is int badRecorder)
            {
                replay?.Dispose();
                return badRecorder;
            }

            recorderLimits = limits;
        }

        var journal = recordDir is not null
            ? new Recording.JournalSink(new Core.Recording.JournalWriter(recordDir, Recording.JournalSink.ThisHost(procRoot), headless.Journal(result)), _ => { })
            : null;
        var recorder = recorderLimits is not null && OperatingSystem.IsLinux() ? new Recording.FlightRecorder(recordDir!, recorderLimits) : null;
        using var live = new LimitTop.Dashboard.LiveDashboard(procRoot, interval, dumpDir, export, wire, witness, journal, replay, replayAt, recorder);

        // Every thread the dashboard will ever have is made at start-up (Hosting/ThreadBudget.cs); if the kernel
        // refuses one, the single-thread mode runs instead (README, "The last shell: exec limittop").
        string? refused = forceSingle ? null : ThreadProbe.TryReserve(procRoot);
        Dashboards.Started = true;
        if ((forceSingle || refused is not null) && OperatingSystem.IsLinux())
        {
            // The raw loop hosts the metrics server in its own poll(2), as the headless loop does.
            return RawDashboard.Run(live, Startup.SingleThreadStatus(refused));
        }

        ThreadBudget.Reserve();
        TerminalMode.Adopt();
        if (!ThreadBudget.Pinned)
        {
            live.Controller.State.Status = "warning: " + ThreadBudget.Summary;
        }

        int rc = TerminalGui.DashboardApp.Run(live);
        TerminalMode.Disown();
        return rc;
    }

    private static int RunOnce(ProcRoot root, bool json, bool witness)
    {
        try
        {
            // The same collector as the dashboard and --headless (Core/Pipeline): events of the moment; forecasts need minutes.
            // The refusal witness sees the refusals of this one second (and says why not, when it cannot run).
            using var collector = new LimitTop.Core.Pipeline.Collector(new LimitTop.Core.Pipeline.LiveSource(new Sampler(root)))
            {
                AlsoRead = ReadNeeds.All,
            };
            collector.Add(new LimitTop.Core.Pipeline.NamingStage(root));
            using var stage = LimitTop.Core.Pipeline.WitnessStage.Start(witness, root);
            Startup.OnFatal(stage);
            collector.Add(stage);
            if (collector.Tick() is null)
            {
                Thread.Sleep(500); // a refused first sample: the second is the one that counts
            }

            Thread.Sleep(500); // a second sample gives CPU % a base
            if (collector.Tick()?.Snapshot is not { } snapshot)
            {
                Fd.ErrorLine("limittop: the kernel refused the sample (out of file descriptors, memory or tasks)");
                return 1;
            }

            // write(2), not Console: --once works with one free task (README, "The last shell")
            return Fd.Write(Fd.Stdout, json ? JsonExport.Serialize(snapshot) + "\n" : TextExport.Render(snapshot)) ? 0 : 1;
        }
        catch (IOException e)
        {
            Fd.ErrorLine($"limittop: {e.Message}");
            return 1;
        }
    }

    private static class Dashboards
    {
        /// <summary>Past start-up: a failure now is a crash of the dashboard, not a refused start.</summary>
        public static bool Started { get; set; }
    }
}
