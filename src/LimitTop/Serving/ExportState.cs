using System.Text;
using LimitTop.Core.Metrics;
using LimitTop.Core.Model;

namespace LimitTop.Serving;

/// <summary>
/// The latest snapshot and its exposition, rendered at most once per sample and format: every scrape between two
/// samples gets the same bytes. Shared by every host of the metrics server (headless loop, dashboards).
/// </summary>
internal sealed class ExportState(MetricsFormatter formatter)
{
    private readonly byte[]?[] _body = new byte[2][];
    private readonly string?[] _text = new string[2];
    private Snapshot? _snapshot;
    private long _errors;
    private double _seconds;

    public void Sampled(Snapshot s, double seconds)
    {
        _snapshot = s;
        _seconds = seconds;
        Array.Clear(_body);
        Array.Clear(_text);
    }

    /// <summary>A sample was refused: counted in limittop_scrape_errors_total; the last good snapshot stays.</summary>
    public void Failed()
    {
        _errors++;
        Array.Clear(_body);
        Array.Clear(_text);
    }

    public string Text(MetricsFormat f) => _text[(int)f] ??= _snapshot is null
        ? formatter.RenderExporterOnly(new ExporterCounters(_errors, _seconds), f)
        : formatter.Render(_snapshot, new ExporterCounters(_errors, _seconds), f);

    public byte[] Body(MetricsFormat f) => _body[(int)f] ??= Encoding.UTF8.GetBytes(Text(f));
}
