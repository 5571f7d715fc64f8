using LimitTop.Core.Pipeline;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Serving;

namespace LimitTop.Dashboard;

/// <summary>
/// The dashboard's composition on the live kernel, shared by both terminal backends (TerminalGui/, RawTerminal/):
/// one sampler behind one collector (Core/Pipeline), the controller as its screen sink, and the exports
/// (--metrics, --textfile) as another sink, so the exports read the collector's snapshot — every figure — not the
/// screen's. The backend only decides when <see cref="Tick"/> runs and hosts the metrics server in its loop.
/// </summary>
internal sealed class LiveDashboard : IDisposable
{
    private int _ticks;

    public LiveDashboard(ProcRoot root, TimeSpan interval, string? dumpDir, MetricsExport? export, Action<DashboardController>? wire,
        bool witness = true, Recording.JournalSink? journal = null, Core.Recording.JournalReader? replay = null, DateTimeOffset? replayAt = null,
        Recording.FlightRecorder? recorder = null)
    {
        Root = root;
        DumpDir = dumpDir;
        Export = export;
        Sampler = new Sampler(root); // (a replay samples nothing: the actions take its cgroup filesystem, then say "unavailable")
        Collector = new Collector(replay is null ? new LiveSource(Sampler) : null);
        Naming = new NamingStage(root);
        if (replay is null)
        {
            Collector.Add(Naming); // a recording carries its names (and refusals): no stage runs on a replay
        }
        Controller = new DashboardController(interval, Collector);
        if (replay is not null)
        {
            Reader = replay;
            Replay = new ReplayPlayer(replay, Controller, replayAt);
        }

        wire?.Invoke(Controller); // saved settings (columns, sort) before the first sample: it reads what they show

        // The refusal witness (Core/Witness): a trace instance read every tick in this loop; --no-witness wins over
        // the saved setting for this run. Removed in Dispose and, on a fatal error, by Startup's last resort.
        Controller.State.Witness &= witness && replay is null;
        Witness = WitnessStage.Start(Controller.State.Witness, root);
        Hosting.Startup.OnFatal(Witness);
        if (replay is null)
        {
            Collector.Add(Witness);
        }

        Controller.State.SwitchWitness = on =>
        {
            Witness.Switch(on);
            if (on && !Witness.Status.Up)
            {
                Controller.State.Status = Witness.Status.Message;
            }
        };
        if (Controller.State.Witness && !Witness.Status.Up && Controller.State.Status.Length == 0)
        {
            Controller.State.Status = Witness.Status.Message; // plainly why there is no witness (not root, no tracefs …)
        }

        if (export is not null)
        {
            Collector.Add(export);
            export.Problem = p => Controller.State.Status = "--textfile: " + p;
        }

        if (journal is not null)
        {
            // --record beside the dashboard: every tick into the journal, its failures in the status bar.
            Journal = journal;
            journal.Report = m => Controller.State.Status = "--record: " + m;
            Collector.Add(journal);
        }

        if (recorder is not null && OperatingSystem.IsLinux())
        {
            // --record DIR beside the dashboard writes the headless flight recorder's dumps too, through the same
            // recorder (the same triggers, budget and retention); its lines go to the status bar.
            recorder.Report = m => Controller.State.Status = m;
            Collector.Add(recorder);
        }
    }

    /// <summary>--replay: the recording on screen, or null on the live box.</summary>
    public ReplayPlayer? Replay { get; }

    private Core.Recording.JournalReader? Reader { get; }

    /// <summary>The journal of --record DIR, or null.</summary>
    public Recording.JournalSink? Journal { get; }

    public ProcRoot Root { get; }

    public string? DumpDir { get; }

    public MetricsExport? Export { get; }

    public Sampler Sampler { get; }

    public Collector Collector { get; }

    /// <summary>Names the cgroups of every tick (Core/Pipeline/NamingStage).</summary>
    public NamingStage Naming { get; }

    /// <summary>The refusal witness's stage (off: its status says why).</summary>
    public WitnessStage Witness { get; }

    public DashboardController Controller { get; }

    /// <summary>The first sample, before the first frame (CPU % appears from the second on).</summary>
    public void First()
    {
        if (Replay is { } r)
        {
            r.Show();
        }
        else
        {
            Collector.Tick();
        }
    }

    /// <summary>One refresh: the collector's tick, then the heap trimmed (<see cref="HeapTrim.TrimHeap"/>).</summary>
    public void Tick()
    {
        if (Replay is { } r)
        {
            r.Advance(Controller.State.Interval);
        }
        else
        {
            Collector.Tick();
        }

        HeapTrim.TrimHeap(++_ticks);
    }

    public void Dispose()
    {
        Witness.Dispose();
        Journal?.Dispose();
        Reader?.Dispose();
        Collector.Dispose();
        if (Replay is not null)
        {
            Sampler.Dispose(); // (live, the collector's source owns it)
        }
    }
}
