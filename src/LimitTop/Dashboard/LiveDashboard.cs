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

    public LiveDashboard(ProcRoot root, TimeSpan interval, string? dumpDir, MetricsExport? export, Action<DashboardController>? wire)
    {
        Root = root;
        DumpDir = dumpDir;
        Export = export;
        Sampler = new Sampler(root);
        Collector = new Collector(new LiveSource(Sampler));
        Controller = new DashboardController(interval, Collector);
        wire?.Invoke(Controller); // saved settings (columns, sort) before the first sample: it reads what they show
        if (export is not null)
        {
            Collector.Add(export);
            export.Problem = p => Controller.State.Status = "--textfile: " + p;
        }
    }

    public ProcRoot Root { get; }

    public string? DumpDir { get; }

    public MetricsExport? Export { get; }

    public Sampler Sampler { get; }

    public Collector Collector { get; }

    public DashboardController Controller { get; }

    /// <summary>The first sample, before the first frame (CPU % appears from the second on).</summary>
    public void First() => Collector.Tick();

    /// <summary>One refresh: the collector's tick, then the heap trimmed (<see cref="HeapTrim.TrimHeap"/>).</summary>
    public void Tick()
    {
        Collector.Tick();
        HeapTrim.TrimHeap(++_ticks);
    }

    public void Dispose() => Collector.Dispose();
}
