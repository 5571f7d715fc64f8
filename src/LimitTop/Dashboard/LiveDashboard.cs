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

    public LiveDashboard(ProcRoot root, TimeSpan interval, string? dumpDir, MetricsExport? export, Action<DashboardController>? wire, bool witness = true)
    {
        Root = root;
        DumpDir = dumpDir;
        Export = export;
        Sampler = new Sampler(root);
        Collector = new Collector(new LiveSource(Sampler));
        Naming = new NamingStage(root);
        Collector.Add(Naming);
        Controller = new DashboardController(interval, Collector);
        wire?.Invoke(Controller); // saved settings (columns, sort) before the first sample: it reads what they show

        // The refusal witness (Core/Witness): a trace instance read every tick in this loop; --no-witness wins over
        // the saved setting for this run. Removed in Dispose and, on a fatal error, by Startup's last resort.
        Controller.State.Witness &= witness;
        Witness = WitnessStage.Start(Controller.State.Witness, root);
        Hosting.Startup.OnFatal(Witness);
        Collector.Add(Witness);
        Controller.State.SwitchWitness = on =>
        {
            Witness.Switch(on);
            if (on && !Witness.Status.Up)
            {
                Controller.Status = Witness.Status.Message;
            }
        };
        if (Controller.State.Witness && !Witness.Status.Up && Controller.Status.Length == 0)
        {
            Controller.Status = Witness.Status.Message; // plainly why there is no witness (not root, no tracefs …)
        }
        if (export is not null)
        {
            Collector.Add(export);
            export.Problem = p => Controller.Status = "--textfile: " + p;
        }
    }

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
    public void First() => Collector.Tick();

    /// <summary>One refresh: the collector's tick, then the heap trimmed (<see cref="HeapTrim.TrimHeap"/>).</summary>
    public void Tick()
    {
        Collector.Tick();
        HeapTrim.TrimHeap(++_ticks);
    }

    public void Dispose()
    {
        Witness.Dispose();
        Collector.Dispose();
    }
}
