using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Export;

/// <summary>Events and forecast series → their JSON documents.</summary>
internal static class TrendDocuments
{
    public static EventDocument Event(TrendEvent e)
        => new(e.Time, e.Kind, e.Scope.Key, e.Limit.Name, e.Count, e.CulpritPid is { } pid ? new CulpritDocument(pid, e.CulpritName) : null) { Text = e.Text };

    /// <summary>The fitted points of each steady forecast, seconds relative to the snapshot.</summary>
    public static IReadOnlyList<ForecastSeriesDocument> Forecasts(Snapshot s)
    {
        var list = new List<ForecastSeriesDocument>(s.ForecastSeries.Count);
        foreach (var f in s.ForecastSeries)
        {
            int last = f.Points.Count > 0 ? f.Points[^1].Second : 0;
            list.Add(new ForecastSeriesDocument(f.Scope.Key, f.Limit.Name(), Math.Round(f.RatePerMinute, 2),
                f.ExhaustedIn is { } e ? Math.Round(e.TotalSeconds) : null,
                [.. f.Points.Select(p => p.Second - last)], [.. f.Points.Select(p => (double)p.Value)]));
        }

        return list;
    }
}
