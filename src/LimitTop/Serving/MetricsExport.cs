using System.Net;
using LimitTop.Core.Metrics;
using LimitTop.Core.Model;

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
/// loop hosts it) and the textfile. The host calls <see cref="Sampled"/> or <see cref="Failed"/> once per tick on
/// its loop thread; scrapes are served from the same thread between ticks.
/// </summary>
internal sealed class MetricsExport : IDisposable
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

    /// <summary>A new snapshot: the next scrape renders it; the textfile is rewritten. A textfile problem, or null.</summary>
    public string? Sampled(Snapshot s, double seconds)
    {
        _state.Sampled(s, seconds);
        return Textfile?.Write(_state.Text(MetricsFormat.Prometheus004));
    }

    public void Failed() => _state.Failed();

    public void Dispose() => Server?.Dispose();
}
