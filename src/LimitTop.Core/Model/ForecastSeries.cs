namespace LimitTop.Core.Model;

/// <summary>The points a steady forecast was fitted on (the dump carries them so the forecast can be checked).</summary>
public sealed record ForecastSeries(Scope Scope, LimitKind Limit, double RatePerMinute, TimeSpan? ExhaustedIn, IReadOnlyList<SeriesPoint> Points);
