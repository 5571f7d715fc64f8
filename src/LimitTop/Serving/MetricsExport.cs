using System.Net;
using LimitTop.Core.Metrics;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Sampling;

namespace LimitTop.Serving;

/// <summary>What <c>--metrics</c> and <c>--textfile</c> were asked to do (headless or beside the dashboard).</summary>
internal sealed record ExportOptions
{
    public IPEndPoint? Metrics { get; init; }
    public int Top { get; init; } = MetricsFormatter.DefaultTop;
    public string? Textfile { get; init; }
    public MetricsServerLimits Server { get; init; } = new();
}

/// <summary>
/// The exports of one limittop process: the exposition state, the metrics server (a poll participant for whichever
/// loop hosts it) and the textfile. A sink of the host's collector (Core/Pipeline): every tick, on the loop's
/// thread, it takes the finished snapshot — every figure read, whatever the screen shows; scrapes are served from
/// the same thread between ticks. A textfile that cannot be written goes to <see cref="Problem"/> (the headless log,
/// the dashboard's status bar) and its recovery to <see cref="Resolved"/>.
/// </summary>
internal sealed class MetricsExport : IDisposable, ITickSink
{
    private readonly ExportState _state;

    private MetricsExport(ExportState state, MetricsServer? server, TextfileWriter? textfile)
    {
        _state = state;
        Server = server;
        Textfile = textfile;
    }

    public MetricsServer? Server { get; }

    public TextfileWriter? Textfile { get; }

    public ExportState State => _state;

    /// <summary>Binds the listener (if any); null with a message when the address cannot be served.</summary>
    public static MetricsExport? Open(ExportOptions o, out string? error)
    {
        error = null;
        var state = new ExportState(new MetricsFormatter(o.Top));
        MetricsServer? server = null;
        if (o.Metrics is { } ep)
        {
            int fd = MetricsListener.Listen(ep, out error);
            if (fd < 0)
            {
                return null;
            }

            server = new MetricsServer(fd, state.Body, o.Server);
        }

        return new MetricsExport(state, server, o.Textfile is null ? null : new TextfileWriter(o.Textfile));
    }

    /// <summary>Told when the textfile could not be written (the reason in words).</summary>
    public Action<string>? Problem { get; set; }

    /// <summary>Told when the textfile was written after all.</summary>
    public Action? Resolved { get; set; }

    /// <summary>The exports read every figure, whatever is on screen.</summary>
    public ReadNeeds Needs => ReadNeeds.All;

    /// <summary>A new snapshot: the next scrape renders it; the textfile is rewritten.</summary>
    public void OnTick(CollectedTick tick)
    {
        _state.Sampled(tick.Snapshot, tick.SampleTime.TotalSeconds);
        if (Textfile is null)
        {
            return;
        }

        if (Textfile.Write(_state.Text(MetricsFormat.Prometheus004)) is { } problem)
        {
            Problem?.Invoke(problem);
        }
        else
        {
            Resolved?.Invoke();
        }
    }

    /// <summary>The sample was refused: the last one stays exported, limittop_scrape_errors_total counts it.</summary>
    public void OnFailed(string problem) => _state.Failed();

    public void Dispose() => Server?.Dispose();
}
